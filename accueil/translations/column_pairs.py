"""Data migrations from ``<field>_fr`` / ``<field>_en`` column pairs to a French source field and translations.

An app's migration renames ``<field>_fr`` to ``<field>``, runs ``RunPython(*pairs_migration(app, fields))`` while
``<field>_en`` still exists, then removes ``<field>_en``. Functions here take the historical ``apps`` only.

Forwards, every non-empty English text becomes a published English translation: a person wrote it, so it counts
as reviewed (no reviewer is named; ``meta`` says where it came from). When the French text was empty, readers of
every language used to see the English one: the English text becomes the source too (``meta.french_was_empty``)
so that nobody loses a text they saw. Backwards, the English column is filled again from the published (else
the latest) English translation and the translations and source versions of those fields are deleted —
translations into the other languages made since are lost.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.utils import timezone

SOURCE_LANGUAGE = "fr"
Fields = Mapping[str, Sequence[str]]  # {model name: translated fields}
RunPython = Callable[[Any, Any], None]


def _content_type(apps: Any, app_label: str, model_name: str) -> Any:
    content_type, _created = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label=app_label, model=model_name.lower()
    )
    return content_type


def pairs_to_translations(apps: Any, app_label: str, fields: Fields) -> None:
    SourceVersion = apps.get_model("translations", "SourceVersion")
    Translation = apps.get_model("translations", "Translation")
    now = timezone.now()
    for model_name, names in fields.items():
        model = apps.get_model(app_label, model_name)
        content_type = _content_type(apps, app_label, model_name)
        for obj in model._default_manager.order_by("pk").iterator():
            changed = []
            for field in names:
                english = str(getattr(obj, f"{field}_en") or "").strip()
                if not english:
                    continue
                french = str(getattr(obj, field) or "")
                meta: dict[str, Any] = {"migrated_from": f"{field}_en"}
                if not french.strip():
                    french = english
                    setattr(obj, field, french)
                    changed.append(field)
                    meta["french_was_empty"] = True
                source = SourceVersion.objects.create(
                    city_id=obj.city_id,
                    content_type=content_type,
                    object_id=obj.pk,
                    field=field,
                    version=1,
                    text_hash=hashlib.sha256(french.encode("utf-8")).hexdigest(),
                    text=french,
                    changed_at=now,
                )
                Translation.objects.create(
                    city_id=obj.city_id,
                    content_type=content_type,
                    object_id=obj.pk,
                    field=field,
                    language="en",
                    text=english,
                    status="published",
                    source_version=source,
                    published_at=now,
                    meta=meta,
                )
            if changed:
                obj.save(update_fields=changed)


def translations_to_pairs(apps: Any, app_label: str, fields: Fields) -> None:
    SourceVersion = apps.get_model("translations", "SourceVersion")
    Translation = apps.get_model("translations", "Translation")
    for model_name, names in fields.items():
        model = apps.get_model(app_label, model_name)
        content_type = _content_type(apps, app_label, model_name)
        rows = Translation.objects.filter(
            content_type=content_type, field__in=names, language="en", status__in=["published", "outdated"]
        ).order_by("object_id", "field", "-published_at", "-pk")
        english: dict[tuple[int, str], Any] = {}
        for row in rows:
            key = (row.object_id, row.field)
            if key not in english or (row.status == "published" and english[key].status != "published"):
                english[key] = row
        by_object: dict[int, list[Any]] = {}
        for (object_id, _field), row in english.items():
            by_object.setdefault(object_id, []).append(row)
        for obj in model._default_manager.filter(pk__in=list(by_object)):
            changed = []
            for row in by_object[obj.pk]:
                setattr(obj, f"{row.field}_en", row.text)
                changed.append(f"{row.field}_en")
                if (row.meta or {}).get("french_was_empty"):
                    setattr(obj, row.field, "")
                    changed.append(row.field)
            obj.save(update_fields=changed)
        Translation.objects.filter(content_type=content_type, field__in=names).delete()
        SourceVersion.objects.filter(content_type=content_type, field__in=names).delete()


def pairs_migration(app_label: str, fields: Fields) -> tuple[RunPython, RunPython]:
    """The forwards and backwards functions for ``migrations.RunPython``."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        pairs_to_translations(apps, app_label, fields)

    def backwards(apps: Any, schema_editor: Any) -> None:
        translations_to_pairs(apps, app_label, fields)

    return forwards, backwards
