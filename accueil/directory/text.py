"""Service texts in the reader's language: the published translation if there is one, else French.

French is the source language stored on the model. Other languages come from
``accueil.translations.selectors.translated_text``; whenever no translation is published, the French text is
shown with a notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accueil.translations.selectors import translated_text, translated_texts
from accueil.translations.services import source_changed as notify_source_changed

SOURCE_LANGUAGE = "fr"


@dataclass(frozen=True)
class ShownText:
    text: str
    language: str  # the language the text is actually in
    outdated: bool = False

    @property
    def is_fallback(self) -> bool:
        return self.language == SOURCE_LANGUAGE


def shown_text(obj: Any, field: str, lang: str) -> ShownText:
    source = getattr(obj, field) or ""
    if lang == SOURCE_LANGUAGE:
        return ShownText(source, SOURCE_LANGUAGE)
    try:
        result = translated_text(obj, field, lang)
    except Exception:  # noqa: BLE001 — a reader failure must never break a public page
        result = None
    text: str = getattr(result, "text", "") if result is not None else ""
    if text:
        return ShownText(
            text,
            getattr(result, "language_shown", lang) or lang,
            bool(getattr(result, "outdated", False)),
        )
    return ShownText(source, SOURCE_LANGUAGE)


def source_changed(obj: Any, field: str) -> None:
    """Tell the translations app that a French source text changed (translations become outdated)."""
    notify_source_changed(obj, field)


def shown_texts(objects: list[Any], fields: list[str], lang: str) -> dict[tuple[int, str], ShownText]:
    """``shown_text`` for a page of objects in a couple of queries: {(pk, field): ShownText}."""
    result = {
        (obj.pk, field): ShownText(getattr(obj, field) or "", SOURCE_LANGUAGE) for obj in objects for field in fields
    }
    if lang == SOURCE_LANGUAGE or not objects:
        return result
    try:
        found = translated_texts(objects, fields, lang)
    except Exception:  # noqa: BLE001 — a reader failure must never break a public page
        return result
    for key, value in found.items():
        if value is not None and value.text:
            result[key] = ShownText(value.text, value.language_shown or lang, bool(value.outdated))
    return result
