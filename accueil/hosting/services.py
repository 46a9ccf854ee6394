"""Every write of the hosting app: offers and their verification, households, matching runs and answers,
stays with their follow-up, incidents, notice, alternative and end, retention.

Locks: a proposal answer locks the proposal row, then the offer row; a stay change locks the stay row. The
partial unique constraints (one open proposal per household and per offer, one running stay per offer) turn
any lost race into a refusal.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.accounts.models import User
from accueil.audit.services import audit_record
from accueil.core.errors import Refused
from accueil.core.geo import distance_km
from accueil.shelters import services as shelter_services
from accueil.shelters.models import Unit
from accueil.territories.models import City, District

from . import events, policies
from .edges import build_edges, solve_edges
from .errors import HostingError
from .models import (
    RETENTION,
    AlternativeKind,
    Answer,
    FollowUp,
    FollowUpKind,
    HostOffer,
    HostVerification,
    Household,
    HouseholdStatus,
    Incident,
    IncidentKind,
    NoticeBy,
    OfferKind,
    OfferStatus,
    Proposal,
    ProposalStatus,
    Stay,
    StayStatus,
    Urgency,
    VerificationDecision,
)
from .rules import (
    AUDIENCE_OF,
    HouseholdFacts,
    OfferFacts,
    ShelterUnitFacts,
    offer_criteria,
    offer_refusals,
    shelter_criteria,
)

if TYPE_CHECKING:
    from accueil.languages.models import Language
    from accueil.organisations.models import Organisation

NOTICE_DAYS = 14
NEAR_KM = 8.0


def _forbidden() -> Refused:
    return Refused(HostingError.FORBIDDEN, _("You are not allowed to do this."), status=403)


# --- Offers and verification ---------------------------------------------------------------------------------


@transaction.atomic
def offer_create(
    *,
    acting_user: User,
    city: City,
    verifier: Organisation,
    district: District,
    address: str,
    available_from: dt.date,
    kind: str = OfferKind.ROOM,
    operator: Organisation | None = None,
    rooms: int = 1,
    beds: int = 1,
    resident_men: int = 0,
    resident_women: int = 0,
    resident_children: int = 0,
    step_free: bool = False,
    has_pets: bool = False,
    accepts_guest_pets: bool = False,
    accepts_children: bool = True,
    accepts_men: bool = True,
    languages: Iterable[Language] = (),
    available_until: dt.date | None = None,
    min_months: int = 3,
    max_months: int = 12,
    can_offer: str = "",
    is_demo: bool = False,
) -> HostOffer:
    """A resident offers a room in their home or a vacant flat; it waits for the association's verification."""
    if not policies.can_offer(user=acting_user):
        raise _forbidden()
    if verifier.city_id != city.pk or verifier.verification != "verified":
        raise Refused(HostingError.INVALID, _("Choose a verified partner association."), status=422)
    if kind == OfferKind.VACANT_FLAT and (operator is None or operator.verification != "verified"):
        raise Refused(
            HostingError.INVALID, _("A vacant flat is let through an approved operator: choose one."), status=422
        )
    if district.city_id != city.pk:
        raise Refused(HostingError.INVALID, _("Choose a district of the city."), status=422)
    offer = HostOffer(
        city=city,
        host=acting_user,
        kind=kind,
        verifier=verifier,
        operator=operator if kind == OfferKind.VACANT_FLAT else None,
        district=district,
        address=address,
        rooms=rooms,
        beds=beds,
        resident_men=0 if kind == OfferKind.VACANT_FLAT else resident_men,
        resident_women=0 if kind == OfferKind.VACANT_FLAT else resident_women,
        resident_children=0 if kind == OfferKind.VACANT_FLAT else resident_children,
        step_free=step_free,
        has_pets=has_pets,
        accepts_guest_pets=accepts_guest_pets,
        accepts_children=accepts_children,
        accepts_men=accepts_men,
        available_from=available_from,
        available_until=available_until,
        min_months=min_months,
        max_months=max_months,
        can_offer=can_offer,
        is_demo=is_demo,
    )
    offer.full_clean()
    offer.save()
    offer.languages.set(list(languages))
    HostVerification.objects.create(offer=offer, organisation=verifier)
    audit_record(action=events.OFFER_CREATED, actor=acting_user, city=city, target=offer)
    return offer


HOST_STATUSES: dict[str, frozenset[str]] = {
    OfferStatus.ACTIVE: frozenset({OfferStatus.PAUSED, OfferStatus.EXHAUSTED}),
    OfferStatus.PAUSED: frozenset({OfferStatus.ACTIVE, OfferStatus.EXHAUSTED}),
    OfferStatus.SUBMITTED: frozenset({OfferStatus.EXHAUSTED}),
}
ASSOCIATION_STATUSES = frozenset({OfferStatus.OUTDATED, OfferStatus.BAD_EXPERIENCE})


@transaction.atomic
def offer_set_status(*, offer: HostOffer, status: str, acting_user: User) -> HostOffer:
    """The host pauses, reopens or withdraws their offer; the association marks it outdated or closed after a
    bad experience. An offer hosting a household changes through the stay's end."""
    offer = HostOffer.objects.select_for_update(of=("self",)).select_related("city", "verifier").get(pk=offer.pk)
    by_host = status in HOST_STATUSES.get(offer.status, frozenset()) and policies.is_host_of(
        user=acting_user, offer=offer
    )
    by_association = (
        status in ASSOCIATION_STATUSES
        and offer.status != OfferStatus.HOSTING
        and policies.can_mark_offer(user=acting_user, offer=offer)
    )
    if not (by_host or by_association):
        if policies.can_view_offer(user=acting_user, offer=offer):
            raise Refused(HostingError.INVALID, _("This change is not possible for this offer now."))
        raise _forbidden()
    previous = offer.status
    offer.status = status
    offer.save(update_fields=["status", "updated_at"])
    Proposal.objects.filter(offer=offer, status=ProposalStatus.PROPOSED).exclude(
        offer__status=OfferStatus.ACTIVE
    ).update(status=ProposalStatus.WITHDRAWN, decided_at=timezone.now())
    audit_record(
        action=events.OFFER_STATUS_CHANGED,
        actor=acting_user,
        city=offer.city,
        target=offer,
        data={"from": previous, "to": status},
    )
    return offer


@transaction.atomic
def verification_record(
    *,
    offer: HostOffer,
    acting_user: User,
    identity_seen: bool,
    visit_on: dt.date | None,
    reference_checked: bool,
    note: str = "",
    decision: str = VerificationDecision.IN_PROGRESS,
) -> HostVerification:
    """The association records its checks; it may verify the offer only when all three are done."""
    offer = HostOffer.objects.select_for_update(of=("self",)).select_related("city", "verifier").get(pk=offer.pk)
    if not policies.can_verify_offer(user=acting_user, offer=offer):
        raise _forbidden()
    verification = HostVerification.objects.select_for_update(of=("self",)).get(offer=offer)
    if verification.decision != VerificationDecision.IN_PROGRESS:
        raise Refused(HostingError.ALREADY_DECIDED, _("This offer has already been decided."))
    verification.identity_seen = identity_seen
    verification.visit_on = visit_on
    verification.reference_checked = reference_checked
    verification.note = note[:500]
    if decision == VerificationDecision.VERIFIED and not verification.complete:
        raise Refused(
            HostingError.VERIFICATION_INCOMPLETE,
            _("An offer is verified only after the identity is seen, the home visited and a reference checked."),
            status=422,
        )
    if decision != VerificationDecision.IN_PROGRESS:
        verification.decision = decision
        verification.decided_by = acting_user
        verification.decided_at = timezone.now()
        offer.status = OfferStatus.ACTIVE if decision == VerificationDecision.VERIFIED else OfferStatus.REFUSED
        offer.save(update_fields=["status", "updated_at"])
    verification.full_clean()
    verification.save()
    audit_record(
        action=events.VERIFICATION_RECORDED,
        actor=acting_user,
        city=offer.city,
        target=offer,
        data={
            "identity_seen": identity_seen,
            "visited": visit_on is not None,
            "reference": reference_checked,
            "decision": verification.decision,
        },
    )
    return verification


# --- Households ----------------------------------------------------------------------------------------------


def _reference() -> str:
    return "H-" + secrets.token_hex(3).upper()


@transaction.atomic
def household_create(
    *,
    organisation: Organisation,
    acting_user: User,
    composition: str,
    adults: int = 1,
    children: int = 0,
    pregnancy: bool = False,
    step_free_needed: bool = False,
    medical_needs: bool = False,
    has_pet: bool = False,
    languages: Iterable[Language] = (),
    services_district: District | None = None,
    needed_from: dt.date | None = None,
    months_needed: int = 6,
    name: str = "",
    reference: str = "",
    is_demo: bool = False,
) -> Household:
    """The support association records a household: a reference, its composition and needs; a name only if
    the association needs one (encrypted)."""
    if not policies.is_member_of(user=acting_user, organisation=organisation):
        raise _forbidden()
    household = Household(
        city=organisation.city,
        organisation=organisation,
        reference=reference.strip() or _reference(),
        name=name.strip(),
        composition=composition,
        adults=adults,
        children=children,
        pregnancy=pregnancy,
        step_free_needed=step_free_needed,
        medical_needs=medical_needs,
        has_pet=has_pet,
        services_district=services_district,
        needed_from=needed_from or timezone.localdate(),
        months_needed=months_needed,
        is_demo=is_demo,
    )
    household.full_clean()
    household.save()
    household.languages.set(list(languages))
    audit_record(
        action=events.HOUSEHOLD_CREATED,
        actor=acting_user,
        city=organisation.city,
        target=household,
        data={"with_name": bool(household.name)},
    )
    return household


def household_name_read(*, household: Household, acting_user: User) -> str:
    """The household's name, for its support association only; every read is written to the audit log."""
    if not policies.can_read_name(user=acting_user, household=household):
        raise _forbidden()
    audit_record(action=events.HOUSEHOLD_NAME_READ, actor=acting_user, city=household.city, target=household)
    return household.name


# --- Matching ------------------------------------------------------------------------------------------------


def distance_points(districts: list[District]) -> dict[tuple[int, int], int]:
    """Points in thousandths for the distance between districts' centres: 4 at the same place, 0 from 8 km."""
    points = {}
    for a in districts:
        for b in districts:
            km = distance_km(a.latitude, a.longitude, b.latitude, b.longitude)
            points[(a.pk, b.pk)] = round(4000 * max(0.0, 1 - km / NEAR_KM))
    return points


def _languages_by(through_rows: Iterable[tuple[int, str]]) -> dict[int, frozenset[str]]:
    found: dict[int, set[str]] = {}
    for owner, code in through_rows:
        found.setdefault(owner, set()).add(code)
    return {k: frozenset(v) for k, v in found.items()}


def matching_facts(
    *, city: City, organisation: Organisation | None = None
) -> tuple[list[HouseholdFacts], list[OfferFacts], list[ShelterUnitFacts], dict[tuple[int, int], int]]:
    """What the matching sees: waiting households without an open proposal, active offers without an open
    proposal, shelter units with free beds, distances between districts."""
    households_qs = Household.objects.filter(city=city, status=HouseholdStatus.WAITING).exclude(
        proposals__status=ProposalStatus.PROPOSED
    )
    if organisation is not None:
        households_qs = households_qs.filter(organisation=organisation)
    rows = list(
        households_qs.order_by("needed_from", "pk").values_list(
            "pk",
            "composition",
            "adults",
            "children",
            "needed_from",
            "months_needed",
            "step_free_needed",
            "has_pet",
            "pregnancy",
            "medical_needs",
            "services_district_id",
        )
    )
    h_languages = _languages_by(
        Household.languages.through.objects.filter(household__in=households_qs).values_list(
            "household_id", "language_id"
        )
    )
    households = [
        HouseholdFacts(
            id=pk,
            composition=comp,
            adults=adults,
            children=children,
            needed_from=needed.toordinal(),
            months_needed=months,
            step_free_needed=step,
            has_pet=pet,
            pregnancy=preg,
            medical_needs=med,
            languages=h_languages.get(pk, frozenset()),
            district=district,
        )
        for pk, comp, adults, children, needed, months, step, pet, preg, med, district in rows
    ]
    offers_qs = HostOffer.objects.filter(city=city, status=OfferStatus.ACTIVE).exclude(
        proposals__status=ProposalStatus.PROPOSED
    )
    o_languages = _languages_by(
        HostOffer.languages.through.objects.filter(hostoffer__in=offers_qs).values_list("hostoffer_id", "language_id")
    )
    offers = [
        OfferFacts(
            id=pk,
            verified=decision == VerificationDecision.VERIFIED,
            beds=beds,
            resident_men=men,
            resident_women=women,
            available_from=start.toordinal(),
            available_until=until.toordinal() if until else None,
            min_months=min_m,
            max_months=max_m,
            resident_children=kids,
            step_free=step,
            accepts_children=acc_children,
            accepts_men=acc_men,
            accepts_guest_pets=acc_pets,
            languages=o_languages.get(pk, frozenset()),
            district=district,
        )
        for (
            pk,
            decision,
            beds,
            men,
            women,
            start,
            until,
            min_m,
            max_m,
            kids,
            step,
            acc_children,
            acc_men,
            acc_pets,
            district,
        ) in (
            offers_qs.order_by("pk").values_list(
                "pk",
                "verification__decision",
                "beds",
                "resident_men",
                "resident_women",
                "available_from",
                "available_until",
                "min_months",
                "max_months",
                "resident_children",
                "step_free",
                "accepts_children",
                "accepts_men",
                "accepts_guest_pets",
                "district_id",
            )
        )
    ]
    facts = [f for f in shelter_services.unit_facts(city=city) if f.free_beds > 0]
    unit_district = dict(Unit.objects.filter(pk__in=[f.unit_id for f in facts]).values_list("pk", "site__district_id"))
    units = [ShelterUnitFacts(unit=f, district=unit_district.get(f.unit_id)) for f in facts]
    distances = distance_points(list(District.objects.filter(city=city)))
    return households, offers, units, distances


def _reasons(criteria: dict[str, int]) -> list[list[object]]:
    return [[name, points / 1000] for name, points in criteria.items() if points]


@transaction.atomic
def matching_run(*, city: City, acting_user: User, organisation: Organisation | None = None) -> list[Proposal]:
    """Proposes the best places for every waiting household (the exact optimum of the matching engine), with
    the safeguarding rules as hard constraints. Each proposal carries its reasons."""
    if not policies.can_run_matching(user=acting_user, city=city, organisation=organisation):
        raise _forbidden()
    households, offers, units, distances = matching_facts(city=city, organisation=organisation)
    edges = build_edges(households=households, offers=offers, units=units, distance_millis=distances)
    pairs, objective = solve_edges(edges)
    run = timezone.now().strftime("%Y%m%d%H%M%S") + secrets.token_hex(2)
    now = timezone.now()
    proposals = []
    for pair in pairs:
        h = households[pair.slot]
        if pair.agent < len(offers):
            o = offers[pair.agent]
            if offer_refusals(h, o):  # the plain rules, once more, before anything is stored
                raise AssertionError("a proposal broke a safeguarding rule")
            criteria = offer_criteria(h, o, distances)
            place = {"offer_id": o.id}
        else:
            u = units[pair.agent - len(offers)]
            criteria = shelter_criteria(h, u, distances)
            place = {"unit_id": u.unit.unit_id}
        proposals.append(
            Proposal(
                city=city,
                run=run,
                household_id=h.id,
                score=Decimal(pair.millis) / 1000,
                reasons=_reasons(criteria),
                created_at=now,
                **place,
            )
        )
    Proposal.objects.bulk_create(proposals, batch_size=1000)
    audit_record(
        action=events.MATCHING_RUN,
        actor=acting_user,
        city=city,
        data={
            "run": run,
            "households": len(households),
            "offers": len(offers),
            "units": len(units),
            "edges": edges.count,
            "proposals": len(proposals),
            "objective": objective / 1000,
            "organisation": organisation.pk if organisation else None,
        },
    )
    return proposals


@transaction.atomic
def proposal_answer(*, proposal: Proposal, acting_user: User, accept: bool, side: str) -> Proposal:
    """The host (`side="host"`) or the household's association (`side="household"`) accepts or declines. When
    both accepted a hosting offer, the stay starts; a shelter place is reserved as soon as the association
    accepts."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("household", "household__organisation", "offer")
        .get(pk=proposal.pk)
    )
    if side == "host":
        if not policies.can_answer_for_host(user=acting_user, proposal=proposal):
            raise _forbidden()
    elif side == "household":
        if not policies.can_answer_for_household(user=acting_user, proposal=proposal):
            raise _forbidden()
    else:
        raise Refused(HostingError.INVALID, _("Unknown side."), status=422)
    if proposal.status != ProposalStatus.PROPOSED:
        raise Refused(HostingError.PROPOSAL_CLOSED, _("This proposal has already been answered."))
    answer = Answer.YES if accept else Answer.NO
    if side == "host":
        proposal.host_answer = answer
    else:
        proposal.household_answer = answer
    now = timezone.now()
    if not accept:
        proposal.status = ProposalStatus.DECLINED
        proposal.decided_at = now
    elif proposal.unit_id is not None and proposal.household_answer == Answer.YES:
        _reserve_shelter(proposal, acting_user)
        proposal.status = ProposalStatus.ACCEPTED
        proposal.decided_at = now
    elif proposal.offer is not None and proposal.host_answer == Answer.YES and proposal.household_answer == Answer.YES:
        _start_stay(proposal, acting_user)
        proposal.status = ProposalStatus.ACCEPTED
        proposal.decided_at = now
    proposal.save(update_fields=["host_answer", "household_answer", "status", "decided_at"])
    audit_record(
        action=events.PROPOSAL_ANSWERED,
        actor=acting_user,
        city=proposal.city,
        target=proposal,
        data={"side": side, "accept": accept, "status": proposal.status},
    )
    return proposal


def _reserve_shelter(proposal: Proposal, acting_user: User) -> None:
    household = proposal.household
    assert proposal.unit_id is not None
    unit = Unit.objects.select_related("site").get(pk=proposal.unit_id)
    place_request = shelter_services.place_request_create(
        organisation=household.organisation,
        acting_user=acting_user,
        audience=AUDIENCE_OF[household.composition],
        adults=household.adults,
        children=household.children,
        pregnancy=household.pregnancy,
        step_free_needed=household.step_free_needed,
        medical_needs=household.medical_needs,
        district=household.services_district,
        reference=household.reference,
        is_demo=household.is_demo,
    )
    shelter_services.reservation_create(place_request=place_request, site=unit.site, unit=unit, acting_user=acting_user)
    household.status = HouseholdStatus.SHELTERED
    household.save(update_fields=["status", "updated_at"])


def followup_schedule(started_on: dt.date, planned_end_on: dt.date) -> list[tuple[str, dt.date]]:
    """First week, first month, then every month until the planned end."""
    schedule = [
        (FollowUpKind.FIRST_WEEK, started_on + dt.timedelta(days=7)),
        (FollowUpKind.FIRST_MONTH, started_on + dt.timedelta(days=30)),
    ]
    due = started_on + dt.timedelta(days=60)
    while due <= planned_end_on:
        schedule.append((FollowUpKind.MONTHLY, due))
        due += dt.timedelta(days=30)
    return [(str(kind), day) for kind, day in schedule]


def _start_stay(proposal: Proposal, acting_user: User) -> Stay:
    assert proposal.offer_id is not None
    offer = HostOffer.objects.select_for_update(of=("self",)).get(pk=proposal.offer_id)
    household = proposal.household
    if offer.status != OfferStatus.ACTIVE:
        raise Refused(HostingError.OFFER_TAKEN, _("This offer is no longer available."))
    started_on = max(timezone.localdate(), offer.available_from, household.needed_from)
    months = min(max(household.months_needed, offer.min_months), offer.max_months)
    planned_end_on = started_on + dt.timedelta(days=30 * months)
    if offer.available_until is not None:
        planned_end_on = min(planned_end_on, offer.available_until)
    return stay_start(
        offer=offer,
        household=household,
        acting_user=acting_user,
        started_on=started_on,
        planned_end_on=planned_end_on,
        proposal=proposal,
    )


@transaction.atomic
def stay_start(
    *,
    offer: HostOffer,
    household: Household,
    acting_user: User,
    started_on: dt.date,
    planned_end_on: dt.date,
    proposal: Proposal | None = None,
) -> Stay:
    if not policies.can_manage_household(user=acting_user, household=household):
        raise _forbidden()
    problems = offer_refusals(_household_facts(household), _offer_facts(offer))
    problems = [p for p in problems if p not in ("not_available_in_time",)]
    if problems:
        raise Refused(
            HostingError.SAFEGUARDING,
            _("This home does not meet the safeguarding rules for this household."),
            details={"reasons": problems},
        )
    try:
        with transaction.atomic():
            stay = Stay.objects.create(
                city=offer.city,
                offer=offer,
                household=household,
                organisation=household.organisation,
                proposal=proposal,
                started_on=started_on,
                planned_end_on=planned_end_on,
                is_demo=household.is_demo,
            )
    except IntegrityError as exc:
        raise Refused(HostingError.OFFER_TAKEN, _("This offer is already hosting a household.")) from exc
    FollowUp.objects.bulk_create(
        [FollowUp(stay=stay, kind=kind, due_on=day) for kind, day in followup_schedule(started_on, planned_end_on)]
    )
    HostOffer.objects.filter(pk=offer.pk).update(status=OfferStatus.HOSTING, updated_at=timezone.now())
    household.status = HouseholdStatus.HOSTED
    household.save(update_fields=["status", "updated_at"])
    others = Proposal.objects.filter(household=household, status=ProposalStatus.PROPOSED)
    if proposal is not None:
        others = others.exclude(pk=proposal.pk)
    others.update(status=ProposalStatus.WITHDRAWN, decided_at=timezone.now())
    audit_record(action=events.STAY_STARTED, actor=acting_user, city=offer.city, target=stay)
    return stay


def _household_facts(h: Household) -> HouseholdFacts:
    return HouseholdFacts(
        id=h.pk,
        composition=h.composition,
        adults=h.adults,
        children=h.children,
        needed_from=h.needed_from.toordinal(),
        months_needed=h.months_needed,
        step_free_needed=h.step_free_needed,
        has_pet=h.has_pet,
    )


def _offer_facts(o: HostOffer) -> OfferFacts:
    verified = HostVerification.objects.filter(offer=o, decision=VerificationDecision.VERIFIED).exists()
    return OfferFacts(
        id=o.pk,
        verified=verified,
        beds=o.beds,
        resident_men=o.resident_men,
        resident_women=o.resident_women,
        available_from=o.available_from.toordinal(),
        available_until=o.available_until.toordinal() if o.available_until else None,
        min_months=o.min_months,
        max_months=o.max_months,
        step_free=o.step_free,
        accepts_children=o.accepts_children,
        accepts_men=o.accepts_men,
        accepts_guest_pets=o.accepts_guest_pets,
    )


# --- During and at the end of a stay -------------------------------------------------------------------------


def _lock_stay(stay: Stay) -> Stay:
    return (
        Stay.objects.select_for_update(of=("self",))
        .select_related("city", "organisation", "offer", "household")
        .get(pk=stay.pk)
    )


@transaction.atomic
def followup_record(
    *, followup: FollowUp, acting_user: User, notes: str = "", concern: bool = False, done_on: dt.date | None = None
) -> FollowUp:
    stay = _lock_stay(followup.stay)
    if not policies.can_follow_stay(user=acting_user, stay=stay):
        raise _forbidden()
    followup = FollowUp.objects.select_for_update(of=("self",)).get(pk=followup.pk)
    followup.done_on = done_on or timezone.localdate()
    followup.done_by = acting_user
    followup.notes = notes[:4000]
    followup.concern = concern
    followup.full_clean()
    followup.save()
    audit_record(
        action=events.FOLLOWUP_RECORDED, actor=acting_user, city=stay.city, target=followup, data={"concern": concern}
    )
    return followup


@transaction.atomic
def incident_open(
    *,
    stay: Stay,
    acting_user: User,
    kind: str = IncidentKind.INCIDENT,
    urgency: str = Urgency.MEDIUM,
    description: str = "",
) -> Incident:
    """An incident or a breakdown opens a case with its urgency; a breakdown also starts the notice at once."""
    stay = _lock_stay(stay)
    if not policies.can_view_stay(user=acting_user, stay=stay):
        raise _forbidden()
    if stay.status == StayStatus.ENDED:
        raise Refused(HostingError.STAY_NOT_ACTIVE, _("This stay has ended."))
    incident = Incident(stay=stay, kind=kind, urgency=urgency, description=description[:4000], opened_by=acting_user)
    incident.full_clean()
    incident.save()
    audit_record(
        action=events.INCIDENT_OPENED,
        actor=acting_user,
        city=stay.city,
        target=incident,
        data={"kind": kind, "urgency": urgency},
    )
    if kind == IncidentKind.BREAKDOWN and stay.status == StayStatus.ACTIVE:
        by = (
            NoticeBy.HOST
            if stay.offer is not None and policies.is_host_of(user=acting_user, offer=stay.offer)
            else NoticeBy.ASSOCIATION
        )
        _notice(stay, acting_user, by=by, days=0)
    return incident


@transaction.atomic
def incident_close(*, incident: Incident, acting_user: User) -> Incident:
    stay = _lock_stay(incident.stay)
    if not policies.can_follow_stay(user=acting_user, stay=stay):
        raise _forbidden()
    incident.closed_at = timezone.now()
    incident.save(update_fields=["closed_at"])
    audit_record(action=events.INCIDENT_CLOSED, actor=acting_user, city=stay.city, target=incident)
    return incident


def _notice(stay: Stay, acting_user: User, *, by: str, days: int) -> Stay:
    today = timezone.localdate()
    stay.status = StayStatus.NOTICE
    stay.notice_by = by
    stay.notice_given_on = today
    stay.notice_ends_on = today + dt.timedelta(days=days)
    stay.save(update_fields=["status", "notice_by", "notice_given_on", "notice_ends_on"])
    # The support association is alerted: the alternative to find is first on its follow-up list, and its
    # members get an email once the notice is recorded.
    FollowUp.objects.create(stay=stay, kind=FollowUpKind.NOTICE, due_on=today)
    stay_id = stay.pk
    transaction.on_commit(lambda: notice_alert_send(stay_id=stay_id))
    audit_record(
        action=events.NOTICE_GIVEN,
        actor=acting_user,
        city=stay.city,
        target=stay,
        data={"by": by, "ends_on": stay.notice_ends_on.isoformat()},
    )
    return stay


def notice_alert_send(*, stay_id: int) -> int:
    """Emails the support association's members that notice was given (in each member's language): the stay's
    reference and end date, and the page where the alternative is recorded. No name, no address."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils import translation

    stay = Stay.objects.select_related("household", "organisation").filter(pk=stay_id).first()
    if stay is None or stay.notice_ends_on is None:
        return 0
    sent = 0
    members = User.objects.filter(memberships__organisation=stay.organisation, is_active=True).exclude(email="")
    for member in members:
        with translation.override(member.preferred_language or settings.LANGUAGE_CODE):
            subject = _("Notice given for the stay of %(ref)s") % {
                "ref": stay.household.reference if stay.household else "—"
            }
            body = _(
                "Notice has been given: the stay ends on %(end)s. Find and record an alternative (another host, "
                "a shelter place or the housing path) before it ends: %(path)s"
            ) % {"end": stay.notice_ends_on.isoformat(), "path": reverse("hosting:stay_detail", args=[stay.pk])}
        send_mail(subject, body, None, [member.email])
        sent += 1
    return sent


@transaction.atomic
def stay_give_notice(*, stay: Stay, acting_user: User, by: str, days: int = NOTICE_DAYS) -> Stay:
    """The host or the guest ends the arrangement: a notice period starts and the association is alerted."""
    stay = _lock_stay(stay)
    if not policies.can_give_notice(user=acting_user, stay=stay):
        raise _forbidden()
    if by not in NoticeBy.values:
        raise Refused(HostingError.INVALID, _("Say who gives notice."), status=422)
    if (
        by == NoticeBy.HOST
        and not (stay.offer is not None and policies.is_host_of(user=acting_user, offer=stay.offer))
        and not policies.can_follow_stay(user=acting_user, stay=stay)
    ):
        raise _forbidden()
    if stay.status != StayStatus.ACTIVE:
        raise Refused(HostingError.STAY_NOT_ACTIVE, _("Notice has already been given for this stay."))
    if not 0 <= days <= 90:
        raise Refused(HostingError.INVALID, _("A notice lasts from 0 to 90 days."), status=422)
    return _notice(stay, acting_user, by=by, days=days)


@transaction.atomic
def stay_record_alternative(*, stay: Stay, acting_user: User, kind: str, note: str = "") -> Stay:
    """The association records where the household goes next: another host, a shelter place, the housing path."""
    stay = _lock_stay(stay)
    if not policies.can_follow_stay(user=acting_user, stay=stay):
        raise _forbidden()
    if kind not in AlternativeKind.values:
        raise Refused(HostingError.INVALID, _("Choose the alternative found."), status=422)
    stay.alternative = kind
    stay.alternative_note = note[:500]
    stay.alternative_recorded_at = timezone.now()
    stay.save(update_fields=["alternative", "alternative_note", "alternative_recorded_at"])
    FollowUp.objects.filter(stay=stay, kind=FollowUpKind.NOTICE, done_on__isnull=True).update(
        done_on=timezone.localdate(), done_by=acting_user
    )
    audit_record(
        action=events.ALTERNATIVE_RECORDED, actor=acting_user, city=stay.city, target=stay, data={"kind": kind}
    )
    return stay


@transaction.atomic
def stay_end(*, stay: Stay, acting_user: User) -> Stay:
    """Ends the stay. Refused until an alternative is recorded: the household is never left with nothing."""
    stay = _lock_stay(stay)
    if not policies.can_follow_stay(user=acting_user, stay=stay):
        raise _forbidden()
    if stay.status == StayStatus.ENDED:
        raise Refused(HostingError.STAY_NOT_ACTIVE, _("This stay has ended."))
    if not stay.alternative:
        raise Refused(
            HostingError.ALTERNATIVE_REQUIRED, _("Record where the household goes next before ending the stay.")
        )
    stay.status = StayStatus.ENDED
    stay.ended_on = timezone.localdate()
    stay.save(update_fields=["status", "ended_on"])
    if stay.offer_id is not None:
        bad = stay.incidents.filter(kind=IncidentKind.BREAKDOWN).exists()
        HostOffer.objects.filter(pk=stay.offer_id or 0, status=OfferStatus.HOSTING).update(
            status=OfferStatus.PAUSED if bad else OfferStatus.ACTIVE, updated_at=timezone.now()
        )
    household = stay.household
    if household is not None:
        household.status = {
            AlternativeKind.ANOTHER_HOST: HouseholdStatus.WAITING,
            AlternativeKind.SHELTER: HouseholdStatus.SHELTERED,
        }.get(AlternativeKind(stay.alternative), HouseholdStatus.CLOSED)
        if household.status == HouseholdStatus.CLOSED:
            household.closed_at = timezone.now()
        household.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(
        action=events.STAY_ENDED, actor=acting_user, city=stay.city, target=stay, data={"alternative": stay.alternative}
    )
    return stay


# --- Retention -----------------------------------------------------------------------------------------------


@transaction.atomic
def households_purge(*, now: dt.datetime | None = None) -> int:
    """Deletes households whose file closed more than RETENTION ago, and the notes and incident texts of their
    stays; the stays stay, anonymous, so that placements are still counted."""
    now = now or timezone.now()
    due = list(
        Household.objects.filter(status=HouseholdStatus.CLOSED, closed_at__lt=now - RETENTION).values_list(
            "pk", "city_id"
        )
    )
    if not due:
        return 0
    ids = [pk for pk, _city in due]
    FollowUp.objects.filter(stay__household_id__in=ids).update(notes="")
    Incident.objects.filter(stay__household_id__in=ids).update(description="")
    Household.objects.filter(pk__in=ids).delete()
    for city_id in sorted({c for _pk, c in due}):
        audit_record(
            action=events.HOUSEHOLDS_PURGED,
            city=City.objects.get(pk=city_id),
            data={"count": sum(1 for _pk, c in due if c == city_id)},
        )
    return len(ids)
