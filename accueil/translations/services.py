"""Every write of the translation workflow."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record

from . import events, machine, policies, registry
from .locks import translation_lock, translator_language_lock
from .models import SOURCE_LANGUAGE, PageView, SourceVersion, Translation, TranslationStatus, TranslatorLanguage

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.territories.models import City


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_field(obj: models.Model, field: str) -> None:
    if not registry.is_translatable(type(obj), field):
        raise ValueError(f"{obj._meta.label}.{field} is not registered as translatable")


def _source_text(obj: models.Model, field: str) -> str:
    return str(getattr(obj, field) or "")


def _latest_version(content_type: ContentType, obj: models.Model, field: str) -> SourceVersion | None:
    return (
        SourceVersion.objects.filter(content_type=content_type, object_id=obj.pk, field=field)
        .order_by("-version")
        .first()
    )


@transaction.atomic
def source_changed(obj: models.Model, field: str, *, acting_user: User | None = None) -> SourceVersion | None:
    """Record the current French text of ``obj.field``. Call it from the owning app's service after a save.

    When the text differs from the last recorded version, a new version is stored and the field's published
    translations become outdated. Returns the new version, or None when the text did not change.
    """
    _check_field(obj, field)
    content_type = ContentType.objects.get_for_model(obj)
    text = _source_text(obj, field)
    digest = _hash(text)
    latest = _latest_version(content_type, obj, field)
    if latest is not None and latest.text_hash == digest:
        return None
    now = timezone.now()
    version = SourceVersion(
        city=registry.object_city(obj),
        content_type=content_type,
        object_id=obj.pk,
        field=field,
        version=(latest.version + 1) if latest else 1,
        text_hash=digest,
        text=text,
        changed_at=now,
    )
    version.full_clean()
    version.save()
    outdated = 0
    if latest is not None:
        outdated = Translation.objects.filter(
            content_type=content_type, object_id=obj.pk, field=field, status=TranslationStatus.PUBLISHED
        ).update(status=TranslationStatus.OUTDATED, outdated_at=now)
        audit_record(
            action=events.SOURCE_CHANGED,
            actor=acting_user,
            city=registry.object_city(obj),
            target=obj,
            data={"field": field, "version": version.version, "outdated": outdated},
        )
    return version


def source_changed_all(obj: models.Model, *, acting_user: User | None = None) -> list[SourceVersion]:
    """``source_changed`` for every registered field of ``obj``."""
    versions = []
    for field in registry.translatable_fields(type(obj)):
        version = source_changed(obj, field, acting_user=acting_user)
        if version is not None:
            versions.append(version)
    return versions


def sources_deleted(model: type[models.Model], pks: Sequence[Any]) -> None:
    """Objects of ``model`` are deleted: their French versions, translations and reader counts go with them.

    Rows here point to their object by content type and id only, so nothing else removes them, and a new object
    reusing a deleted id (SQLite reuses the highest) would otherwise inherit its translations.
    """
    if not pks:
        return
    content_type = ContentType.objects.get_for_model(model)
    for rows in (Translation, SourceVersion, PageView):
        rows.objects.filter(content_type=content_type, object_id__in=list(pks)).delete()


def _current_version(obj: models.Model, field: str) -> SourceVersion:
    content_type = ContentType.objects.get_for_model(obj)
    latest = _latest_version(content_type, obj, field)
    if latest is None or latest.text_hash != _hash(_source_text(obj, field)):
        latest = source_changed(obj, field)
    assert latest is not None
    return latest


@transaction.atomic
def translation_propose(
    *,
    acting_user: User,
    obj: models.Model,
    field: str,
    language: str,
    text: str,
    is_machine: bool = False,
    meta: dict[str, Any] | None = None,
) -> Translation:
    _check_field(obj, field)
    city = registry.object_city(obj)
    if language == SOURCE_LANGUAGE:
        raise ValidationError(_("French is the source language; it is edited where the content is managed."))
    if not policies.can_translate(acting_user, city, language):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the translation.")})
    source = _current_version(obj, field)
    proposal = Translation(
        city=city,
        content_type=source.content_type,
        object_id=obj.pk,
        field=field,
        language=language,
        text=text,
        status=TranslationStatus.PROPOSED,
        source_version=source,
        translator=acting_user,
        is_machine=is_machine,
        meta=meta or {},
    )
    proposal.full_clean()
    proposal.save()
    audit_record(
        action=events.TRANSLATION_PROPOSED,
        actor=acting_user,
        city=city,
        target=proposal,
        data={"language": language, "field": field, "machine": is_machine},
    )
    return proposal


def _publish(translation: Translation, *, acting_user: User | None, source: SourceVersion) -> None:
    now = timezone.now()
    # Any earlier published text of this field and language steps aside: at most one is published.
    Translation.objects.filter(
        content_type_id=translation.content_type_id,
        object_id=translation.object_id,
        field=translation.field,
        language=translation.language,
        status=TranslationStatus.PUBLISHED,
    ).exclude(pk=translation.pk).update(status=TranslationStatus.OUTDATED, outdated_at=now)
    translation.status = TranslationStatus.PUBLISHED
    translation.source_version = source
    translation.reviewer = acting_user
    translation.published_at = now
    translation.outdated_at = None
    translation.full_clean()
    try:
        with transaction.atomic():
            translation.save()
    except IntegrityError as exc:  # another reviewer published the same field at the same instant
        raise ValidationError(_("Another translation was published at the same time; reload and try again.")) from exc
    obj = translation.content_object
    follow_up = registry.after_publish(type(obj)) if obj is not None else None
    if obj is not None and follow_up is not None:
        # Robust: a failure is logged and the publication stands (the app's own daily job catches up).
        transaction.on_commit(partial(follow_up, obj), robust=True)


def _locked_for_review(translation: Translation, *, acting_user: User, status: str, refusal: str) -> Translation:
    """The translation locked, once the reviewer may decide on it and it is in ``status`` (else ``refusal``)."""
    translation = translation_lock(translation)
    if not policies.can_review(acting_user, translation.city, translation.language):
        raise PermissionDenied
    if translation.status != status:
        raise ValidationError(refusal)
    return translation


def _translated_object(translation: Translation) -> models.Model:
    obj = translation.content_object
    if obj is None:
        raise ValidationError(_("The translated content no longer exists."))
    return obj


def _audit_decision(translation: Translation, *, acting_user: User, action: str) -> None:
    audit_record(
        action=action,
        actor=acting_user,
        city=translation.city,
        target=translation,
        data={"language": translation.language, "field": translation.field},
    )


@transaction.atomic
def translation_publish(*, acting_user: User, translation: Translation) -> Translation:
    translation = _locked_for_review(
        translation,
        acting_user=acting_user,
        status=TranslationStatus.PROPOSED,
        refusal=_("Only a proposed translation can be published."),
    )
    obj = _translated_object(translation)
    current = _current_version(obj, translation.field)
    if current.pk != translation.source_version_id:
        raise ValidationError(
            _("The French text changed after this proposal. Compare with the new text, then propose again.")
        )
    _publish(translation, acting_user=acting_user, source=current)
    _audit_decision(translation, acting_user=acting_user, action=events.TRANSLATION_PUBLISHED)
    return translation


@transaction.atomic
def translation_revalidate(*, acting_user: User, translation: Translation) -> Translation:
    """An expert confirms an outdated translation still matches the new French text: published again."""
    translation = _locked_for_review(
        translation,
        acting_user=acting_user,
        status=TranslationStatus.OUTDATED,
        refusal=_("Only an outdated translation can be re-validated."),
    )
    obj = _translated_object(translation)
    _publish(translation, acting_user=acting_user, source=_current_version(obj, translation.field))
    _audit_decision(translation, acting_user=acting_user, action=events.TRANSLATION_REVALIDATED)
    return translation


@transaction.atomic
def translation_reject(*, acting_user: User, translation: Translation, comment: str) -> Translation:
    translation = _locked_for_review(
        translation,
        acting_user=acting_user,
        status=TranslationStatus.PROPOSED,
        refusal=_("Only a proposed translation can be rejected."),
    )
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"review_comment": _("Say why, so the translator can improve the text.")})
    translation.status = TranslationStatus.REJECTED
    translation.reviewer = acting_user
    translation.review_comment = comment
    translation.full_clean()
    translation.save()
    _audit_decision(translation, acting_user=acting_user, action=events.TRANSLATION_REJECTED)
    return translation


@transaction.atomic
def translator_language_set(
    *, acting_user: User, city: City, user: User, language: str, is_reviewer: bool
) -> TranslatorLanguage:
    if not policies.can_manage_translators(acting_user, city):
        raise PermissionDenied
    if not policies.is_translator(user, city):
        raise ValidationError(_("This person is not a translator in this city."))
    entry = translator_language_lock(city=city, user=user, language=language)
    if entry is None:
        entry = TranslatorLanguage(city=city, user=user, language=language)
    entry.is_reviewer = is_reviewer
    entry.granted_by = acting_user
    entry.full_clean()
    entry.save()
    audit_record(
        action=events.TRANSLATOR_LANGUAGE_SET,
        actor=acting_user,
        city=city,
        target=entry,
        data={"user": user.pk, "language": language, "is_reviewer": is_reviewer},
    )
    return entry


def page_view_record(*, obj: models.Model, language: str) -> None:
    """Count one reader of ``obj`` in ``language`` (a conditional F() update; a row is created the first time)."""
    content_type = ContentType.objects.get_for_model(obj)
    updated = PageView.objects.filter(content_type=content_type, object_id=obj.pk, language=language).update(
        count=F("count") + 1
    )
    if updated:
        return
    try:
        with transaction.atomic():
            PageView.objects.create(
                city=registry.object_city(obj),
                content_type=content_type,
                object_id=obj.pk,
                language=language,
                count=1,
            )
    except IntegrityError:
        PageView.objects.filter(content_type=content_type, object_id=obj.pk, language=language).update(
            count=F("count") + 1
        )


def machine_prefill(*, acting_user: User, obj: models.Model, field: str, language: str) -> Translation | None:
    """Ask the configured provider for a draft, stored as a proposal flagged "machine". None when no provider."""
    provider = machine.get_provider()
    if provider is None:
        return None
    text = provider.translate(_source_text(obj, field), source=SOURCE_LANGUAGE, target=language)
    return translation_propose(
        acting_user=acting_user, obj=obj, field=field, language=language, text=text, is_machine=True
    )


@transaction.atomic
def translation_load_published(
    *, obj: models.Model, field: str, language: str, text: str, meta: dict[str, Any] | None = None
) -> Translation:
    """Store a published translation from a trusted loader (demo data, imports), without a reviewer.

    Idempotent: an identical published text for the current French version is kept as it is.
    """
    _check_field(obj, field)
    source = _current_version(obj, field)
    existing = Translation.objects.filter(
        content_type=source.content_type,
        object_id=obj.pk,
        field=field,
        language=language,
        status=TranslationStatus.PUBLISHED,
    ).first()
    if existing is not None and existing.text == text and existing.source_version_id == source.pk:
        return existing
    translation = Translation(
        city=registry.object_city(obj),
        content_type=source.content_type,
        object_id=obj.pk,
        field=field,
        language=language,
        text=text,
        status=TranslationStatus.PROPOSED,
        source_version=source,
        meta=meta or {},
    )
    translation.full_clean()
    translation.save()
    _publish(translation, acting_user=None, source=source)
    return translation
