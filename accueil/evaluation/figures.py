"""Live figures used as evidence: the plan's indicators and the sources registered in ``accueil.plan.sources``
(volunteers active, places in shelters, referrals' outcomes…), read where they live, never retyped.

``figure_of(evidence)`` gives the value, its date and where it comes from: the frozen value once the assessment
is published, the live one before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from accueil.plan import sources
from accueil.plan.models import Indicator, IndicatorValue

if TYPE_CHECKING:
    from accueil.territories.models import City

    from .models import Evidence


@dataclass(frozen=True)
class Figure:
    label: str
    value: Decimal | None
    on: dt.date | None
    url: str
    frozen: bool
    label_is_french: bool = False  # a plan indicator's name not yet translated: shown in French, isolated


def source_choices() -> list[tuple[str, str]]:
    return sources.choices()


def _as_decimal(value: sources.SourceValue) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.0001"))


def _indicator_value(indicator: Indicator, *, city: City, on_date: dt.date) -> tuple[Decimal | None, dt.date | None]:
    if indicator.is_computed:
        value = _as_decimal(sources.value_at(indicator.computed_source or "", city=city, on_date=on_date))
        return value, (on_date if value is not None else None)
    latest = IndicatorValue.objects.filter(indicator=indicator, date__lte=on_date).order_by("-date", "-id").first()
    return (latest.value, latest.date) if latest else (None, None)


def _indicator_url(indicator: Indicator) -> str:
    if indicator.measure_id:
        return reverse("plan:measure", kwargs={"pk": indicator.measure_id})
    return reverse("plan:dashboard")


def on_city_site(path: str, *, city: City, reader_city: City | None) -> str:
    """A path of the platform as served for ``city``: on its own domain when the reader is on another city's."""
    if reader_city is not None and reader_city.pk != city.pk and city.domain:
        return f"https://{city.domain}{path}"
    return path


def live_value(evidence: Evidence, *, on_date: dt.date | None = None) -> tuple[Decimal | None, dt.date | None]:
    on_date = on_date or timezone.localdate()
    if evidence.indicator_id is not None:
        return _indicator_value(evidence.indicator, city=evidence.city, on_date=on_date)  # type: ignore[arg-type]
    value = _as_decimal(sources.value_at(evidence.source_key, city=evidence.city, on_date=on_date))
    return value, (on_date if value is not None else None)


def label_of(evidence: Evidence) -> str:
    if evidence.indicator_id is not None and evidence.indicator is not None:
        return str(evidence.indicator.shown.name)
    source = sources.SOURCES.get(evidence.source_key)
    return str(source.label) if source else evidence.source_key


def figure_of(evidence: Evidence, *, reader_city: City | None = None) -> Figure:
    french = False
    if evidence.indicator_id is not None and evidence.indicator is not None:
        path = _indicator_url(evidence.indicator)
        french = bool(getattr(evidence.indicator.shown.name, "is_fallback", False))
    else:
        path = reverse("plan:rules")
    url = on_city_site(path, city=evidence.city, reader_city=reader_city)
    if evidence.frozen_on is not None:
        return Figure(label_of(evidence), evidence.frozen_value, evidence.frozen_on, url, True, french)
    value, on = live_value(evidence)
    return Figure(label_of(evidence), value, on, url, False, french)


def indicators_of(city: City) -> list[Indicator]:
    return list(Indicator.objects.filter(city=city, published=True).order_by("pk"))
