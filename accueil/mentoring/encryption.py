"""Field-level encryption at rest (Fernet: AES-128-CBC + HMAC-SHA256, from the `cryptography` package).

Keys come from the setting ``ACCUEIL_FIELD_ENCRYPTION_KEYS`` (environment variable of the same name, a
comma-separated list of url-safe base64 Fernet keys, newest first: the first encrypts, all decrypt, so keys
can be rotated). Generate one with
``python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"``.
When no key is configured (a local demo), a key is derived from ``SECRET_KEY``; production must set keys
(``manage.py check --deploy`` warns otherwise).

Stored values read ``fernet:<token>``; the database never holds the plaintext.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks
from django.db import models

PREFIX = "fernet:"


@lru_cache(maxsize=8)
def _fernet_for(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    if not keys:
        if not secret_key:
            raise RuntimeError("ACCUEIL_FIELD_ENCRYPTION_KEYS (or SECRET_KEY) must be set to encrypt personal data.")
        derived = hashlib.sha256(("accueil.field-encryption:" + secret_key).encode("utf-8")).digest()
        keys = (base64.urlsafe_b64encode(derived).decode("ascii"),)
    return MultiFernet([Fernet(key.encode("ascii") if isinstance(key, str) else key) for key in keys])


def fernet() -> MultiFernet:
    keys = tuple(getattr(settings, "ACCUEIL_FIELD_ENCRYPTION_KEYS", ()) or ())
    return _fernet_for(keys, settings.SECRET_KEY)


def encrypt_text(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt_text(value: str) -> str:
    if not value.startswith(PREFIX):
        return value  # written before encryption was enabled
    try:
        return fernet().decrypt(value[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ValueError("encrypted field cannot be decrypted with the configured keys") from exc


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; lookups other than isnull are meaningless on it."""

    description = "Text encrypted at rest"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))


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
