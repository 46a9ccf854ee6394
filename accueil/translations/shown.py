"""The text a reader sees for a registered field, for models whose pages show many objects at once (the plan,
the donations catalogue).

A model mixes in ``ShownTexts`` and templates write ``{{ measure.shown.title }}`` (the text in the active
language) and ``{% if measure.shown.title.is_fallback %} lang="fr" dir="ltr"{% endif %}`` (no translation yet:
French is shown, isolated). A French reader costs no query: the source text is the field's value. For another
language, ``prefetch_shown(objects)`` reads the published (or else the latest outdated) translations of a whole
page in one query; an object that was not prefetched reads its own in one query, once.

Unlike ``selectors.translated_texts`` this does not read the source versions, so ``source_changed_at`` is empty:
these pages show the "not yet translated" isolation, not the freshness notice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils import translation

if TYPE_CHECKING:
    from .models import Translation
    from .selectors import TranslatedText

_CACHE = "_shown_translations"


def _language(lang: str | None) -> str:
    return (lang or translation.get_language() or "fr").split("-")[0].lower()


def _cache(obj: models.Model) -> dict[str, dict[str, Translation]]:
    return obj.__dict__.setdefault(_CACHE, {})


def _readable(rows: Iterable[Translation]) -> dict[tuple[int, int, str], Translation]:
    """{(content type, object, field): translation} — the published one, else the most recently published."""
    from .models import TranslationStatus

    ordered = sorted(
        rows,
        key=lambda t: (
            t.status != TranslationStatus.PUBLISHED,
            -(t.published_at.timestamp() if t.published_at else 0),
            -t.pk,
        ),
    )
    chosen: dict[tuple[int, int, str], Translation] = {}
    for row in ordered:
        chosen.setdefault((row.content_type_id, row.object_id, row.field), row)
    return chosen


def _query(lang: str) -> Any:
    from .models import Translation, TranslationStatus

    return Translation.objects.filter(
        language=lang, status__in=[TranslationStatus.PUBLISHED, TranslationStatus.OUTDATED]
    ).only("content_type_id", "object_id", "field", "text", "status", "published_at", "language")


def prefetch_shown(objects: Iterable[models.Model | None], lang: str | None = None) -> None:
    """Read the translations of every object (of any registered models) in ``lang`` in one query."""
    from django.contrib.contenttypes.models import ContentType

    lang = _language(lang)
    if lang == "fr":
        return
    pending: dict[int, dict[int, list[models.Model]]] = defaultdict(lambda: defaultdict(list))
    for obj in objects:
        if obj is None or obj.pk is None or lang in _cache(obj):
            continue
        content_type = ContentType.objects.get_for_model(obj)
        pending[content_type.pk][obj.pk].append(obj)
    if not pending:
        return
    condition = Q()
    for content_type_id, by_pk in pending.items():
        condition |= Q(content_type_id=content_type_id, object_id__in=list(by_pk))
    found: dict[tuple[int, int], dict[str, Translation]] = defaultdict(dict)
    for (content_type_id, object_id, field), row in _readable(_query(lang).filter(condition)).items():
        found[(content_type_id, object_id)][field] = row
    for content_type_id, by_pk in pending.items():
        for pk, same in by_pk.items():
            for obj in same:
                _cache(obj)[lang] = found.get((content_type_id, pk), {})


def shown_text(obj: models.Model, field: str, lang: str | None = None) -> TranslatedText:
    """What a reader of ``lang`` (the active language by default) sees for ``obj.field``."""
    from .selectors import _build

    lang = _language(lang)
    source = str(getattr(obj, field) or "")
    if lang == "fr":
        return _build(source, lang, None, None)
    if lang not in _cache(obj):
        prefetch_shown([obj], lang)
    return _build(source, lang, _cache(obj).get(lang, {}).get(field), None)


class _Texts:
    __slots__ = ("_obj",)

    def __init__(self, obj: models.Model) -> None:
        self._obj = obj

    def __getitem__(self, field: str) -> TranslatedText:
        return shown_text(self._obj, field)

    def __getattr__(self, field: str) -> TranslatedText:
        if field.startswith("_"):
            raise AttributeError(field)
        return shown_text(self._obj, field)


class ShownTexts:
    """``obj.shown.<field>``: the registered field's text in the active language (see the module's notes)."""

    @property
    def shown(self) -> Any:
        return _Texts(self)  # type: ignore[arg-type]


def translation_text(obj: models.Model, field: str, lang: str) -> str:
    """The translation of ``obj.field`` into ``lang`` a reader would see, or "" when there is none (exports that
    keep a column per language). Uses what ``prefetch_shown(…, lang)`` read."""
    shown = shown_text(obj, field, lang)
    return "" if shown.is_fallback else shown.text


def translation_texts(model: type[models.Model], pks: Iterable[int], field: str, lang: str) -> dict[int, str]:
    """{pk: translation of ``field`` into ``lang``} for many objects of ``model`` in one query (none: left out)."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(model)
    rows = _query(_language(lang)).filter(content_type=content_type, object_id__in=list(pks), field=field)
    return {object_id: row.text for (_ct, object_id, _field), row in _readable(rows).items()}
