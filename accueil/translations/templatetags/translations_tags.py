"""Template filters of the translation workflow: language names and the freshness notice of a translated text."""

from __future__ import annotations

from django import template

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
