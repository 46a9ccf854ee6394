"""Reads of deliveries: runs, the planning inputs (stock to move, open needs, vehicles, volunteer drivers) and the
coordinators' dashboard."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone

from accueil.volunteering.models import VolunteerProfile

from ..models import (
    OPEN_NEED_STATUSES,
    CollectionPoint,
    DeliveryLine,
    DeliveryRun,
    Need,
    NeedStatus,
    PriorityItem,
    RunStatus,
    Stock,
    Vehicle,
)
from .planning import DriverSpec, NeedDemand, StockOffer, VehicleSpec

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.territories.models import City

AGEING_DAYS = 30
NEAR_CAPACITY = 0.8


def runs_for(*, city: City, driver: User | None = None) -> QuerySet[DeliveryRun]:
    queryset = DeliveryRun.objects.filter(city=city).select_related("vehicle", "point", "driver")
    if driver is not None:
        queryset = queryset.filter(driver=driver)
    return queryset.prefetch_related(
        Prefetch("lines", queryset=DeliveryLine.objects.select_related("item", "need__site", "need__district"))
    ).order_by("status", "-created_at", "pk")


# --- Planning inputs -------------------------------------------------------------------------------------------------


def planning_inputs(
    *, city: City, today: dt.date | None = None
) -> tuple[list[StockOffer], list[NeedDemand], list[VehicleSpec], list[DriverSpec]]:
    """Stock available to plan (stock minus what planned runs will pick up), open needs, vehicles, drivers."""
    today = today or timezone.localdate()
    planned = {
        (row["run__point_id"], row["item_id"], row["size"]): row["total"]
        for row in DeliveryLine.objects.filter(run__city=city, run__status=RunStatus.PLANNED)
        .values("run__point_id", "item_id", "size")
        .annotate(total=Sum("quantity"))
    }
    stocks = []
    for stock in Stock.objects.filter(city=city, quantity__gt=0).select_related("point__district"):
        available = stock.quantity - planned.get((stock.point_id, stock.item_id, stock.size), 0)
        if available > 0:
            district = stock.point.district
            stocks.append(
                StockOffer(
                    key=stock.pk,
                    point_id=stock.point_id,
                    item_id=stock.item_id,
                    size=stock.size,
                    available=available,
                    latitude=float(district.latitude),
                    longitude=float(district.longitude),
                    district=district.number,
                )
            )
    priorities = dict(PriorityItem.objects.filter(city=city).values_list("item_id", "level"))
    centre = (float(city.latitude), float(city.longitude))
    needs = []
    for need in Need.objects.filter(city=city, status__in=OPEN_NEED_STATUSES).select_related("district"):
        open_quantity = need.quantity_open
        if open_quantity <= 0:
            continue
        where = (float(need.district.latitude), float(need.district.longitude)) if need.district else centre
        needs.append(
            NeedDemand(
                key=need.pk,
                item_id=need.item_id,
                size=need.size,
                open_quantity=open_quantity,
                urgency=need.urgency,
                days_until=(need.needed_by - today).days,
                latitude=where[0],
                longitude=where[1],
                district=need.district.number if need.district else 0,
                priority=priorities.get(need.item_id, ""),
            )
        )
    vehicles = [
        VehicleSpec(id=v.pk, capacity=v.capacity_units, electric=v.electric) for v in Vehicle.objects.filter(city=city)
    ]
    return stocks, needs, vehicles, volunteer_drivers(city=city)


def volunteer_drivers(*, city: City) -> list[DriverSpec]:
    """Volunteers with a driving licence (skill `driving_licence_b`) in accueil.volunteering."""
    profiles = (
        VolunteerProfile.objects.filter(city=city, skills__code="driving_licence_b", user__is_active=True)
        .prefetch_related("districts")
        .distinct()
        .order_by("user_id")
    )
    return [DriverSpec(user_id=p.user_id, districts=frozenset(d.number for d in p.districts.all())) for p in profiles]


# --- Coordinators' dashboard -----------------------------------------------------------------------------------------


def needs_met_rate(*, city: City, start: dt.datetime | None = None, end: dt.datetime | None = None) -> float | None:
    """Units delivered / units asked, over needs posted in the period (cancelled ones left out); None if none."""
    queryset = Need.objects.filter(city=city).exclude(status=NeedStatus.CANCELLED)
    if start is not None:
        queryset = queryset.filter(created_at__gte=start)
    if end is not None:
        queryset = queryset.filter(created_at__lt=end)
    totals = queryset.aggregate(asked=Sum("quantity"), delivered=Sum("quantity_delivered"))
    if not totals["asked"]:
        return None
    return round(totals["delivered"] / totals["asked"], 4)


def ageing_stock(*, city: City, days: int = AGEING_DAYS) -> QuerySet[Stock]:
    cutoff = timezone.now() - dt.timedelta(days=days)
    return (
        Stock.objects.filter(city=city, quantity__gt=0, last_received_at__lt=cutoff)
        .select_related("point", "item")
        .order_by("last_received_at", "pk")
    )


def points_near_capacity(*, city: City, ratio: float = NEAR_CAPACITY) -> list[tuple[CollectionPoint, int]]:
    points = (
        CollectionPoint.objects.filter(city=city)
        .select_related("district")
        .annotate(units=Sum("stocks__quantity"))
        .order_by("district__number", "name")
    )
    return [(p, p.units or 0) for p in points if p.capacity and (p.units or 0) >= ratio * p.capacity]
