"""Framework texts in the reader's language: ``{% fw node "title" %}`` shows the text, isolated with its own
``lang`` and ``dir`` when it falls back to French (or English) because the framework file has no translation."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from accueil.evaluation.models import text_of

register = template.Library()

RTL = {"ar", "fa", "ps"}


def _language() -> str:
    return (translation.get_language() or "fr").split("-")[0]


@register.simple_tag
def fw(obj: Any, field: str = "title") -> SafeString:
    texts = getattr(obj, "texts", None) or {}
    language = _language()
    text, found = text_of(texts, field, language)
    if not text and field == "short":
        text, found = text_of(texts, "title", language)
    if found == language:
        return format_html("{}", text)
    return format_html('<span lang="{}" dir="{}">{}</span>', found, "rtl" if found in RTL else "ltr", text)


@register.simple_tag
def fw_plain(obj: Any, field: str = "title") -> str:
    """The text alone, for attributes and chart labels."""
    texts = getattr(obj, "texts", None) or {}
    text, _found = text_of(texts, field, _language())
    if not text and field == "short":
        text, _found = text_of(texts, "title", _language())
    return text


@register.simple_tag
def level_name(framework: Any, kind: str) -> str:
    names = (framework.level_names or {}).get(kind) or {}
    return str(names.get(_language()) or names.get("fr") or kind)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def score(value: Any) -> str:
    return "—" if value is None else f"{value:.2f}"
