"""Reads of the donations module, with their joins named and the visibility rules applied."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from accueil.translations.shown import prefetch_shown

from .fairness import Candidate
from .models import (
    OPEN_NEED_STATUSES,
    Allocation,
    CallForProjects,
    Campaign,
    CollectionPoint,
    DeliveryLine,
    DeliveryRun,
    Donation,
    Item,
    Need,
    NeedStatus,
    Pledge,
    PledgeStatus,
    PointItemRule,
    PriorityItem,
    RuleStatus,
    RunStatus,
    Stock,
)
from .planning import DriverSpec, NeedDemand, StockOffer, VehicleSpec

AGEING_DAYS = 30
NEAR_CAPACITY = 0.8


@dataclass
class PointLists:
    """What a point takes now: `needed` (item, quantity) and `not_accepted` items, with the switches applied."""

    point: CollectionPoint
    needed: list[tuple[Item, int]] = field(default_factory=list)
    not_accepted: list[Item] = field(default_factory=list)


def collection_points(*, city: Any) -> QuerySet[CollectionPoint]:
    return (
        CollectionPoint.objects.filter(city=city)
        .select_related("district", "managed_by")
        .prefetch_related(
            Prefetch("rules", queryset=PointItemRule.objects.select_related("item").order_by("item__name")),
            "opening_hours",
        )
        .order_by("district__number", "name")
    )


def collection_point_get(*, city: Any, slug: str) -> CollectionPoint | None:
    return collection_points(city=city).filter(slug=slug).first()


def city_refused_items(*, city: Any) -> list[Item]:
    """Items switched off city-wide."""
    return list(Item.objects.filter(city=city, accepted=False).order_by("name"))


def point_lists(*, point: CollectionPoint, refused: list[Item] | None = None) -> PointLists:
    """Needed and not-accepted lists; `point` should come from `collection_points` (rules prefetched)."""
    if refused is None:
        refused = city_refused_items(city=point.city_id)
    refused_ids = {item.pk for item in refused}
    lists = PointLists(point=point)
    not_accepted = {item.pk: item for item in refused}
    for rule in point.rules.all():
        if rule.status == RuleStatus.NOT_ACCEPTED:
            not_accepted.setdefault(rule.item_id, rule.item)
        elif point.accepting and rule.item_id not in refused_ids and rule.quantity_needed > 0:
            lists.needed.append((rule.item, rule.quantity_needed))
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


def points_with_lists(*, city: Any) -> list[PointLists]:
    refused = city_refused_items(city=city)
    entries = [point_lists(point=point, refused=refused) for point in collection_points(city=city)]
    _prefetch_names(entries)
    return entries


def priority_list(*, city: Any) -> list[PriorityItem]:
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


def open_needs(*, city: Any) -> QuerySet[Need]:
    return (
        Need.objects.filter(city=city, status__in=OPEN_NEED_STATUSES)
        .select_related("item", "site", "district")
        .order_by("needed_by", "pk")
    )


def runs_for(*, city: Any, driver: Any = None) -> QuerySet[DeliveryRun]:
    queryset = DeliveryRun.objects.filter(city=city).select_related("vehicle", "point", "driver")
    if driver is not None:
        queryset = queryset.filter(driver=driver)
    return queryset.prefetch_related(
        Prefetch("lines", queryset=DeliveryLine.objects.select_related("item", "need__site", "need__district"))
    ).order_by("status", "-created_at", "pk")


# --- Planning inputs -------------------------------------------------------------------------------------------------


def planning_inputs(
    *, city: Any, today: dt.date | None = None
) -> tuple[list[StockOffer], list[NeedDemand], list[VehicleSpec], list[DriverSpec]]:
    """Stock available to plan (stock minus what planned runs will pick up), open needs, vehicles, drivers."""
    from .models import Vehicle

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


def volunteer_drivers(*, city: Any) -> list[DriverSpec]:
    """Volunteers with a driving licence (skill `driving_licence_b`) in accueil.volunteering, when installed."""
    try:
        from accueil.volunteering.models import VolunteerProfile
    except ImportError:  # pragma: no cover - the volunteering app is optional for this module
        return []
    profiles = (
        VolunteerProfile.objects.filter(city=city, skills__code="driving_licence_b", user__is_active=True)
        .prefetch_related("districts")
        .distinct()
        .order_by("user_id")
    )
    return [DriverSpec(user_id=p.user_id, districts=frozenset(d.number for d in p.districts.all())) for p in profiles]


# --- Coordinators' dashboard -----------------------------------------------------------------------------------------


def needs_met_rate(*, city: Any, start: dt.datetime | None = None, end: dt.datetime | None = None) -> float | None:
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


def ageing_stock(*, city: Any, days: int = AGEING_DAYS) -> QuerySet[Stock]:
    cutoff = timezone.now() - dt.timedelta(days=days)
    return (
        Stock.objects.filter(city=city, quantity__gt=0, last_received_at__lt=cutoff)
        .select_related("point", "item")
        .order_by("last_received_at", "pk")
    )


def points_near_capacity(*, city: Any, ratio: float = NEAR_CAPACITY) -> list[tuple[CollectionPoint, int]]:
    points = (
        CollectionPoint.objects.filter(city=city)
        .select_related("district")
        .annotate(units=Sum("stocks__quantity"))
        .order_by("district__number", "name")
    )
    return [(p, p.units or 0) for p in points if p.capacity and (p.units or 0) >= ratio * p.capacity]


# --- The fund --------------------------------------------------------------------------------------------------------


@dataclass
class Transparency:
    raised: Decimal
    allocated: Decimal
    donors_named: list[str]
    anonymous_count: int
    allocations: list[Allocation]
    calls: list[CallForProjects]
    campaigns: list[Campaign]


def transparency(*, city: Any) -> Transparency:
    donations = Donation.objects.filter(city=city)
    raised = donations.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    allocations = list(
        Allocation.objects.filter(city=city)
        .select_related("application__organisation", "application__district", "call")
        .order_by("call_id", "rank")
    )
    named = list(
        donations.filter(consent_to_be_named=True)
        .exclude(donor_name="")
        .order_by("donor_name")
        .values_list("donor_name", flat=True)
        .distinct()
    )
    anonymous = donations.filter(Q(consent_to_be_named=False) | Q(donor_name="")).count()
    return Transparency(
        raised=raised,
        allocated=sum((a.amount for a in allocations), Decimal(0)),
        donors_named=named,
        anonymous_count=anonymous,
        allocations=allocations,
        calls=list(CallForProjects.objects.filter(city=city).annotate(n=Count("applications"))),
        campaigns=list(Campaign.objects.filter(city=city).select_related("foundation")),
    )


def call_candidates(*, call: CallForProjects) -> list[Candidate]:
    """The call's scored applications as fairness candidates (score = mean of the committee's scores).

    The one input of the published rule: the allocation preview on the call's page and `call_allocate` both use it.
    """
    candidates = []
    for application in call.applications.select_related("district").prefetch_related("scores").order_by("pk"):
        values = [s.value for s in application.scores.all()]
        if not values:
            continue
        candidates.append(
            Candidate(
                key=application.pk,
                organisation=application.organisation_id,
                district=application.district.number,
                score=Decimal(sum(values)) / len(values),
                requested=application.amount_requested,
                submitted=application.created_at,
            )
        )
    return candidates


# --- Catalogue, fund pages and sponsors -------------------------------------------------------------------------------


def catalogue_items(*, city: Any) -> QuerySet[Item]:
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


def campaigns_recordable_by(*, user: Any, city: Any) -> QuerySet[Campaign]:
    """Campaigns whose gifts this person may record: those of foundations they belong to (all, for coordinators)."""
    from accueil.organisations.policies import is_city_coordinator

    queryset = Campaign.objects.filter(city=city).select_related("foundation")
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if not is_city_coordinator(user, city):
        queryset = queryset.filter(foundation__memberships__user=user)
    return queryset.order_by("-starts_on", "pk").distinct()


def calls_of_city(*, city: Any) -> QuerySet[CallForProjects]:
    return (
        CallForProjects.objects.filter(city=city)
        .select_related("campaign")
        .annotate(n=Count("applications"))
        .order_by("-closes_on", "pk")
    )


def call_applications(*, call: CallForProjects, reviewer: Any = None) -> list[Any]:
    """The call's applications with their mean score (`average`), score count, and the reviewer's own score."""
    from django.db.models import Avg

    from .models import Application, Score

    applications: list[Any] = list(
        Application.objects.filter(call=call)
        .select_related("organisation", "district", "sector", "allocation")
        .annotate(average=Avg("scores__value"), score_count=Count("scores"))
        .order_by("pk")
    )
    mine: dict[int, Any] = {}
    if reviewer is not None and getattr(reviewer, "is_authenticated", False):
        mine = {s.application_id: s for s in Score.objects.filter(application__call=call, reviewer=reviewer)}
    for application in applications:
        application.my_score = mine.get(application.pk)
    return applications


def applications_of_member(*, user: Any, city: Any) -> QuerySet[Any]:
    """Applications of the organisations this person belongs to, with allocation and confirmed sponsor contacts."""
    from .models import Application, SponsorContact

    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    return (
        Application.objects.filter(city=city, organisation__memberships__user=user)
        .select_related("call", "organisation", "district", "allocation")
        .prefetch_related(
            Prefetch("sponsor_contacts", queryset=SponsorContact.objects.select_related("sponsor").order_by("pk"))
        )
        .order_by("-created_at", "-pk")
        .distinct()
    )


def sponsoring_inputs(*, city: Any) -> tuple[list[Any], list[Any], dict[int, Any], dict[int, Any]]:
    """Sponsors and projects as `sponsoring` specs, with the rows by id for the page.

    Projects are the city's applications not yet put in contact with any sponsor; what a project still needs is
    what it asked minus what the fund allocated to it.
    """
    from django.db.models import Avg

    from .models import Application, Sponsor, SponsorContact
    from .sponsoring import ProjectSpec, SponsorSpec

    sponsors = list(
        Sponsor.objects.filter(city=city)
        .prefetch_related("sectors", "districts")
        .annotate(contacts_count=Count("contacts"))
        .order_by("pk")
    )
    contacted = SponsorContact.objects.filter(city=city).values("application_id")
    applications = list(
        Application.objects.filter(city=city)
        .exclude(pk__in=contacted)
        .select_related("organisation", "district", "sector", "allocation", "call")
        .annotate(average=Avg("scores__value"))
        .order_by("pk")
    )
    sponsor_specs = [
        SponsorSpec(
            id=s.pk,
            capacity_left=max(0, s.capacity - s.contacts_count),
            budget=s.budget,
            sectors=frozenset(sector.pk for sector in s.sectors.all()),
            districts=frozenset(district.number for district in s.districts.all()),
        )
        for s in sponsors
    ]
    project_specs = []
    for application in applications:
        allocated = getattr(getattr(application, "allocation", None), "amount", None) or Decimal(0)
        project_specs.append(
            ProjectSpec(
                id=application.pk,
                sector=application.sector_id,
                district=application.district.number,
                still_needed=max(Decimal(0), application.amount_requested - allocated),
                committee_score=None if application.average is None else Decimal(str(application.average)),
            )
        )
    return sponsor_specs, project_specs, {s.pk: s for s in sponsors}, {a.pk: a for a in applications}


def sponsor_contacts(*, city: Any) -> QuerySet[Any]:
    from .models import SponsorContact

    return (
        SponsorContact.objects.filter(city=city)
        .select_related("sponsor", "application__organisation", "confirmed_by")
        .order_by("-created_at", "-pk")
    )
