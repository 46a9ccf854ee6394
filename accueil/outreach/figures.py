"""The aggregate figures: counts by district and ISO week, written with each operational write.

Nothing here names a person: a figure is (district number, week, metric, key, value). They survive the deletion
of the records they were counted from, so retention never rewrites the City's history.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from .models import Metric, WeeklyFigure

if TYPE_CHECKING:
    from accueil.territories.models import City


def week_of(moment: dt.datetime | dt.date) -> dt.date:
    day = timezone.localtime(moment).date() if isinstance(moment, dt.datetime) else moment
    return day - dt.timedelta(days=day.weekday())


def figure_add(
    *,
    city: City,
    district_number: int,
    moment: dt.datetime | dt.date,
    metric: Metric,
    key: str = "",
    value: int = 1,
    is_demo: bool = False,
) -> None:
    """Add `value` to one figure (a conditional F() update; the row is created on first use)."""
    lookup = {
        "city": city,
        "district_number": district_number or 0,
        "week": week_of(moment),
        "metric": str(metric),
        "key": key,
    }
    if WeeklyFigure.objects.filter(**lookup).update(value=F("value") + value):
        return
    try:
        with transaction.atomic():
            WeeklyFigure.objects.create(**lookup, value=value, is_demo=is_demo)
    except IntegrityError:  # created meanwhile by a concurrent write
        WeeklyFigure.objects.filter(**lookup).update(value=F("value") + value)


def figure_total(*, city: City, metric: Metric, key: str | None = None, until: dt.date | None = None) -> int:
    qs = WeeklyFigure.objects.filter(city=city, metric=str(metric))
    if key is not None:
        qs = qs.filter(key=key)
    if until is not None:
        qs = qs.filter(week__lte=until)
    return int(qs.aggregate(total=Sum("value"))["total"] or 0)
