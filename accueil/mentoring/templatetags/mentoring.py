"""Template filters of the mentoring pages."""

from __future__ import annotations

from typing import Any

from django import template

from accueil.mentoring.reasons import ReasonRow
from accueil.mentoring.reasons import reason_rows as _reason_rows

register = template.Library()


@register.filter
def reason_rows(reasons: Any) -> list[ReasonRow]:
    """`{% for row in proposal.reasons|reason_rows %}{{ row.label }}: {{ row.points }}{% endfor %}`"""
    return _reason_rows(reasons)
