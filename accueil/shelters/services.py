"""Every write of the shelters app: buildings and their stages, sites, units and beds, daily confirmations,
place requests, reservations, arrivals and departures, expiry.

Capacity: rows are locked in the order written in `locks.py` (site, then beds, then reservations) on every path;
a bed is taken by a conditional update (`status = available`), and the partial unique constraint (one held or
arrived reservation per bed) turns a lost race into a refusal with a code, never an error.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.core.errors import Refused

from . import events, policies
from .eligibility import HouseholdNeeds, UnitFacts, refusals
from .errors import ShelterError
from .locks import lock_site
from .models import (
    BUILDING_TRANSITIONS,
    Audience,
    Availability,
    Bed,
    BedStatus,
    Building,
    BuildingDecision,
    BuildingKind,
    BuildingStage,
    HouseholdType,
    OwnerKind,
    PlaceRequest,
    Reception,
    Reservation,
    ReservationStatus,
    Site,
    SiteConfirmation,
    Unit,
    audience_mask,
)

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.languages.models import Language
    from accueil.organisations.models import Organisation
    from accueil.territories.models import City, Departement, District


def _forbidden() -> Refused:
    return Refused(ShelterError.FORBIDDEN, _("You are not allowed to do this."), status=403)


# --- Buildings -----------------------------------------------------------------------------------------------


@transaction.atomic
def building_propose(
    *,
    city: City,
    acting_user: User,
    name: str,
    address: str,
    owner_kind: str = OwnerKind.MUNICIPAL,
    kind: str = BuildingKind.BUILDING,
    owner_name: str = "",
    district: District | None = None,
    departement: Departement | None = None,
    surface_m2: int | None = None,
    condition: str = "",
    works_needed: str = "",
    available_from: dt.date | None = None,
    available_until: dt.date | None = None,
    estimated_places: int | None = None,
    proposed_by: Organisation | None = None,
    is_demo: bool = False,
) -> Building:
    if not policies.can_propose_building(user=acting_user, city=city):
        raise _forbidden()
    if proposed_by is not None and not policies.can_request_for(user=acting_user, organisation=proposed_by):
        raise _forbidden()
    building = Building(
        city=city,
        created_by=acting_user,
        name=name,
        kind=kind,
        address=address,
        owner_kind=owner_kind,
        owner_name=owner_name,
        district=district,
        departement=departement,
        surface_m2=surface_m2,
        condition=condition,
        works_needed=works_needed,
        available_from=available_from,
        available_until=available_until,
        estimated_places=estimated_places,
        proposed_by=proposed_by,
        is_demo=is_demo,
    )
    building.full_clean()
    building.save()
    BuildingDecision.objects.create(building=building, from_stage="", to_stage=building.stage, decided_by=acting_user)
    audit_record(action=events.BUILDING_PROPOSED, actor=acting_user, city=city, target=building)
    return building


@transaction.atomic
def building_advance(
    *,
    building: Building,
    to_stage: str,
    acting_user: User,
    note: str = "",
    operator: Organisation | None = None,
    site_name: str = "",
) -> Building:
    """Moves the building to its next stage; opening it creates its site, run by `operator`."""
    building = Building.objects.select_for_update(of=("self",)).select_related("city").get(pk=building.pk)
    if not policies.can_decide_building(user=acting_user, building=building):
        raise _forbidden()
    if to_stage not in BUILDING_TRANSITIONS[building.stage]:
        raise Refused(
            ShelterError.BAD_TRANSITION,
            _("A building at the stage “%(from)s” cannot go to “%(to)s”.")
            % {"from": BuildingStage(building.stage).label, "to": BuildingStage(to_stage).label},
        )
    if to_stage == BuildingStage.OPEN and operator is None:
        raise Refused(ShelterError.OPERATOR_REQUIRED, _("Name the organisation that will run the site."))
    from_stage = building.stage
    building.stage = to_stage
    building.full_clean()
    building.save(update_fields=["stage", "updated_at"])
    BuildingDecision.objects.create(
        building=building, from_stage=from_stage, to_stage=to_stage, note=note[:500], decided_by=acting_user
    )
    if to_stage == BuildingStage.OPEN and operator is not None:
        site_create(
            city=building.city,
            acting_user=acting_user,
            operator=operator,
            name=site_name or building.name,
            building=building,
            address=building.address,
            district=building.district,
            departement=building.departement,
            is_demo=building.is_demo,
        )
    if to_stage == BuildingStage.CLOSED:
        site = Site.objects.filter(building=building, closed_on__isnull=True).first()
        if site is not None:
            site_close(site=site, acting_user=acting_user)
    audit_record(
        action=events.BUILDING_STAGE_CHANGED,
        actor=acting_user,
        city=building.city,
        target=building,
        data={"from": from_stage, "to": to_stage, "note": note[:500]},
    )
    return building


# --- Sites, units and beds -----------------------------------------------------------------------------------


@transaction.atomic
def site_create(
    *,
    city: City,
    acting_user: User,
    operator: Organisation,
    name: str,
    building: Building | None = None,
    address: str = "",
    district: District | None = None,
    departement: Departement | None = None,
    services: str = "",
    step_free: bool = False,
    opened_on: dt.date | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    is_demo: bool = False,
) -> Site:
    if not policies.can_view_city_overview(user=acting_user, city=city):
        raise _forbidden()
    if operator.city_id != city.pk:
        raise _forbidden()
    site = Site(
        city=city,
        operator=operator,
        name=name,
        building=building,
        address=address,
        district=district,
        departement=departement,
        services=services,
        step_free=step_free,
        opened_on=opened_on or timezone.localdate(),
        latitude=latitude,
        longitude=longitude,
        is_demo=is_demo,
    )
    site.full_clean()
    site.save()
    audit_record(action=events.SITE_CREATED, actor=acting_user, city=city, target=site)
    return site


@transaction.atomic
def site_close(*, site: Site, acting_user: User) -> Site:
    site = lock_site(site.pk)
    if not policies.can_view_city_overview(user=acting_user, city=site.city):
        raise _forbidden()
    if Reservation.objects.filter(site=site, status__in=[ReservationStatus.HELD, ReservationStatus.ARRIVED]).exists():
        raise Refused(ShelterError.BED_BUSY, _("People are still expected or sheltered on this site."))
    site.closed_on = timezone.localdate()
    site.save(update_fields=["closed_on", "updated_at"])
    audit_record(action=events.SITE_CLOSED, actor=acting_user, city=site.city, target=site)
    return site


@transaction.atomic
def unit_create(
    *,
    site: Site,
    acting_user: User,
    name: str,
    household_type: str,
    audiences: list[str],
    beds: int,
    reception: str = Reception.EXCLUSIVE,
    availability: str = Availability.YEAR_ROUND,
    is_private: bool = False,
    step_free: bool = False,
) -> Unit:
    site = lock_site(site.pk)
    if not policies.can_operate_site(user=acting_user, site=site):
        raise _forbidden()
    unknown = set(audiences) - set(Audience.values)
    if unknown or not audiences:
        raise Refused(ShelterError.NOT_ELIGIBLE, _("Choose at least one audience."), status=422)
    if not 1 <= beds <= 500:
        raise Refused(ShelterError.NOT_ELIGIBLE, _("A unit holds from 1 to 500 beds."), status=422)
    if household_type not in HouseholdType.values:
        raise Refused(ShelterError.NOT_ELIGIBLE, _("Choose a household type."), status=422)
    unit = Unit(
        city=site.city,
        site=site,
        name=name,
        household_type=household_type,
        audiences=audience_mask(audiences),
        reception=reception,
        availability=availability,
        is_private=is_private,
        step_free=step_free,
        is_demo=site.is_demo,
    )
    unit.full_clean()
    unit.save()
    now = timezone.now()
    Bed.objects.bulk_create(
        [
            Bed(city=site.city, site=site, unit=unit, label=str(n), status_changed_at=now, is_demo=site.is_demo)
            for n in range(1, beds + 1)
        ]
    )
    audit_record(action=events.UNIT_CREATED, actor=acting_user, city=site.city, target=unit, data={"beds": beds})
    return unit


@transaction.atomic
def unit_update(
    *,
    unit: Unit,
    acting_user: User,
    name: str,
    household_type: str,
    audiences: list[str],
    beds: int,
    reception: str,
    availability: str,
    is_private: bool,
    step_free: bool,
) -> Unit:
    """The operator corrects a unit after creating it. More beds are added as available; fewer beds remove free
    beds that never held anyone (a bed with a history stays: take it out of service instead). Reservations in
    progress keep their bed."""
    site = lock_site(unit.site_id)
    if not policies.can_operate_site(user=acting_user, site=site):
        raise _forbidden()
    unit = Unit.objects.select_for_update(of=("self",)).get(pk=unit.pk, site=site)
    unknown = set(audiences) - set(Audience.values)
    if unknown or not audiences:
        raise Refused(ShelterError.NOT_ELIGIBLE, _("Choose at least one audience."), status=422)
    if not 1 <= beds <= 500:
        raise Refused(ShelterError.NOT_ELIGIBLE, _("A unit holds from 1 to 500 beds."), status=422)
    if household_type not in HouseholdType.values:
        raise Refused(ShelterError.NOT_ELIGIBLE, _("Choose a household type."), status=422)
    fields = {
        "name": name,
        "household_type": household_type,
        "audiences": audience_mask(audiences),
        "reception": reception,
        "availability": availability,
        "is_private": is_private,
        "step_free": step_free,
    }
    changed = sorted(k for k, v in fields.items() if getattr(unit, k) != v)
    for key, value in fields.items():
        setattr(unit, key, value)
    unit.full_clean()
    current = list(unit.beds.select_for_update(of=("self",)).order_by("pk"))
    added = removed = 0
    if beds > len(current):
        numbers = [int(b.label) for b in current if b.label.isdigit()]
        start = max(numbers, default=0) + 1
        now = timezone.now()
        added = beds - len(current)
        Bed.objects.bulk_create(
            [
                Bed(city=site.city, site=site, unit=unit, label=str(n), status_changed_at=now, is_demo=unit.is_demo)
                for n in range(start, start + added)
            ]
        )
    elif beds < len(current):
        with_history = set(Reservation.objects.filter(bed__unit=unit).values_list("bed_id", flat=True))
        removable = [b for b in reversed(current) if b.status == BedStatus.AVAILABLE and b.pk not in with_history]
        removed = len(current) - beds
        if removed > len(removable):
            raise Refused(
                ShelterError.BED_BUSY,
                _(
                    "Only %(n)s beds of this unit can be removed: the others are reserved, occupied, blocked or have "
                    "held someone. Take them out of service instead."
                )
                % {"n": len(removable)},
            )
        Bed.objects.filter(pk__in=[b.pk for b in removable[:removed]]).delete()
    if not changed and not added and not removed:
        return unit
    unit.save()
    audit_record(
        action=events.UNIT_UPDATED,
        actor=acting_user,
        city=site.city,
        target=unit,
        data={"fields": changed, "beds_added": added, "beds_removed": removed},
    )
    return unit


@transaction.atomic
def bed_set_status(*, bed: Bed, status: str, acting_user: User, reason: str = "") -> Bed:
    """The operator makes a bed available, blocks it (with a reason) or takes it out of service. Reserved and
    occupied come only from reservations and arrivals."""
    site = lock_site(bed.site_id)
    if not policies.can_operate_site(user=acting_user, site=site):
        raise _forbidden()
    bed = Bed.objects.select_for_update(of=("self",)).get(pk=bed.pk)
    if status not in (BedStatus.AVAILABLE, BedStatus.BLOCKED, BedStatus.OUT_OF_SERVICE):
        raise Refused(ShelterError.BAD_TRANSITION, _("This status comes from reservations and arrivals."))
    if bed.status in (BedStatus.RESERVED, BedStatus.OCCUPIED):
        raise Refused(ShelterError.BED_BUSY, _("This bed is reserved or occupied: record the departure first."))
    reason = reason.strip()
    if status == BedStatus.BLOCKED and not reason:
        raise Refused(ShelterError.REASON_REQUIRED, _("Say why the bed is blocked."), status=422)
    previous = bed.status
    bed.status = status
    bed.blocked_reason = reason[:200] if status != BedStatus.AVAILABLE else ""
    bed.status_changed_at = timezone.now()
    bed.full_clean()
    bed.save(update_fields=["status", "blocked_reason", "status_changed_at"])
    audit_record(
        action=events.BED_STATUS_CHANGED,
        actor=acting_user,
        city=site.city,
        target=bed,
        data={"from": previous, "to": status, "reason": bed.blocked_reason},
    )
    return bed


def _bed_counts(site: Site) -> dict[str, int]:
    counts = dict.fromkeys(BedStatus.values, 0)
    for row in Bed.objects.filter(site=site).values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


@transaction.atomic
def site_confirm(*, site: Site, acting_user: User) -> SiteConfirmation:
    """The operator confirms the site's figures as they stand: they stop being stale for a day."""
    site = lock_site(site.pk)
    if not policies.can_operate_site(user=acting_user, site=site):
        raise _forbidden()
    if not site.is_open:
        raise Refused(ShelterError.SITE_CLOSED, _("This site is closed."))
    reservations_expire(site=site)
    counts = _bed_counts(site)
    now = timezone.now()
    confirmation = SiteConfirmation.objects.create(
        site=site,
        confirmed_at=now,
        confirmed_by=acting_user,
        beds_total=sum(counts.values()),
        available=counts[BedStatus.AVAILABLE],
        reserved=counts[BedStatus.RESERVED],
        occupied=counts[BedStatus.OCCUPIED],
        blocked=counts[BedStatus.BLOCKED],
        out_of_service=counts[BedStatus.OUT_OF_SERVICE],
    )
    site.last_confirmed_at = now
    site.last_confirmed_by = acting_user
    site.save(update_fields=["last_confirmed_at", "last_confirmed_by", "updated_at"])
    audit_record(action=events.SITE_CONFIRMED, actor=acting_user, city=site.city, target=site, data=counts)
    return confirmation


# --- Place requests and reservations -------------------------------------------------------------------------


def _new_reference() -> str:
    return "R-" + secrets.token_hex(3).upper()


@transaction.atomic
def place_request_create(
    *,
    organisation: Organisation,
    acting_user: User,
    audience: str,
    adults: int = 1,
    children: int = 0,
    pregnancy: bool = False,
    step_free_needed: bool = False,
    medical_needs: bool = False,
    language: Language | None = None,
    district: District | None = None,
    reference: str = "",
    is_demo: bool = False,
) -> PlaceRequest:
    """A referring partner describes a household (composition and needs, no name, no status)."""
    if not policies.can_request_for(user=acting_user, organisation=organisation):
        raise _forbidden()
    place_request = PlaceRequest(
        city=organisation.city,
        organisation=organisation,
        created_by=acting_user,
        reference=reference.strip() or _new_reference(),
        audience=audience,
        adults=adults,
        children=children,
        pregnancy=pregnancy,
        step_free_needed=step_free_needed,
        medical_needs=medical_needs,
        language=language,
        district=district,
        is_demo=is_demo,
    )
    place_request.full_clean()
    place_request.save()
    audit_record(action=events.PLACE_REQUEST_CREATED, actor=acting_user, city=organisation.city, target=place_request)
    return place_request


def needs_of(place_request: PlaceRequest) -> HouseholdNeeds:
    return HouseholdNeeds(
        audience=place_request.audience, size=place_request.size, step_free_needed=place_request.step_free_needed
    )


def unit_facts(
    *, site_ids: list[int] | None = None, unit_ids: list[int] | None = None, city: City | None = None
) -> list[UnitFacts]:
    """Each unit with its free beds, for the eligibility rules (units of open sites only)."""
    units = Unit.objects.filter(site__closed_on__isnull=True)
    if city is not None:
        units = units.filter(city=city)
    if site_ids is not None:
        units = units.filter(site_id__in=site_ids)
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
    free: dict[int, int] = dict(
        Bed.objects.filter(unit__in=units, status=BedStatus.AVAILABLE)
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    return [
        UnitFacts(
            unit_id=pk,
            audiences=audiences,
            reception=reception,
            is_private=is_private,
            step_free=step_free,
            free_beds=free.get(pk, 0),
        )
        for pk, audiences, reception, is_private, step_free in units.order_by("pk").values_list(
            "pk", "audiences", "reception", "is_private", "step_free"
        )
    ]


def _refuse_integrity(exc: IntegrityError) -> Refused:
    return Refused(ShelterError.BED_TAKEN, _("This bed has just been reserved by someone else; choose another place."))


@transaction.atomic
def reservation_create(
    *,
    place_request: PlaceRequest,
    site: Site,
    acting_user: User,
    unit: Unit | None = None,
    hold_hours: int = 3,
) -> list[Reservation]:
    """Reserves beds for the whole household on `site` (in `unit` if named): one reservation per person, all
    in one unit. Refused with a code when no eligible bed is free: `no_free_place`, `not_eligible`."""
    if not policies.can_request_for(user=acting_user, organisation=place_request.organisation):
        raise _forbidden()
    site = lock_site(site.pk)
    if site.city_id != place_request.city_id:
        raise _forbidden()
    if not site.is_open:
        raise Refused(ShelterError.SITE_CLOSED, _("This site is closed."))
    if not 1 <= hold_hours <= 48:
        raise Refused(ShelterError.NOT_ELIGIBLE, _("A place is held from 1 to 48 hours."), status=422)
    now = timezone.now()
    reservations_expire(site=site, now=now)
    needs = needs_of(place_request)
    facts = unit_facts(site_ids=[site.pk], unit_ids=[unit.pk] if unit is not None else None)
    eligible = [f for f in facts if not refusals(f, needs)]
    if not eligible:
        if any(f.free_beds for f in facts) and not any(
            refusals(f, needs) == ["not_enough_beds"] for f in facts if f.free_beds
        ):
            raise Refused(
                ShelterError.NOT_ELIGIBLE, _("The free places of this site are not suited to this household.")
            )
        raise Refused(ShelterError.NO_FREE_PLACE, _("There is no free place left for this household on this site."))
    # Private units closest in size first (no family room given to one person when a smaller one fits).
    chosen = min(eligible, key=lambda f: (f.free_beds - needs.size if f.is_private else 0, f.unit_id))
    beds = list(
        Bed.objects.select_for_update(of=("self",))
        .filter(unit_id=chosen.unit_id, status=BedStatus.AVAILABLE)
        .order_by("pk")[: needs.size if chosen.is_private else 1]
    )
    created: list[Reservation] = []
    try:
        for bed in beds:
            taken = Bed.objects.filter(pk=bed.pk, status=BedStatus.AVAILABLE).update(
                status=BedStatus.RESERVED, status_changed_at=now
            )
            if not taken:
                raise _refuse_integrity(IntegrityError())
            reservation = Reservation(
                city=site.city,
                site=site,
                bed=bed,
                place_request=place_request,
                organisation=place_request.organisation,
                status=ReservationStatus.HELD,
                reserved_by=acting_user,
                reserved_at=now,
                expires_at=now + dt.timedelta(hours=hold_hours),
                hold_hours=hold_hours,
                is_demo=place_request.is_demo,
            )
            reservation.save()
            created.append(reservation)
    except IntegrityError as exc:
        raise _refuse_integrity(exc) from exc
    audit_record(
        action=events.RESERVATION_CREATED,
        actor=acting_user,
        city=site.city,
        target=place_request,
        data={"site": site.pk, "beds": [b.pk for b in beds], "expires_at": now.isoformat(), "hold_hours": hold_hours},
    )
    return created


@transaction.atomic
def reservation_cancel(*, reservation: Reservation, acting_user: User) -> Reservation:
    site = lock_site(reservation.site_id)
    reservation = Reservation.objects.select_related("organisation", "site").get(pk=reservation.pk)
    if not policies.can_cancel_reservation(user=acting_user, reservation=reservation):
        raise _forbidden()
    if reservation.status != ReservationStatus.HELD:
        raise Refused(ShelterError.RESERVATION_NOT_HELD, _("This reservation is no longer waiting for an arrival."))
    now = timezone.now()
    _end_reservation(reservation, ReservationStatus.CANCELLED, now)
    audit_record(action=events.RESERVATION_CANCELLED, actor=acting_user, city=site.city, target=reservation)
    return reservation


def _end_reservation(reservation: Reservation, status: str, now: dt.datetime) -> None:
    reservation.status = status
    reservation.ended_at = now
    if status == ReservationStatus.DEPARTED:
        reservation.departed_at = now
    reservation.save(update_fields=["status", "ended_at", "departed_at"])
    Bed.objects.filter(pk=reservation.bed_id, status__in=[BedStatus.RESERVED, BedStatus.OCCUPIED]).update(
        status=BedStatus.AVAILABLE, status_changed_at=now
    )


def reservations_expire(*, site: Site | None = None, now: dt.datetime | None = None) -> int:
    """Held reservations whose household did not arrive in time expire and free their beds. With `site`, the
    caller holds the site's lock; without, each site with overdue reservations is locked in turn."""
    now = now or timezone.now()
    if site is None:
        site_ids = sorted(
            set(
                Reservation.objects.filter(status=ReservationStatus.HELD, expires_at__lte=now).values_list(
                    "site_id", flat=True
                )
            )
        )
        total = 0
        for site_id in site_ids:
            with transaction.atomic():
                total += reservations_expire(site=lock_site(site_id), now=now)
        return total
    overdue = list(
        Reservation.objects.select_for_update(of=("self",))
        .filter(site=site, status=ReservationStatus.HELD, expires_at__lte=now)
        .order_by("bed_id")
    )
    if not overdue:
        return 0
    bed_ids = [r.bed_id for r in overdue]
    list(Bed.objects.select_for_update(of=("self",)).filter(pk__in=bed_ids).order_by("pk").values_list("pk", flat=True))
    Reservation.objects.filter(pk__in=[r.pk for r in overdue]).update(status=ReservationStatus.EXPIRED, ended_at=now)
    Bed.objects.filter(pk__in=bed_ids, status=BedStatus.RESERVED).update(
        status=BedStatus.AVAILABLE, status_changed_at=now
    )
    audit_record(
        action=events.RESERVATIONS_EXPIRED,
        city=site.city,
        target=site,
        data={"reservations": [r.pk for r in overdue]},
    )
    return len(overdue)


@transaction.atomic
def arrival_record(*, acting_user: User, reservation: Reservation | None = None, bed: Bed | None = None) -> Reservation:
    """The household arrives: its reservation becomes an arrival and the bed is occupied. With `bed` and no
    reservation, someone at the door is given a free bed at once."""
    site_id = reservation.site_id if reservation is not None else bed.site_id if bed is not None else None
    if site_id is None:
        raise ValueError("reservation or bed is required")
    site = lock_site(site_id)
    if not policies.can_operate_site(user=acting_user, site=site):
        raise _forbidden()
    now = timezone.now()
    if reservation is not None:
        reservation = Reservation.objects.select_for_update(of=("self",)).get(pk=reservation.pk)
        if reservation.status != ReservationStatus.HELD:
            raise Refused(ShelterError.RESERVATION_NOT_HELD, _("This reservation is no longer waiting for an arrival."))
        Bed.objects.filter(pk=reservation.bed_id).update(status=BedStatus.OCCUPIED, status_changed_at=now)
        reservation.status = ReservationStatus.ARRIVED
        reservation.arrived_at = now
        reservation.save(update_fields=["status", "arrived_at"])
    else:
        assert bed is not None
        taken = Bed.objects.filter(pk=bed.pk, site=site, status=BedStatus.AVAILABLE).update(
            status=BedStatus.OCCUPIED, status_changed_at=now
        )
        if not taken:
            raise Refused(ShelterError.BED_TAKEN, _("This bed is not free."))
        try:
            with transaction.atomic():
                reservation = Reservation.objects.create(
                    city=site.city,
                    site=site,
                    bed_id=bed.pk,
                    organisation=site.operator,
                    status=ReservationStatus.ARRIVED,
                    reserved_by=acting_user,
                    reserved_at=now,
                    arrived_at=now,
                    is_demo=site.is_demo,
                )
        except IntegrityError as exc:
            raise _refuse_integrity(exc) from exc
    audit_record(action=events.ARRIVAL_RECORDED, actor=acting_user, city=site.city, target=reservation)
    return reservation


@transaction.atomic
def departure_record(*, reservation: Reservation, acting_user: User) -> Reservation:
    """The person leaves: the bed is free again at once, so occupancy follows exits."""
    site = lock_site(reservation.site_id)
    if not policies.can_operate_site(user=acting_user, site=site):
        raise _forbidden()
    reservation = Reservation.objects.select_for_update(of=("self",)).get(pk=reservation.pk)
    if reservation.status != ReservationStatus.ARRIVED:
        raise Refused(ShelterError.NOT_ARRIVED, _("Only someone who arrived can leave."))
    _end_reservation(reservation, ReservationStatus.DEPARTED, timezone.now())
    audit_record(action=events.DEPARTURE_RECORDED, actor=acting_user, city=site.city, target=reservation)
    return reservation
