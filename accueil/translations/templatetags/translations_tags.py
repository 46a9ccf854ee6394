"""Template filters of the translation workflow: language names and the freshness notice of a translated text."""

from __future__ import annotations

from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from accueil.translations.models import TARGET_LANGUAGES

register = template.Library()
_NAMES = dict(TARGET_LANGUAGES)


@register.filter
def language_name(code: str) -> str:
    return str(_NAMES.get(code, code))


@register.inclusion_tag("translations/_freshness.html")
def freshness(text: object) -> dict[str, object]:
    """The notice under a translated text: fallback to French, older than the French, or translated on …"""
    return {"t": text}


@register.filter
def fr_attrs(text: object) -> str:
    """` lang="fr" dir="ltr"` for the element holding a text shown in French for want of a translation."""
    return mark_safe(' lang="fr" dir="ltr"') if getattr(text, "is_fallback", False) else ""


@register.filter
def isolated(text: object) -> str:
    """The text, inside `<span lang="fr" dir="ltr">` when it is shown in French for want of a translation."""
    if getattr(text, "is_fallback", False) and str(text):
        return format_html('<span lang="fr" dir="ltr">{}</span>', str(text))
    return conditional_escape(str(text))


@register.filter
def french(text: object) -> str:
    """A name that exists only in French (a district, a street), isolated as French on a page in another language,
    so that "10e arrondissement" keeps its order inside a right-to-left line and is read out in French."""
    value = "" if text is None else str(text)
    if not value or (translation.get_language() or "fr").split("-")[0] == "fr":
        return conditional_escape(value)
    return format_html('<bdi lang="fr" dir="ltr">{}</bdi>', value)
