"""Reads of the shelters app, with visibility applied for the person asking.

"Free places tonight" is one grouped query over the beds (indexed by city and status) joined to their unit and
site: a row per site and unit audience mask with its free beds, and the time its figures were last confirmed.
Other apps add their own free places (residents' hosting offers) through `register_place_source`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from accueil.territories.models import Departement

from . import policies
from .eligibility import refusals
from .models import (
    AUDIENCE_BITS,
    STALE_AFTER,
    Availability,
    Bed,
    BedStatus,
    Building,
    BuildingStage,
    PlaceRequest,
    Reservation,
    ReservationStatus,
    Site,
    SiteConfirmation,
    Unit,
    audiences_of,
)
from .services import needs_of, unit_facts

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.territories.models import City

    from .policies import Person


@dataclass(frozen=True)
class FreePlaces:
    """Free places of one source (a site, or another app's offers) in one district, for some audiences."""

    kind: str  # "shelter" or "hosting"
    name: str
    district: str
    district_number: int | None
    audiences: tuple[str, ...]
    free: int
    last_confirmed_at: dt.datetime | None
    stale: bool
    site_id: int | None = None
    # How the site's free places are available (year-round, seasonal: the winter plan, overflow); hosting
    # offers are year-round.
    availabilities: tuple[str, ...] = ("year_round",)


PlaceSource = Callable[["City", dt.datetime], list[FreePlaces]]
PLACE_SOURCES: list[PlaceSource] = []


def register_place_source(source: PlaceSource) -> None:
    if source not in PLACE_SOURCES:
        PLACE_SOURCES.append(source)


@dataclass
class _SiteTally:
    name: str
    district: str
    number: int | None
    confirmed: dt.datetime | None
    mask: int = 0
    free: int = 0
    availabilities: set[str] = field(default_factory=set)


def shelter_free_places(
    *, city: City, now: dt.datetime | None = None, availability: str | None = None
) -> list[FreePlaces]:
    """Free beds tonight per open site, with the audiences of its units that have free beds. Two small
    queries: free beds counted per unit through the (city, status) index, then those units with their site.
    `availability` keeps only the units available that way (the winter plan's seasonal places, overflow)."""
    now = now or timezone.now()
    free_by_unit: dict[int, int] = dict(
        Bed.objects.filter(city=city, status=BedStatus.AVAILABLE)
        .order_by()
        .values_list("unit_id")
        .annotate(n=Count("unit_id"))  # counts index entries: an index-only scan on (city, status, unit)
        .values_list("unit_id", "n")
    )
    if not free_by_unit:
        return []
    # Units as plain integers (no per-row conversion), then the open sites once each.
    units_qs = Unit.objects.filter(city=city)
    if availability is not None:
        units_qs = units_qs.filter(availability=availability)
    units = units_qs.order_by().values_list("pk", "audiences", "site_id", "availability")
    sites = {
        pk: _SiteTally(name=name, district=district or "", number=number, confirmed=confirmed)
        for pk, name, confirmed, district, number in Site.objects.filter(city=city, closed_on__isnull=True)
        .order_by()
        .values_list("pk", "name", "last_confirmed_at", "district__name", "district__number")
    }
    merged: dict[int, _SiteTally] = {}
    for unit_id, audiences, site_id, unit_availability in units:
        free = free_by_unit.get(unit_id)
        tally = sites.get(site_id)
        if free is None or tally is None:
            continue
        tally.mask |= audiences
        tally.free += free
        tally.availabilities.add(unit_availability)
        merged[site_id] = tally
    places = [
        FreePlaces(
            kind="shelter",
            name=t.name,
            district=t.district,
            district_number=t.number,
            audiences=tuple(audiences_of(t.mask)),
            free=t.free,
            last_confirmed_at=t.confirmed,
            stale=t.confirmed is None or now - t.confirmed > STALE_AFTER,
            site_id=site_id,
            availabilities=tuple(a for a in Availability.values if a in t.availabilities),
        )
        for site_id, t in merged.items()
    ]
    places.sort(key=lambda p: (p.district_number or 0, p.name, p.site_id or 0))
    return places


def free_places_tonight(
    *, city: City, now: dt.datetime | None = None, availability: str | None = None
) -> list[FreePlaces]:
    """Every free place tonight: shelters' beds and the places other apps register (hosting offers, which are
    year-round: a seasonal or overflow filter leaves them out)."""
    now = now or timezone.now()
    places = shelter_free_places(city=city, now=now, availability=availability)
    if availability not in (None, Availability.YEAR_ROUND):
        return places
    for source in PLACE_SOURCES:
        places.extend(source(city, now))
    return places


@dataclass
class PlacesSummary:
    total: int = 0
    stale: int = 0
    by_district: dict[str, int] = field(default_factory=dict)
    by_audience: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)


def places_summary(places: list[FreePlaces]) -> PlacesSummary:
    summary = PlacesSummary()
    for place in places:
        summary.total += place.free
        if place.stale:
            summary.stale += place.free
        key = place.district or "—"
        summary.by_district[key] = summary.by_district.get(key, 0) + place.free
        summary.by_kind[place.kind] = summary.by_kind.get(place.kind, 0) + place.free
        for audience in place.audiences:
            summary.by_audience[audience] = summary.by_audience.get(audience, 0) + place.free
    return summary


# --- Sites ---------------------------------------------------------------------------------------------------


def sites_operated(*, user: Person, city: City) -> QuerySet[Site]:
    """The sites the person runs (all open sites for a coordinator)."""
    sites = Site.objects.filter(city=city).select_related("district", "operator").order_by("closed_on", "name", "pk")
    if policies.can_view_city_overview(user=user, city=city):
        return sites
    return sites.filter(operator__in=policies.partner_organisations(user=user, city=city))


def site_get_operated(*, user: Person, city: City, pk: int) -> Site | None:
    site = Site.objects.select_related("city", "operator", "district", "building").filter(city=city, pk=pk).first()
    if site is None or not policies.can_operate_site(user=user, site=site):
        return None
    return site


def site_units(*, site: Site) -> QuerySet[Unit]:
    return site.units.order_by("name", "pk").prefetch_related("beds")


def site_bed_counts(*, site: Site) -> dict[str, int]:
    counts = dict.fromkeys(BedStatus.values, 0)
    for row in Bed.objects.filter(site=site).values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


def site_reservations(*, site: Site, statuses: tuple[str, ...]) -> QuerySet[Reservation]:
    return (
        Reservation.objects.filter(site=site, status__in=statuses)
        .select_related("bed", "bed__unit", "place_request", "organisation")
        .order_by("status", "expires_at", "pk")
    )


def site_confirmations(*, site: Site, limit: int = 14) -> list[SiteConfirmation]:
    return list(site.confirmations.order_by("-confirmed_at", "-pk")[:limit])


def site_public_capacity(*, city: City) -> list[dict[str, object]]:
    """Open data: capacity per open site, no personal data."""
    counts: dict[int, dict[str, int]] = {}
    for row in (
        Bed.objects.filter(city=city, site__closed_on__isnull=True).values("site_id", "status").annotate(n=Count("id"))
    ):
        counts.setdefault(row["site_id"], {})[row["status"]] = row["n"]
    rows = []
    for site in Site.objects.filter(city=city, closed_on__isnull=True).select_related(
        "district", "departement", "operator"
    ):
        mask = 0
        for audiences in site.units.values_list("audiences", flat=True):
            mask |= audiences
        c = counts.get(site.pk, {})
        allocable = sum(c.get(s, 0) for s in (BedStatus.AVAILABLE, BedStatus.RESERVED, BedStatus.OCCUPIED))
        rows.append(
            {
                "id": site.pk,
                "name": site.name,
                "operator": site.operator.name,
                "district": site.district.number if site.district else None,
                "departement": site.departement.code if site.departement else None,
                "audiences": audiences_of(mask),
                "beds": sum(c.values()),
                "allocable": allocable,
                "available": c.get(BedStatus.AVAILABLE, 0),
                "reserved": c.get(BedStatus.RESERVED, 0),
                "occupied": c.get(BedStatus.OCCUPIED, 0),
                "blocked": c.get(BedStatus.BLOCKED, 0),
                "out_of_service": c.get(BedStatus.OUT_OF_SERVICE, 0),
                "last_confirmed_at": site.last_confirmed_at,
                "stale": site.is_stale(),
            }
        )
    return rows


# --- Requests and places for a household ---------------------------------------------------------------------


def requests_visible(*, user: Person, city: City) -> QuerySet[PlaceRequest]:
    """A partner's own organisations' requests; never another partner's."""
    return (
        PlaceRequest.objects.filter(city=city, organisation__in=policies.partner_organisations(user=user, city=city))
        .select_related("organisation", "district", "language")
        .order_by("-created_at", "-pk")
    )


def request_get_visible(*, user: Person, city: City, pk: int) -> PlaceRequest | None:
    place_request = (
        PlaceRequest.objects.select_related("organisation", "city", "district", "language")
        .filter(city=city, pk=pk)
        .first()
    )
    if place_request is None or not policies.can_view_request(user=user, place_request=place_request):
        return None
    return place_request


def request_reservations(*, place_request: PlaceRequest) -> QuerySet[Reservation]:
    return place_request.reservations.select_related("site", "bed", "bed__unit").order_by("-reserved_at", "pk")


@dataclass(frozen=True)
class PlaceOption:
    site: Site
    unit: Unit
    free_beds: int
    stale: bool
    reasons: tuple[str, ...]


# What a reason code says to the partner (gettext at display time: see templatetags).
def places_for_request(*, place_request: PlaceRequest, now: dt.datetime | None = None) -> tuple[list[PlaceOption], int]:
    """Eligible free places for the household, each with why it fits, and how many free units were left out
    because they do not fit (the reasons are shown as counts)."""
    now = now or timezone.now()
    needs = needs_of(place_request)
    facts = [f for f in unit_facts(city=place_request.city) if f.free_beds > 0]
    eligible = {f.unit_id: f for f in facts if not refusals(f, needs)}
    excluded = len(facts) - len(eligible)
    units = Unit.objects.filter(pk__in=eligible).select_related("site", "site__district")
    options: list[PlaceOption] = []
    for unit in units:
        f = eligible[unit.pk]
        reasons = []
        if unit.audiences & AUDIENCE_BITS[needs.audience]:
            reasons.append("audience_served")
        else:
            reasons.append("unconditional")
        if unit.is_private:
            reasons.append("private_unit")
        if needs.step_free_needed:
            reasons.append("step_free")
        if place_request.district_id and unit.site.district_id == place_request.district_id:
            reasons.append("same_district")
        stale = unit.site.is_stale(now)
        if stale:
            reasons.append("stale")
        options.append(
            PlaceOption(site=unit.site, unit=unit, free_beds=f.free_beds, stale=stale, reasons=tuple(reasons))
        )
    options.sort(
        key=lambda o: (
            o.stale,
            not (place_request.district_id and o.site.district_id == place_request.district_id),
            o.site.name,
            o.unit.pk,
        )
    )
    return options, excluded


# --- City-wide views -----------------------------------------------------------------------------------------


def buildings_pipeline(*, city: City) -> QuerySet[Building]:
    return (
        Building.objects.filter(city=city)
        .select_related("district", "proposed_by")
        .prefetch_related("decisions")
        .order_by("stage", "name", "pk")
    )


def building_get_visible(*, user: Person, city: City, pk: int) -> Building | None:
    building = Building.objects.select_related("city", "district", "proposed_by").filter(city=city, pk=pk).first()
    if building is None:
        return None
    if policies.can_view_city_overview(user=user, city=city):
        return building
    if building.proposed_by is not None and policies.can_request_for(user=user, organisation=building.proposed_by):
        return building
    return None


def pipeline_counts(*, city: City) -> dict[str, int]:
    counts = dict.fromkeys(BuildingStage.values, 0)
    for row in Building.objects.filter(city=city).values("stage").annotate(n=Count("id")):
        counts[row["stage"]] = row["n"]
    return counts


@dataclass(frozen=True)
class Occupancy:
    allocable: int
    occupied: int
    reserved: int

    @property
    def rate(self) -> Decimal | None:
        if not self.allocable:
            return None
        return (Decimal(self.occupied) * 100 / self.allocable).quantize(Decimal("0.1"))

    @property
    def suspicious(self) -> bool:
        """HMIS flags a utilisation outside 65–105 % as a likely data error (unrecorded exits)."""
        rate = self.rate
        return rate is not None and not Decimal(65) <= rate <= Decimal(105)


def city_occupancy(*, city: City) -> Occupancy:
    row = Bed.objects.filter(city=city, site__closed_on__isnull=True).aggregate(
        allocable=Count("id", filter=Q(status__in=[BedStatus.AVAILABLE, BedStatus.RESERVED, BedStatus.OCCUPIED])),
        occupied=Count("id", filter=Q(status=BedStatus.OCCUPIED)),
        reserved=Count("id", filter=Q(status=BedStatus.RESERVED)),
    )
    return Occupancy(allocable=row["allocable"], occupied=row["occupied"], reserved=row["reserved"])


def occupancy_trend(
    *, city: City, days: int = 14, today: dt.date | None = None
) -> list[tuple[dt.date, Decimal | None]]:
    """Occupancy per day from the sites' confirmations (each site's last confirmation of the day)."""
    today = today or timezone.localdate()
    start = today - dt.timedelta(days=days - 1)
    confirmations = (
        SiteConfirmation.objects.filter(site__city=city, confirmed_at__date__gte=start)
        .order_by("confirmed_at", "pk")
        .values_list("site_id", "confirmed_at", "occupied", "available", "reserved")
    )
    per_day: dict[dt.date, dict[int, tuple[int, int]]] = {}
    for site_id, at, occupied, available, reserved in confirmations:
        day = timezone.localtime(at).date()
        per_day.setdefault(day, {})[site_id] = (occupied, occupied + available + reserved)
    trend: list[tuple[dt.date, Decimal | None]] = []
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        sites = per_day.get(day)
        if not sites:
            trend.append((day, None))
            continue
        occupied = sum(o for o, _ in sites.values())
        allocable = sum(a for _, a in sites.values())
        trend.append((day, (Decimal(occupied) * 100 / allocable).quantize(Decimal("0.1")) if allocable else None))
    return trend


def stale_sites(*, city: City, now: dt.datetime | None = None) -> QuerySet[Site]:
    now = now or timezone.now()
    return (
        Site.objects.filter(city=city, closed_on__isnull=True)
        .filter(Q(last_confirmed_at__isnull=True) | Q(last_confirmed_at__lt=now - STALE_AFTER))
        .select_related("operator", "district")
        .order_by("last_confirmed_at", "name")
    )


@dataclass(frozen=True)
class DepartementRow:
    code: str
    name: str
    population: int | None
    plan_places_per_1000: Decimal | None
    places_recorded: int
    places_per_1000_recorded: Decimal | None


def departement_table(*, city: City) -> list[DepartementRow]:
    """The plan's table of places per 1,000 inhabitants by département, beside the places recorded here."""
    beds: dict[int, int] = dict(
        Bed.objects.filter(city=city, site__closed_on__isnull=True, site__departement__isnull=False)
        .exclude(status=BedStatus.OUT_OF_SERVICE)
        .values("site__departement_id")
        .annotate(n=Count("id"))
        .values_list("site__departement_id", "n")
    )
    rows = []
    for dep in Departement.objects.filter(city=city).order_by("code"):
        recorded = beds.get(dep.pk, 0)
        per_1000 = (Decimal(recorded) * 1000 / dep.population).quantize(Decimal("0.01")) if dep.population else None
        rows.append(
            DepartementRow(
                code=dep.code,
                name=dep.name,
                population=dep.population,
                plan_places_per_1000=dep.places_per_1000,
                places_recorded=recorded,
                places_per_1000_recorded=per_1000,
            )
        )
    return rows


def last_confirmation_of_city(*, city: City) -> dt.datetime | None:
    return Site.objects.filter(city=city, closed_on__isnull=True).aggregate(m=Max("last_confirmed_at"))["m"]


def user_is_operator(*, user: User, city: City) -> bool:
    return sites_operated(user=user, city=city).exists()


HELD = (ReservationStatus.HELD,)
ARRIVED = (ReservationStatus.ARRIVED,)


def reservation_get_visible(*, user: Person, city: City, pk: int) -> Reservation | None:
    reservation = (
        Reservation.objects.select_related("site", "site__city", "site__operator", "organisation", "bed")
        .filter(city=city, pk=pk)
        .first()
    )
    if reservation is None or not policies.can_cancel_reservation(user=user, reservation=reservation):
        return None
    return reservation


def held_reservation_of(*, bed: Bed) -> Reservation | None:
    return Reservation.objects.filter(bed=bed, status=ReservationStatus.HELD).first()


def arrived_reservation_of(*, bed: Bed) -> Reservation | None:
    return Reservation.objects.filter(bed=bed, status=ReservationStatus.ARRIVED).first()
