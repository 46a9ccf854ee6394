"""Labels of the learning app's codes in the reader's language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from accueil.learning.models import LEVEL_CODES, CourseKind, Day, days_of

register = template.Library()

_REASONS = {
    "placed": lambda: _("a place"),
    "waited": lambda: _("weeks waited"),
    "near": lambda: _("nearness"),
    "level": lambda: _("starts at their level"),
}


@register.filter
def level_code(value: int | None) -> str:
    return LEVEL_CODES.get(value, "—") if value is not None else _("not known yet")


@register.filter
def kind_label(value: str) -> str:
    return str(CourseKind(value).label) if value in CourseKind.values else value


@register.filter
def day_labels(mask: int) -> str:
    return ", ".join(str(Day(day).label) for day in days_of(mask))


@register.filter
def reason_label(name: str) -> str:
    label = _REASONS.get(name)
    return label() if label else name
