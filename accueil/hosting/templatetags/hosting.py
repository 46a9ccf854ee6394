"""Labels of the matching criteria and of households, in the reader's language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from ..models import Composition

register = template.Library()

CRITERIA = {
    "hosting": _("a home rather than a shelter"),
    "shelter": _("a shelter place"),
    "shared_language": _("a language in common"),
    "more_languages": _("more languages in common"),
    "near_services": _("near their services and school"),
    "dates": _("available when needed"),
    "length": _("long enough"),
    "accessibility": _("step-free for their health needs"),
    "children_in_home": _("children in the home"),
}


@register.filter
def criterion_label(code: str) -> str:
    return str(CRITERIA.get(code, code))


@register.filter
def composition_label(code: str) -> str:
    return str(dict(Composition.choices).get(code, code))


@register.filter
def points(value: float) -> str:
    return f"{value:+g}"
