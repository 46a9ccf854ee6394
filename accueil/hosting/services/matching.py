"""Matching households to hosting offers and shelter units (safeguarding as hard rules), the answers, and
the start of a stay."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from decimal import Decimal

import numpy as np
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.accounts.models import User
from accueil.audit.services import audit_record
from accueil.core.errors import Refused
from accueil.core.geo import distance_km
from accueil.organisations.models import Organisation
from accueil.shelters import services as shelter_services
from accueil.shelters.models import Unit
from accueil.territories.models import City, District

from .. import events, policies
from ..edges import Edges, build_edges, solve_edges
from ..errors import HostingError
from ..models import (
    ANSWER_WITHIN,
    Answer,
    FollowUp,
    FollowUpKind,
    HostOffer,
    HostVerification,
    Household,
    HouseholdStatus,
    OfferStatus,
    Proposal,
    ProposalStatus,
    Stay,
    VerificationDecision,
)
from ..rules import (
    AUDIENCE_OF,
    HouseholdFacts,
    OfferFacts,
    ShelterUnitFacts,
    offer_criteria,
    offer_refusals,
    shelter_criteria,
)
from .common import NEAR_KM
from .common import forbidden as _forbidden


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


def closed_pairs(*, city: City, household_ids: Iterable[int]) -> set[str]:
    """Places a household already declined or let expire ("household:<id>|offer:<id>" or "|unit:<id>"): they are
    never proposed to it again, so the next run proposes the next candidate."""
    rows = Proposal.objects.filter(
        city=city,
        household_id__in=list(household_ids),
        status__in=(ProposalStatus.DECLINED, ProposalStatus.EXPIRED),
    ).values_list("household_id", "offer_id", "unit_id")
    return {f"household:{h}|" + (f"offer:{o}" if o is not None else f"unit:{u}") for h, o, u in rows}


def _without_pairs(edges: Edges, pairs: set[str]) -> Edges:
    if not pairs or not edges.count:
        return edges
    keep = np.fromiter(
        (
            f"{edges.slot_ids[s]}|{edges.agent_ids[a]}" not in pairs
            for s, a in zip(edges.edge_slot.tolist(), edges.edge_agent.tolist(), strict=True)
        ),
        dtype=bool,
        count=edges.count,
    )
    return Edges(
        agent_ids=edges.agent_ids,
        agent_capacity=edges.agent_capacity,
        slot_ids=edges.slot_ids,
        edge_agent=edges.edge_agent[keep],
        edge_slot=edges.edge_slot[keep],
        edge_millis=edges.edge_millis[keep],
    )


@transaction.atomic
def matching_run(*, city: City, acting_user: User, organisation: Organisation | None = None) -> list[Proposal]:
    """Proposes the best places for every waiting household (the exact optimum of the matching engine), with
    the safeguarding rules as hard constraints. Each proposal carries its reasons and the time by which both
    sides answer."""
    if not policies.can_run_matching(user=acting_user, city=city, organisation=organisation):
        raise _forbidden()
    return _propose(city=city, organisation=organisation, actor=acting_user)


def _propose(*, city: City, organisation: Organisation | None, actor: User | None) -> list[Proposal]:
    households, offers, units, distances = matching_facts(city=city, organisation=organisation)
    edges = build_edges(households=households, offers=offers, units=units, distance_millis=distances)
    edges = _without_pairs(edges, closed_pairs(city=city, household_ids=[h.id for h in households]))
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
                answer_by=now + ANSWER_WITHIN,
                **place,
            )
        )
    Proposal.objects.bulk_create(proposals, batch_size=1000)
    audit_record(
        action=events.MATCHING_RUN,
        actor=actor,
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


def proposals_expire(*, now: dt.datetime | None = None) -> int:
    """Proposals not answered by both sides in time expire; then, for each association concerned, the matching
    runs again and proposes the next candidate (never a place the household declined or let expire). Rows
    being answered at that moment are skipped (their answer wins). Returns how many expired."""
    now = now or timezone.now()
    concerned: dict[tuple[int, int], list[int]] = {}
    with transaction.atomic():
        due = list(
            Proposal.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(status=ProposalStatus.PROPOSED, answer_by__lte=now)
            .select_related("household")
            .order_by("pk")
        )
        for proposal in due:
            proposal.status = ProposalStatus.EXPIRED
            proposal.decided_at = now
        Proposal.objects.bulk_update(due, ["status", "decided_at"])
        for proposal in due:
            concerned.setdefault((proposal.city_id, proposal.household.organisation_id), []).append(proposal.pk)
        for (city_id, organisation_id), pks in concerned.items():
            audit_record(
                action=events.PROPOSALS_EXPIRED,
                city=City.objects.get(pk=city_id),
                data={"proposals": pks, "organisation": organisation_id},
            )
    for city_id, organisation_id in concerned:
        try:
            with transaction.atomic():
                _propose(
                    city=City.objects.get(pk=city_id),
                    organisation=Organisation.objects.get(pk=organisation_id),
                    actor=None,
                )
        except IntegrityError:
            continue  # another run proposed to the same household or place meanwhile: the next run catches up
    return len(due)


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
    if proposal.status == ProposalStatus.EXPIRED:
        raise Refused(
            HostingError.PROPOSAL_EXPIRED,
            _("This proposal expired: it was not answered in time. Another place is being proposed."),
        )
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
