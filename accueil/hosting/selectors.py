"""Reads of hosting records, with visibility applied. Reading one offer (by anyone but its host), one household
or one stay writes an audit row; the lists show pseudonymous facts only."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import BooleanField, Count, ExpressionWrapper, Min, Q, QuerySet, Sum
from django.utils import timezone

from accueil.audit.services import audit_record
from accueil.shelters.models import audience_mask, audiences_of
from accueil.shelters.selectors import FreePlaces
from accueil.territories.models import District

from . import events, policies
from .models import (
    FollowUp,
    HostOffer,
    Household,
    Incident,
    OfferStatus,
    Proposal,
    ProposalStatus,
    Stay,
    StayStatus,
)

if TYPE_CHECKING:
    from accueil.shelters.policies import Person
    from accueil.territories.models import City

# A host's offer not updated for this long is shown as stale among the free places.
OFFER_STALE_AFTER = dt.timedelta(days=30)


def _audit_read(action: str, user: Person, target: object, city: City, scope: str = "page") -> None:
    audit_record(action=action, actor=user, city=city, target=target, data={"scope": scope})  # type: ignore[arg-type]


# --- Offers --------------------------------------------------------------------------------------------------


def offers_of_host(*, user: Person, city: City) -> QuerySet[HostOffer]:
    if not user.is_authenticated:
        return HostOffer.objects.none()
    return (
        HostOffer.objects.filter(city=city, host=user)
        .select_related("district", "verifier", "verification")
        .prefetch_related("languages")
        .order_by("-created_at", "-pk")
    )


def offer_get_visible(*, user: Person, city: City, pk: int, scope: str = "page") -> HostOffer | None:
    offer = (
        HostOffer.objects.select_related("city", "district", "verifier", "operator", "verification", "host")
        .prefetch_related("languages")
        .filter(city=city, pk=pk)
        .first()
    )
    if offer is None or not policies.can_view_offer(user=user, offer=offer):
        return None
    if not policies.is_host_of(user=user, offer=offer):
        _audit_read(events.OFFER_VIEWED, user, offer, city, scope)
    return offer


def offers_to_verify(*, user: Person, city: City) -> QuerySet[HostOffer]:
    """Offers the person's associations verify and support (all of them, newest first)."""
    return (
        HostOffer.objects.filter(city=city, verifier__in=policies.partner_organisations(user=user, city=city))
        .select_related("district", "verification", "verifier")
        .order_by("status", "-created_at", "-pk")
    )


def offer_counts(*, city: City) -> dict[str, int]:
    counts = dict.fromkeys(OfferStatus.values, 0)
    for row in HostOffer.objects.filter(city=city).values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


def hosting_free_places(city: City, now: dt.datetime) -> list[FreePlaces]:
    """Residents' verified offers open to proposals, as free places tonight, grouped by district: one grouped
    query over the offers (by district and by what the home allows)."""
    men_only = ExpressionWrapper(Q(resident_men__gt=0, resident_women=0), output_field=BooleanField())
    rows = (
        HostOffer.objects.filter(city=city, status=OfferStatus.ACTIVE, available_from__lte=now.date())
        .annotate(
            men_only=men_only,
            for_two=ExpressionWrapper(Q(beds__gte=2), output_field=BooleanField()),
            for_three=ExpressionWrapper(Q(beds__gte=3), output_field=BooleanField()),
        )
        .values("district_id", "accepts_men", "accepts_children", "men_only", "for_two", "for_three")
        .annotate(free=Sum("beds"), oldest=Min("updated_at"))
        .order_by()
    )
    districts = {
        pk: (name, number)
        for pk, name, number in District.objects.filter(city=city).values_list("pk", "name", "number")
    }
    merged: dict[int | None, dict] = {}
    for row in rows:
        audiences = []
        if row["accepts_men"]:
            audiences += ["men_alone", "families"]
        if not row["men_only"]:
            audiences.append("women_alone")
            if row["accepts_children"] and row["for_two"]:
                audiences.append("women_with_children")
        if row["accepts_children"] and row["accepts_men"] and row["for_three"]:
            audiences.append("families")
        name, number = districts.get(row["district_id"], ("", None))
        entry = merged.setdefault(number, {"name": name, "free": 0, "mask": 0, "oldest": row["oldest"]})
        entry["free"] += row["free"] or 0
        entry["mask"] |= audience_mask(audiences)
        entry["oldest"] = min(entry["oldest"], row["oldest"])
    return [
        FreePlaces(
            kind="hosting",
            name=entry["name"],
            district=entry["name"],
            district_number=number,
            audiences=tuple(audiences_of(entry["mask"])),
            free=entry["free"],
            last_confirmed_at=entry["oldest"],
            stale=now - entry["oldest"] > OFFER_STALE_AFTER,
        )
        for number, entry in sorted(merged.items(), key=lambda item: item[0] or 0)
    ]


# --- Households ----------------------------------------------------------------------------------------------


def households_of(*, user: Person, city: City, include_closed: bool = False) -> QuerySet[Household]:
    qs = Household.objects.filter(city=city, organisation__in=policies.partner_organisations(user=user, city=city))
    if not include_closed:
        qs = qs.exclude(status="closed")
    return (
        qs.select_related("organisation", "services_district")
        .prefetch_related("languages")
        .order_by("-created_at", "-pk")
    )


def household_get_visible(*, user: Person, city: City, pk: int, scope: str = "page") -> Household | None:
    household = (
        Household.objects.select_related("organisation", "city", "services_district")
        .prefetch_related("languages")
        .filter(city=city, pk=pk)
        .first()
    )
    if household is None or not policies.can_view_household(user=user, household=household):
        return None
    _audit_read(events.HOUSEHOLD_VIEWED, user, household, city, scope)
    return household


def household_proposals(*, household: Household) -> QuerySet[Proposal]:
    return household.proposals.select_related("offer", "offer__district", "unit", "unit__site").order_by(
        "-created_at", "pk"
    )


def household_stays(*, household: Household) -> QuerySet[Stay]:
    return household.stays.select_related("offer", "offer__district").order_by("-started_on", "pk")


# --- Proposals -----------------------------------------------------------------------------------------------


def proposals_for_host(*, user: Person, city: City) -> QuerySet[Proposal]:
    if not user.is_authenticated:
        return Proposal.objects.none()
    return (
        Proposal.objects.filter(city=city, offer__host=user, status=ProposalStatus.PROPOSED)
        .select_related("household", "offer")
        .prefetch_related("household__languages")
        .order_by("-created_at", "pk")
    )


def proposals_for_associations(*, user: Person, city: City) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(
            city=city,
            household__organisation__in=policies.partner_organisations(user=user, city=city),
            status=ProposalStatus.PROPOSED,
        )
        .select_related("household", "offer", "offer__district", "unit", "unit__site")
        .order_by("-score", "pk")
    )


def proposal_get_visible(*, user: Person, city: City, pk: int) -> Proposal | None:
    proposal = (
        Proposal.objects.select_related("household", "household__organisation", "offer", "unit", "city")
        .filter(city=city, pk=pk)
        .first()
    )
    if proposal is None:
        return None
    if policies.can_answer_for_host(user=user, proposal=proposal) or policies.can_answer_for_household(
        user=user, proposal=proposal
    ):
        return proposal
    return None


# --- Stays ---------------------------------------------------------------------------------------------------


def stays_followed(*, user: Person, city: City) -> QuerySet[Stay]:
    """Running stays followed by the person's associations (every running stay for a coordinator)."""
    qs = Stay.objects.filter(city=city, status__in=[StayStatus.ACTIVE, StayStatus.NOTICE])
    if not policies.can_view_city_overview(user=user, city=city):
        qs = qs.filter(organisation__in=policies.partner_organisations(user=user, city=city))
    return (
        qs.select_related("household", "offer", "offer__district", "organisation")
        .annotate(open_incidents=Count("incidents", filter=Q(incidents__closed_at__isnull=True)))
        .order_by("status", "planned_end_on", "pk")
    )


def stays_of_host(*, user: Person, city: City) -> QuerySet[Stay]:
    if not user.is_authenticated:
        return Stay.objects.none()
    return (
        Stay.objects.filter(city=city, offer__host=user)
        .select_related("household", "offer", "organisation")
        .order_by("status", "-started_on", "pk")
    )


def stay_get_visible(*, user: Person, city: City, pk: int) -> Stay | None:
    stay = (
        Stay.objects.select_related("city", "offer", "offer__district", "offer__host", "household", "organisation")
        .filter(city=city, pk=pk)
        .first()
    )
    if stay is None or not policies.can_view_stay(user=user, stay=stay):
        return None
    _audit_read(events.STAY_VIEWED, user, stay, city)
    return stay


def stay_followups(*, stay: Stay) -> QuerySet[FollowUp]:
    return stay.followups.select_related("done_by").order_by("due_on", "pk")


def stay_incidents(*, stay: Stay) -> QuerySet[Incident]:
    return stay.incidents.order_by("closed_at", "-opened_at", "pk")


def followup_get_visible(*, user: Person, city: City, pk: int) -> FollowUp | None:
    followup = (
        FollowUp.objects.select_related("stay", "stay__city", "stay__organisation")
        .filter(stay__city=city, pk=pk)
        .first()
    )
    if followup is None or not policies.can_follow_stay(user=user, stay=followup.stay):
        return None
    return followup


def incident_get_visible(*, user: Person, city: City, pk: int) -> Incident | None:
    incident = (
        Incident.objects.select_related("stay", "stay__city", "stay__organisation")
        .filter(stay__city=city, pk=pk)
        .first()
    )
    if incident is None or not policies.can_follow_stay(user=user, stay=incident.stay):
        return None
    return incident


def followups_due(*, user: Person, city: City, today: dt.date | None = None) -> QuerySet[FollowUp]:
    today = today or timezone.localdate()
    return (
        FollowUp.objects.filter(
            stay__city=city,
            stay__organisation__in=policies.partner_organisations(user=user, city=city),
            stay__status__in=[StayStatus.ACTIVE, StayStatus.NOTICE],
            done_on__isnull=True,
            due_on__lte=today + dt.timedelta(days=7),
        )
        .select_related("stay", "stay__household")
        .order_by("due_on", "pk")
    )


def stays_ending_without_alternative(*, city: City, days: int = 30, today: dt.date | None = None) -> QuerySet[Stay]:
    """Running stays ending (planned end or notice end) within `days` with no alternative recorded."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=days)
    return (
        Stay.objects.filter(city=city, status__in=[StayStatus.ACTIVE, StayStatus.NOTICE], alternative="")
        .filter(Q(planned_end_on__lte=horizon) | Q(notice_ends_on__lte=horizon))
        .select_related("household", "organisation", "offer__district")
        .order_by("planned_end_on", "pk")
    )


def stay_counts(*, city: City) -> dict[str, int]:
    return {
        "running": Stay.objects.filter(city=city, status__in=[StayStatus.ACTIVE, StayStatus.NOTICE]).count(),
        "notice": Stay.objects.filter(city=city, status=StayStatus.NOTICE).count(),
        "ended": Stay.objects.filter(city=city, status=StayStatus.ENDED).count(),
        "placements": Stay.objects.filter(city=city).count(),
        "open_incidents": Incident.objects.filter(stay__city=city, closed_at__isnull=True).count(),
    }
