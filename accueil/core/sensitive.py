"""Sensitivity declared once: the field type for text about a person in need, encrypted at rest.

Fernet (AES-128-CBC + HMAC-SHA256, from the `cryptography` package). Keys come from the setting
``ACCUEIL_FIELD_ENCRYPTION_KEYS`` (environment variable of the same name, a comma-separated list of url-safe
base64 Fernet keys, newest first: the first encrypts, all decrypt). To rotate, put the new key first, run
``manage.py rotate_field_keys`` (every encrypted column re-encrypted with the first key), then drop the old key.
Generate a key with ``python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"``.
When no key is configured (a local demo), a key is derived from ``SECRET_KEY``; production must set keys
(``manage.py check --deploy`` warns otherwise).

Stored values read ``fernet:<token>``; the database never holds the plaintext. A sensitive value is never
logged and never sent in a GET query: forms that carry one are posted, and neither the field's ``repr`` nor a
model's ``__str__`` shows it.

In an app whose `AppConfig` says ``sensitive = True``, every free-text field (a `TextField`, or a `CharField`
longer than `FREE_TEXT_LENGTH` without choices) is either an `EncryptedTextField` or named in the app config's
``public_text_fields = ("Model.field", ...)`` — `manage.py architecture_check` fails otherwise.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks, validators
from django.db import models, transaction
from django.db.models import ExpressionWrapper, F, Value

PREFIX = "fernet:"


def _keys() -> tuple[str, ...]:
    keys = tuple(getattr(settings, "ACCUEIL_FIELD_ENCRYPTION_KEYS", ()) or ())
    if keys:
        return keys
    if not settings.SECRET_KEY:
        raise RuntimeError("ACCUEIL_FIELD_ENCRYPTION_KEYS (or SECRET_KEY) must be set to encrypt personal data.")
    derived = hashlib.sha256(("accueil.field-encryption:" + settings.SECRET_KEY).encode("utf-8")).digest()
    return (base64.urlsafe_b64encode(derived).decode("ascii"),)


@lru_cache(maxsize=8)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode("ascii") if isinstance(key, str) else key) for key in keys])


def fernet() -> MultiFernet:
    """Every configured key: the first encrypts, all decrypt."""
    return _fernet_for(_keys())


def primary_fernet() -> MultiFernet:
    """The first key alone: what a value must be encrypted with once the keys are rotated."""
    return _fernet_for(_keys()[:1])


def encrypt_text(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt_text(value: str) -> str:
    if not value.startswith(PREFIX):
        return value  # written before encryption was enabled
    try:
        return fernet().decrypt(value[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ValueError("encrypted field cannot be decrypted with the configured keys") from exc


def is_current(stored: str) -> bool:
    """Whether a stored value is empty or already encrypted with the first key (nothing to rotate)."""
    if not stored:
        return True
    if not stored.startswith(PREFIX):
        return False
    try:
        primary_fernet().decrypt(stored[len(PREFIX) :].encode("ascii"))
    except InvalidToken:
        return False
    return True


class EncryptedTextField(models.TextField):
    """Text about a person, stored encrypted; lookups other than isnull/exact-empty are meaningless on it.

    ``max_length`` is enforced on the plaintext (forms and model validation), not on the stored column."""

    description = "Text encrypted at rest"

    @property
    def validators(self) -> list[Any]:
        extra = [validators.MaxLengthValidator(self.max_length)] if self.max_length else []
        return [*super().validators, *extra]

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))


FREE_TEXT_LENGTH = 60


def is_encrypted(field: models.Field[Any, Any]) -> bool:
    return isinstance(field, EncryptedTextField)


def is_free_text(field: models.Field[Any, Any]) -> bool:
    """A field a person can write anything into: a TextField, or a long CharField without choices."""
    if isinstance(field, models.TextField):
        return True
    return isinstance(field, models.CharField) and not field.choices and (field.max_length or 0) > FREE_TEXT_LENGTH


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    """Every encrypted column of every installed model (concrete models, own fields only)."""
    from django.apps import apps

    return [
        (model, field)
        for model in apps.get_models()
        if not model._meta.proxy
        for field in model._meta.local_fields
        if isinstance(field, EncryptedTextField)
    ]


def _stored_batches(
    model: type[models.Model], field_name: str, batch_size: int
) -> Iterator[tuple[models.Manager[Any], list[tuple[Any, str | None]]]]:
    """The column's stored values as written (not decrypted), in batches by primary key, each batch locked and
    yielded inside its own transaction."""
    manager = model._base_manager
    stored = ExpressionWrapper(F(field_name), output_field=models.TextField())
    last_pk = None
    while True:
        with transaction.atomic():
            rows = manager.select_for_update().order_by("pk").annotate(stored_value=stored)
            if last_pk is not None:
                rows = rows.filter(pk__gt=last_pk)
            batch = list(rows.values_list("pk", "stored_value")[:batch_size])
            if not batch:
                return
            yield manager, batch
        last_pk = batch[-1][0]


def reencrypt_column(model: type[models.Model], field_name: str, *, batch_size: int = 500) -> int:
    """Encrypt with the first key every stored value of an encrypted column that is in clear or encrypted with
    an older key; values already current are left alone (idempotent). Returns how many rows were rewritten."""
    rewritten = 0
    for manager, batch in _stored_batches(model, field_name, batch_size):
        for pk, value in batch:
            if value and not is_current(value):
                manager.filter(pk=pk).update(**{field_name: decrypt_text(value)})  # the field encrypts it
                rewritten += 1
    return rewritten


def decrypt_column(model: type[models.Model], field_name: str, *, batch_size: int = 500) -> int:
    """Write every value of an encrypted column back in clear (to reverse the migration that encrypted it)."""
    rewritten = 0
    for manager, batch in _stored_batches(model, field_name, batch_size):
        for pk, value in batch:
            if value and value.startswith(PREFIX):
                plain = Value(decrypt_text(value), output_field=models.TextField())
                manager.filter(pk=pk).update(**{field_name: plain})
                rewritten += 1
    return rewritten


@checks.register(checks.Tags.security, deploy=True)
def check_encryption_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if getattr(settings, "ACCUEIL_FIELD_ENCRYPTION_KEYS", None):
        try:
            fernet()
        except (ValueError, TypeError) as exc:
            return [checks.Error(f"ACCUEIL_FIELD_ENCRYPTION_KEYS is not valid: {exc}", id="accueil.E001")]
        return []
    return [
        checks.Warning(
            "ACCUEIL_FIELD_ENCRYPTION_KEYS is not set: personal data is encrypted with a key derived from SECRET_KEY.",
            id="accueil.W001",
        )
    ]
