"""Reads of the translation workflow: the text a reader sees, the translators' backlog and the coverage figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Max, QuerySet, Sum

from . import registry
from .models import SOURCE_LANGUAGE, TARGET_LANGUAGES, PageView, SourceVersion, Translation, TranslationStatus

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.territories.models import City

# Statuses of a translated text, as readers see it.
SOURCE = "source"  # the reader asked for French
MISSING = "missing"  # no translation yet: the French text is shown


@dataclass(frozen=True)
class TranslatedText:
    text: str
    language_shown: str
    status: str  # "source", "published", "outdated" or "missing"
    outdated: bool
    translated_at: datetime | None
    source_changed_at: datetime | None

    @property
    def is_fallback(self) -> bool:
        """The reader asked for another language and sees French."""
        return self.status == MISSING

    def __str__(self) -> str:
        return self.text


def _base_language(lang: str) -> str:
    return (lang or SOURCE_LANGUAGE).split("-")[0].lower()


def _build(
    source: str, lang: str, translation: Translation | None, source_changed_at: datetime | None
) -> TranslatedText:
    if lang == SOURCE_LANGUAGE:
        return TranslatedText(source, SOURCE_LANGUAGE, SOURCE, False, None, source_changed_at)
    if translation is None:
        return TranslatedText(source, SOURCE_LANGUAGE, MISSING, False, None, source_changed_at)
    outdated = translation.status == TranslationStatus.OUTDATED
    return TranslatedText(
        translation.text,
        lang,
        str(translation.status),
        outdated,
        translation.published_at,
        source_changed_at,
    )


def _readable(queryset: QuerySet[Translation]) -> list[Translation]:
    """Published first, then the most recently published outdated one."""
    rows = list(
        queryset.filter(status__in=[TranslationStatus.PUBLISHED, TranslationStatus.OUTDATED]).order_by(
            "-published_at", "-pk"
        )
    )
    rows.sort(key=lambda t: 0 if t.status == TranslationStatus.PUBLISHED else 1)
    return rows


def translated_text(obj: models.Model, field: str, lang: str) -> TranslatedText:
    """What a reader of ``lang`` sees for ``obj.field``: the published translation, else the latest outdated one
    (``outdated=True``: show "This translation is older than the French text"), else the French source."""
    lang = _base_language(lang)
    source = str(getattr(obj, field) or "")
    content_type = ContentType.objects.get_for_model(obj)
    changed = (
        SourceVersion.objects.filter(content_type=content_type, object_id=obj.pk, field=field)
        .order_by("-version")
        .values_list("changed_at", flat=True)
        .first()
    )
    if lang == SOURCE_LANGUAGE:
        return _build(source, lang, None, changed)
    rows = _readable(
        Translation.objects.filter(content_type=content_type, object_id=obj.pk, field=field, language=lang)
    )
    return _build(source, lang, rows[0] if rows else None, changed)


def translated_texts(
    objects: Iterable[models.Model], fields: Iterable[str], lang: str
) -> dict[tuple[int, str], TranslatedText]:
    """``translated_text`` for many objects of one model in two queries: {(pk, field): TranslatedText}."""
    objects = list(objects)
    fields = list(fields)
    lang = _base_language(lang)
    if not objects:
        return {}
    content_type = ContentType.objects.get_for_model(objects[0])
    pks = [o.pk for o in objects]
    changed = {
        (row["object_id"], row["field"]): row["last"]
        for row in SourceVersion.objects.filter(content_type=content_type, object_id__in=pks, field__in=fields)
        .values("object_id", "field")
        .annotate(last=Max("changed_at"))
    }
    chosen: dict[tuple[int, str], Translation] = {}
    if lang != SOURCE_LANGUAGE:
        rows = _readable(
            Translation.objects.filter(content_type=content_type, object_id__in=pks, field__in=fields, language=lang)
        )
        for row in rows:
            chosen.setdefault((row.object_id, row.field), row)
    result = {}
    for obj in objects:
        for field in fields:
            key = (obj.pk, field)
            result[key] = _build(str(getattr(obj, field) or ""), lang, chosen.get(key), changed.get(key))
    return result


def _city_objects(model: type[models.Model], city: City) -> QuerySet[Any]:
    return model._default_manager.filter(city=city)


def _states(city: City, content_type: ContentType, pks: list[int]) -> dict[tuple[int, str, str], str]:
    """{(object_id, field, language): "published" | "outdated" | "proposed"} — best state per triple."""
    rank: dict[str, int] = {"published": 3, "outdated": 2, "proposed": 1}
    states: dict[tuple[int, str, str], str] = {}
    rows = (
        Translation.objects.filter(city=city, content_type=content_type, object_id__in=pks)
        .exclude(status=TranslationStatus.REJECTED)
        .values_list("object_id", "field", "language", "status")
    )
    for object_id, field, language, status in rows:
        key = (object_id, field, language)
        if rank[status] > rank.get(states.get(key, ""), 0):
            states[key] = status
    return states


@dataclass
class BacklogItem:
    obj: Any
    content_type: ContentType
    language: str
    missing: list[str]
    outdated: list[str]
    proposed: list[str]
    views: int
    score: float

    @property
    def fields(self) -> list[str]:
        return self.missing + self.outdated


def language_demand(*, city: City) -> dict[str, int]:
    """Page views per language in the city: the languages of the public."""
    rows = PageView.objects.filter(city=city).values("language").annotate(total=Sum("count"))
    return {row["language"]: row["total"] for row in rows}


def backlog(*, city: City, languages: list[str] | None = None) -> list[BacklogItem]:
    """What translators should do first: (readers of the object in the language, plus the language's share of the
    public) × (2 per missing field, 1 per outdated field). Fields with a pending proposal wait for review."""
    languages = languages or [code for code, _name in TARGET_LANGUAGES]
    demand = language_demand(city=city)
    total_demand = sum(demand.values()) or 1
    items: list[BacklogItem] = []
    for model in registry.translatable_models():
        fields = registry.translatable_fields(model)
        objects = list(_city_objects(model, city))
        if not objects:
            continue
        content_type = ContentType.objects.get_for_model(model)
        pks = [o.pk for o in objects]
        states = _states(city, content_type, pks)
        views = {
            (row["object_id"], row["language"]): row["count"]
            for row in PageView.objects.filter(content_type=content_type, object_id__in=pks).values(
                "object_id", "language", "count"
            )
        }
        for obj in objects:
            for language in languages:
                missing, outdated, proposed = [], [], []
                for field in fields:
                    if not str(getattr(obj, field) or "").strip():
                        continue
                    state = states.get((obj.pk, field, language))
                    if state == TranslationStatus.PUBLISHED:
                        continue
                    if state == TranslationStatus.PROPOSED:
                        proposed.append(field)
                    elif state == TranslationStatus.OUTDATED:
                        outdated.append(field)
                    else:
                        missing.append(field)
                if not missing and not outdated:
                    continue
                seen = views.get((obj.pk, language), 0)
                need = seen + 10 * demand.get(language, 0) / total_demand
                score = need * (2 * len(missing) + len(outdated))
                items.append(BacklogItem(obj, content_type, language, missing, outdated, proposed, seen, score))
    items.sort(key=lambda item: (-item.score, item.content_type.pk, item.obj.pk, item.language))
    return items


@dataclass
class CoverageRow:
    content_type: ContentType
    language: str
    total: int
    published: int
    outdated: int
    proposed: int

    @property
    def missing(self) -> int:
        return self.total - self.published - self.outdated

    @property
    def percent(self) -> int:
        return round(100 * self.published / self.total) if self.total else 0


def coverage(*, city: City) -> list[CoverageRow]:
    """Per content type and language: translatable fields with text, how many are published, outdated, pending."""
    rows: list[CoverageRow] = []
    for model in registry.translatable_models():
        fields = registry.translatable_fields(model)
        objects = list(_city_objects(model, city).only("pk", *fields))
        content_type = ContentType.objects.get_for_model(model)
        present = {(o.pk, f) for o in objects for f in fields if str(getattr(o, f) or "").strip()}
        states = _states(city, content_type, [o.pk for o in objects])
        for language, _name in TARGET_LANGUAGES:
            counts: dict[str, int] = defaultdict(int)
            for (object_id, field, lang), status in states.items():
                if lang == language and (object_id, field) in present:
                    counts[status] += 1
            rows.append(
                CoverageRow(
                    content_type=content_type,
                    language=language,
                    total=len(present),
                    published=counts[TranslationStatus.PUBLISHED],
                    outdated=counts[TranslationStatus.OUTDATED],
                    proposed=counts[TranslationStatus.PROPOSED],
                )
            )
    return rows


def proposals_to_review(*, city: City, languages: list[str]) -> QuerySet[Translation]:
    return (
        Translation.objects.filter(city=city, language__in=languages, status=TranslationStatus.PROPOSED)
        .select_related("translator", "source_version", "content_type")
        .order_by("created_at", "pk")
    )


def outdated_to_revalidate(*, city: City, languages: list[str]) -> QuerySet[Translation]:
    return (
        Translation.objects.filter(city=city, language__in=languages, status=TranslationStatus.OUTDATED)
        .select_related("translator", "source_version", "content_type")
        .order_by("outdated_at", "pk")
    )


def translation_for_city(*, city: City, pk: int) -> Translation | None:
    return (
        Translation.objects.filter(city=city, pk=pk)
        .select_related("translator", "reviewer", "source_version", "content_type")
        .first()
    )


def my_translations(*, user: User, city: City) -> QuerySet[Translation]:
    return (
        Translation.objects.filter(city=city, translator=user)
        .select_related("content_type", "reviewer")
        .order_by("-created_at")
    )


def count_by_status(*, city: City) -> dict[str, int]:
    return dict(
        Translation.objects.filter(city=city).values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )


def translator_languages(*, city: City) -> QuerySet[Any]:
    from .models import TranslatorLanguage

    return TranslatorLanguage.objects.filter(city=city).select_related("user").order_by("language", "user__email")
