"""Translated labels of the pairing criteria (`accueil.mentoring.pairing`) shown as a proposal's reasons.

`Mentorship.reasons` stores the engine's explanation as `[[criterion code, points], …]`; pages and the API show
`reason_rows(reasons)`: the code, its label in the reader's language and the points. Criteria that did not score
stay in the explanation (0 points). An unknown code (a criterion added later) is shown as its code, not hidden.
Templates use the `reason_rows` filter (`{% load mentoring %}`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

REASON_LABELS = {
    "base": _("Can mentor"),
    "shared_languages": _("Shared languages"),
    "strong_language": _("Fluent in a shared language"),
    "same_district": _("Same district"),
    "availability": _("Available on the same days"),
    "needs_skills": _("Skills matching the needs"),
}


@dataclass(frozen=True)
class ReasonRow:
    code: str
    label: str
    points: float


def reason_label(code: str) -> str:
    return str(REASON_LABELS.get(code, code))


def reason_rows(reasons: Iterable[Any] | None) -> list[ReasonRow]:
    """`[[code, points], …]` → labelled rows, in the stored order."""
    rows = []
    for item in reasons or []:
        if not isinstance(item, list | tuple) or len(item) != 2:
            continue
        try:
            code, points = str(item[0]), float(item[1])
        except (TypeError, ValueError):
            continue
        rows.append(ReasonRow(code=code, label=reason_label(code), points=points))
    return rows
