"""Live donations figures for the action plan, computed from the ledger, the needs and the fund (no double entry).

Each indicator takes the city and an optional period ``[start, end)``; ``None`` leaves that side open. A rate
with nothing to measure returns ``None`` (shown as unmeasured, never as 0 %).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Q, Sum

from .deliveries.selectors import needs_met_rate as _needs_met_rate
from .models import Allocation, DeliveryLine, Donation, MovementKind, RunStatus, StockMovement

if TYPE_CHECKING:
    from accueil.territories.models import City


def _period(field: str, start: datetime | None, end: datetime | None) -> Q:
    condition = Q()
    if start is not None:
        condition &= Q(**{f"{field}__gte": start})
    if end is not None:
        condition &= Q(**{f"{field}__lt": end})
    return condition


def items_collected(city: City, start: datetime | None = None, end: datetime | None = None) -> int:
    """Units received at collection points (usable or not) in the period."""
    total = StockMovement.objects.filter(
        _period("created_at", start, end), city=city, kind=MovementKind.RECEIPT
    ).aggregate(total=Sum("delta"))["total"]
    return int(total or 0)


def items_delivered(city: City, start: datetime | None = None, end: datetime | None = None) -> int:
    """Units delivered to partner sites by runs confirmed delivered (run creation time in the period)."""
    total = DeliveryLine.objects.filter(
        _period("run__created_at", start, end), run__city=city, run__status=RunStatus.DELIVERED
    ).aggregate(total=Sum("quantity"))["total"]
    return int(total or 0)


def needs_met_rate(city: City, start: datetime | None = None, end: datetime | None = None) -> float | None:
    """Units delivered / units asked, over the needs posted in the period (0–1)."""
    return _needs_met_rate(city=city, start=start, end=end)


def funds_raised(city: City, start: datetime | None = None, end: datetime | None = None) -> Decimal:
    queryset = Donation.objects.filter(city=city)
    if start is not None:
        queryset = queryset.filter(received_on__gte=start.date())
    if end is not None:
        queryset = queryset.filter(received_on__lt=end.date())
    return queryset.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def funds_allocated(city: City, start: datetime | None = None, end: datetime | None = None) -> Decimal:
    total = Allocation.objects.filter(_period("created_at", start, end), city=city).aggregate(total=Sum("amount"))
    return total["total"] or Decimal(0)


INDICATOR_SOURCES: dict[str, Callable[..., Any]] = {
    "donations.items_collected": items_collected,
    "donations.items_delivered": items_delivered,
    "donations.needs_met_rate": needs_met_rate,
    "donations.funds_raised": funds_raised,
    "donations.funds_allocated": funds_allocated,
}
