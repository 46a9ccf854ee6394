"""Opening hours and today's status, in the city's local time (daylight saving handled by zoneinfo)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from .holidays import holiday_name
from .models import ClosureReason

WEEKDAYS = [0, 1, 2, 3, 4, 5, 6]


def weekday_name(weekday: int) -> str:
    names = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]
    return names[weekday]


@dataclass(frozen=True)
class DayStatus:
    """What a visitor needs to know now: open (until when), opening later, or closed today and why."""

    state: str  # "open" | "opens_later" | "closed_for_day" | "closed_today"
    closes_at: dt.time | None = None
    opens_at: dt.time | None = None
    reason: str = ""  # ClosureReason code, "" when there are simply no hours today
    reason_label: str = ""

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def local_now(at: dt.datetime, timezone_name: str) -> dt.datetime:
    return at.astimezone(ZoneInfo(timezone_name))


def closure_on(closures: Iterable[Any], day: dt.date) -> Any | None:
    for closure in closures:
        if closure.starts_on <= day <= closure.ends_on:
            return closure
    return None


def day_status(
    *,
    hours: Iterable[Any],
    closures: Iterable[Any],
    open_on_public_holidays: bool,
    at: dt.datetime,
    timezone_name: str = "Europe/Paris",
    country: str = "FR",
    region: str = "",
) -> DayStatus:
    """Status at instant `at` (aware), reading hours as local wall-clock times of the city."""
    local = local_now(at, timezone_name)
    day, now = local.date(), local.time()
    closure = closure_on(closures, day)
    if closure is not None:
        return DayStatus("closed_today", reason=closure.reason, reason_label=str(ClosureReason(closure.reason).label))
    holiday = holiday_name(day, country, region)
    if holiday and not open_on_public_holidays:
        return DayStatus("closed_today", reason=ClosureReason.HOLIDAY, reason_label=holiday)
    periods = sorted((h for h in hours if h.weekday == day.weekday()), key=lambda h: h.opens_at)
    if not periods:
        return DayStatus("closed_today")
    for period in periods:
        if period.opens_at <= now < period.closes_at:
            return DayStatus("open", closes_at=period.closes_at)
    for period in periods:
        if period.opens_at > now:
            return DayStatus("opens_later", opens_at=period.opens_at)
    return DayStatus("closed_for_day")


def weekly_table(hours: Iterable[Any]) -> list[tuple[str, list[Any]]]:
    """Rows (day name, periods) Monday to Sunday, for the service page."""
    by_day: dict[int, list[Any]] = {day: [] for day in WEEKDAYS}
    for period in hours:
        by_day[period.weekday].append(period)
    return [(weekday_name(day), sorted(by_day[day], key=lambda h: h.opens_at)) for day in WEEKDAYS]
