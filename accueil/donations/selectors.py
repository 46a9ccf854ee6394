"""Reads of the donations' stock side (collection points, their lists, stock, pledges, needs, the catalogue), with
their joins named. Deliveries read in `deliveries.selectors`, the fund in `fund.selectors`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Prefetch, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from accueil.translations.shown import prefetch_shown

from .models import (
    OPEN_NEED_STATUSES,
    CollectionPoint,
    Item,
    Need,
    Pledge,
    PledgeStatus,
    PointItemRule,
    PriorityItem,
    RuleStatus,
    Stock,
)

if TYPE_CHECKING:
    from accueil.territories.models import City


@dataclass
class PointLists:
    """What a point takes now: `needed` (item, quantity) and `not_accepted` items, with the switches applied."""

    point: CollectionPoint
    needed: list[tuple[Item, int]] = field(default_factory=list)
    not_accepted: list[Item] = field(default_factory=list)


def collection_points(*, city: City) -> QuerySet[CollectionPoint]:
    return (
        CollectionPoint.objects.filter(city=city)
        .select_related("district", "managed_by")
        .prefetch_related(
            Prefetch("rules", queryset=PointItemRule.objects.select_related("item").order_by("item__name")),
            "opening_hours",
        )
        .order_by("district__number", "name")
    )


def collection_point_get(*, city: City, slug: str) -> CollectionPoint | None:
    return collection_points(city=city).filter(slug=slug).first()


def city_refused_items(*, city: City) -> list[Item]:
    """Items switched off city-wide."""
    return _refused_items(city_id=city.pk)


def _refused_items(*, city_id: int) -> list[Item]:
    return list(Item.objects.filter(city_id=city_id, accepted=False).order_by("name"))


def pledged_pending(*, city_id: int, point_id: int | None = None) -> dict[tuple[int, int], int]:
    """Quantities promised and not yet received (nor expired), by (point id, item id): one grouped query."""
    rows = Pledge.objects.filter(city_id=city_id, status=PledgeStatus.PLEDGED, slot_end__gt=timezone.now())
    if point_id is not None:
        rows = rows.filter(point_id=point_id)
    grouped = rows.values("point_id", "item_id").annotate(total=Sum("quantity"))
    return {(row["point_id"], row["item_id"]): row["total"] for row in grouped}


def point_lists(
    *,
    point: CollectionPoint,
    refused: list[Item] | None = None,
    pending: dict[tuple[int, int], int] | None = None,
) -> PointLists:
    """Needed and not-accepted lists; `point` should come from `collection_points` (rules prefetched). The needed
    quantities are what is still needed once the pledges not yet received are counted."""
    if pending is None:
        pending = pledged_pending(city_id=point.city_id, point_id=point.pk)
    if refused is None:
        refused = _refused_items(city_id=point.city_id)
    refused_ids = {item.pk for item in refused}
    lists = PointLists(point=point)
    not_accepted = {item.pk: item for item in refused}
    for rule in point.rules.all():
        if rule.status == RuleStatus.NOT_ACCEPTED:
            not_accepted.setdefault(rule.item_id, rule.item)
        elif point.accepting and rule.item_id not in refused_ids and rule.quantity_needed > 0:
            still = rule.quantity_needed - pending.get((point.pk, rule.item_id), 0)
            if still > 0:
                lists.needed.append((rule.item, still))
    lists.not_accepted = sorted(not_accepted.values(), key=lambda item: item.name)
    if refused is None:
        _prefetch_names([lists])
    return lists


def _prefetch_names(entries: list[PointLists]) -> None:
    """The items' names in the reader's language, for every list at once (no query in French)."""
    prefetch_shown(
        [item for entry in entries for item, _quantity in entry.needed]
        + [item for entry in entries for item in entry.not_accepted]
    )


def points_with_lists(*, city: City) -> list[PointLists]:
    refused = city_refused_items(city=city)
    pending = pledged_pending(city_id=city.pk)
    entries = [point_lists(point=point, refused=refused, pending=pending) for point in collection_points(city=city)]
    _prefetch_names(entries)
    return entries


def priority_list(*, city: City) -> list[PriorityItem]:
    rank = Case(When(level="urgent", then=Value(0)), When(level="high", then=Value(1)), default=Value(2))
    priorities = list(
        PriorityItem.objects.filter(city=city, item__accepted=True).select_related("item").order_by(rank, "item__name")
    )
    prefetch_shown(priority.item for priority in priorities)
    return priorities


def pledgeable_items(*, point: CollectionPoint) -> QuerySet[Item]:
    """Items a donor may pledge at this point now (none while the point is switched off)."""
    if not point.accepting:
        return Item.objects.none()
    refused_here = PointItemRule.objects.filter(point=point, status=RuleStatus.NOT_ACCEPTED).values("item_id")
    return Item.objects.filter(city_id=point.city_id, accepted=True).exclude(pk__in=refused_here).order_by("name")


def point_stock(*, point: CollectionPoint) -> QuerySet[Stock]:
    return Stock.objects.filter(point=point, quantity__gt=0).select_related("item").order_by("item__name", "size")


def pledges_due(*, point: CollectionPoint, day: dt.date | None = None) -> QuerySet[Pledge]:
    day = day or timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return (
        Pledge.objects.filter(point=point, status=PledgeStatus.PLEDGED, slot_start__gte=start)
        .filter(slot_start__lt=start + dt.timedelta(days=1))
        .select_related("item")
        .order_by("slot_start", "pk")
    )


def needs_of_site(*, site: Any) -> QuerySet[Need]:
    return Need.objects.filter(site=site).select_related("item", "district").order_by("-created_at", "-pk")


def open_needs(*, city: City) -> QuerySet[Need]:
    return (
        Need.objects.filter(city=city, status__in=OPEN_NEED_STATUSES)
        .select_related("item", "site", "district")
        .order_by("needed_by", "pk")
    )


# --- Catalogue -------------------------------------------------------------------------------------------------------


def catalogue_items(*, city: City) -> QuerySet[Item]:
    """The city's items with category, kit components and priority level, for the curation pages."""
    from .models import KitComponent

    return (
        Item.objects.filter(city=city)
        .select_related("category")
        .prefetch_related(
            Prefetch("components", queryset=KitComponent.objects.select_related("item").order_by("item__name")),
            Prefetch("priorities", queryset=PriorityItem.objects.filter(city=city)),
        )
        .order_by("category__name", "name", "pk")
    )


def point_rules(*, point: CollectionPoint) -> QuerySet[PointItemRule]:
    return PointItemRule.objects.filter(point=point).select_related("item").order_by("status", "item__name")


def partner_needs_for_point(*, point: CollectionPoint, lists: PointLists) -> list[Need]:
    """Open needs partners posted that this point can serve: in its district (or anywhere in the city), for an item
    it does not refuse, still open and not expired. Quantities are what is still open."""
    refused = {item.pk for item in lists.not_accepted}
    needs = [
        need
        for need in Need.objects.filter(
            city_id=point.city_id, status__in=OPEN_NEED_STATUSES, expires_at__gt=timezone.now()
        )
        .filter(Q(district_id=point.district_id) | Q(district__isnull=True))
        .select_related("item", "site")
        .order_by("needed_by", "pk")[:50]
        if need.item_id not in refused and need.quantity_open > 0
    ]
    prefetch_shown([need.item for need in needs])
    return needs
