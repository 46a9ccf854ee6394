"""Live plan indicators from outreach's aggregate figures (never from persons), for commitments 1–5.

Each source is `(city, on_date) -> number`, counting the weeks up to the one containing `on_date`.
`accueil.plan.sources` registers them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from accueil.core.disclosure import suppressed_source

from .figures import figure_total, week_of
from .models import Metric, WeeklyFigure


def _total(metric: Metric, key: str | None = None) -> Callable[[Any, dt.date], int]:
    def compute(city: Any, on_date: dt.date) -> int:
        return figure_total(city=city, metric=metric, key=key, until=week_of(on_date))

    return compute


def _average_hours_to_shelter(city: Any, on_date: dt.date) -> float | None:
    """Average hours from referral to a shelter place (the figures keep sums and counts, not persons)."""
    hours = figure_total(city=city, metric=Metric.SHELTER_HOURS, until=week_of(on_date))
    placed = figure_total(city=city, metric=Metric.SHELTER_PLACED, until=week_of(on_date))
    return round(hours / placed, 1) if placed else None


def _districts_covered(city: Any, on_date: dt.date) -> int:
    return (
        WeeklyFigure.objects.filter(
            city=city, metric=Metric.ENCOUNTERS, week__lte=week_of(on_date), district_number__gt=0
        )
        .values("district_number")
        .distinct()
        .count()
    )


def _women_and_children(city: Any, on_date: dt.date) -> int:
    until = week_of(on_date)
    return sum(
        figure_total(city=city, metric=Metric.VULNERABILITY, key=key, until=until)
        for key in ("pregnancy", "single_headed", "woman_alone")
    )


INDICATOR_SOURCES: dict[str, tuple[Any, Callable[[Any, dt.date], Any]]] = {
    "outreach.minors_sheltered_at_once": (
        _("Young people offered shelter at once (outreach)"),
        _total(Metric.MINORS_SHELTER_OFFERED),
    ),
    "outreach.women_and_children_met": (
        _("Pregnant women, women alone and single parents met (outreach)"),
        _women_and_children,
    ),
    "outreach.encounters": (_("Outreach encounters (outreach)"), _total(Metric.ENCOUNTERS)),
    "outreach.districts_covered": (_("Districts where outreach teams met people (outreach)"), _districts_covered),
    "outreach.shelter_places": (
        _("Shelter places obtained through referrals (outreach)"),
        _total(Metric.SHELTER_PLACED),
    ),
    "outreach.hours_to_shelter": (
        _("Average hours from referral to a shelter place (outreach)"),
        _average_hours_to_shelter,
    ),
    "outreach.interpreting_unmet": (_("Unmet interpreting requests (outreach)"), _total(Metric.INTERPRETING_UNMET)),
    "outreach.camp_households_offered": (
        _("Camp households offered accommodation (outreach)"),
        _total(Metric.CAMP_HOUSEHOLDS, "offered"),
    ),
}
# Unmet requests for each language the plan names for its interpreters (Arabic, Pashto, Tigrinya, Amharic).
PLAN_INTERPRETING_LANGUAGES = {
    "ar": _("Unmet interpreting requests in Arabic (outreach)"),
    "ps": _("Unmet interpreting requests in Pashto (outreach)"),
    "ti": _("Unmet interpreting requests in Tigrinya (outreach)"),
    "am": _("Unmet interpreting requests in Amharic (outreach)"),
}
for _code, _label in PLAN_INTERPRETING_LANGUAGES.items():
    INDICATOR_SOURCES[f"outreach.interpreting_unmet.{_code}"] = (_label, _total(Metric.INTERPRETING_UNMET, _code))

NOT_COUNTS_OF_PEOPLE = frozenset({"outreach.districts_covered", "outreach.hours_to_shelter"})

# Commitment of the Paris 2015 plan each source measures (used by the demo to attach live indicators).
COMMITMENT_OF = {
    "outreach.minors_sheltered_at_once": 1,
    "outreach.women_and_children_met": 2,
    "outreach.encounters": 3,
    "outreach.districts_covered": 3,
    "outreach.interpreting_unmet": 4,
    "outreach.camp_households_offered": 5,
    **{f"outreach.interpreting_unmet.{code}": 4 for code in PLAN_INTERPRETING_LANGUAGES},
}


def register_sources(register: Callable[[str, Any, Callable[[Any, dt.date], Any]], None]) -> None:
    """Every source counting people or requests is published with small counts hidden (1 to 4 → None); the
    districts covered and the average hours are not counts of people."""
    for key, (label, compute) in INDICATOR_SOURCES.items():
        keep = key in NOT_COUNTS_OF_PEOPLE
        register(key, label, compute if keep else suppressed_source(compute))
