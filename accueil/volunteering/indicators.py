"""Live volunteering figures for the action plan, computed from sign-ups and shifts (no double entry).

Each indicator takes the city and an optional period ``[start, end)`` on the shift's start time; ``None``
leaves that side open. The action-plan module reads ``INDICATOR_SOURCES``: every value there is a callable
``fn(city, start=None, end=None)`` returning a number, or ``None`` when the figure cannot be measured yet
(e.g. a fill rate with no places offered) — unmeasured is shown as unmeasured, never as 0 %.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q, Sum
from django.utils import timezone

from .models import Shift, Signup

if TYPE_CHECKING:
    from accueil.territories.models import City

ACCEPTED = "accepted"


def _period(field: str, start: datetime | None, end: datetime | None) -> Q:
    condition = Q()
    if start is not None:
        condition &= Q(**{f"{field}__gte": start})
    if end is not None:
        condition &= Q(**{f"{field}__lt": end})
    return condition


def volunteers_mobilised(city: City, start: datetime | None = None, end: datetime | None = None) -> int:
    """Distinct volunteers holding an accepted sign-up on a shift starting in the period."""
    return (
        Signup.objects.filter(_period("starts_at", start, end), city=city, status=ACCEPTED)
        .values("volunteer_id")
        .distinct()
        .count()
    )


def volunteers_active(city: City, days: int = 90, *, at: datetime | None = None) -> int:
    """Distinct volunteers who took part in a shift during the ``days`` before ``at`` (now by default).

    Taking part: an accepted sign-up on a shift that has started, not marked absent.
    """
    at = at or timezone.now()
    return (
        Signup.objects.filter(city=city, status=ACCEPTED, starts_at__gte=at - timedelta(days=days), starts_at__lt=at)
        .exclude(attended=False)
        .values("volunteer_id")
        .distinct()
        .count()
    )


def hours_given(city: City, start: datetime | None = None, end: datetime | None = None) -> Decimal:
    """Hours approved by the organisations, on shifts starting in the period."""
    total = Signup.objects.filter(
        _period("starts_at", start, end), city=city, hours_approved=True, hours__isnull=False
    ).aggregate(total=Sum("hours"))["total"]
    return Decimal(total or 0)


def shifts_filled_rate(city: City, start: datetime | None = None, end: datetime | None = None) -> float | None:
    """Accepted places ÷ places offered on shifts of published, paused or closed missions; None if none offered."""
    totals = (
        Shift.objects.filter(_period("starts_at", start, end), city=city)
        .exclude(mission__status="draft")
        .aggregate(capacity=Sum("capacity"), accepted=Sum("accepted_count"))
    )
    if not totals["capacity"]:
        return None
    return round(totals["accepted"] / totals["capacity"], 4)


def _active_in_period(city: City, start: datetime | None = None, end: datetime | None = None) -> int:
    del start  # the window is the 90 days before the end of the period
    return volunteers_active(city, 90, at=end)


INDICATOR_SOURCES: dict[str, Callable[..., int | float | Decimal | None]] = {
    "volunteering.volunteers_mobilised": volunteers_mobilised,
    "volunteering.volunteers_active": _active_in_period,
    "volunteering.hours_given": hours_given,
    "volunteering.shifts_filled_rate": shifts_filled_rate,
}
