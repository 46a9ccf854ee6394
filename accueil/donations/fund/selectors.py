"""Reads of the fund: the public transparency figures, calls and their applications, the committee's scores,
the allocation preview, and the sponsoring inputs."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import Avg, Count, Prefetch, Q, QuerySet, Sum

from accueil.accounts.policies import is_coordinator

from .. import fairness
from ..fairness import Candidate
from ..sponsoring import ProjectSpec, SponsorSpec
from .models import (
    Allocation,
    Application,
    CallForProjects,
    CallStatus,
    Campaign,
    Donation,
    Score,
    Sponsor,
    SponsorContact,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City


@dataclass
class Transparency:
    raised: Decimal
    allocated: Decimal
    donors_named: list[str]
    anonymous_count: int
    allocations: list[Allocation]
    calls: list[CallForProjects]
    campaigns: list[Campaign]


def transparency(*, city: City) -> Transparency:
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


def campaigns_recordable_by(*, user: User | AnonymousUser, city: City) -> QuerySet[Campaign]:
    """Campaigns whose gifts this person may record: those of foundations they belong to (all, for coordinators)."""
    queryset = Campaign.objects.filter(city=city).select_related("foundation")
    if not user.is_authenticated:
        return queryset.none()
    if not is_coordinator(user=user, city=city):
        queryset = queryset.filter(foundation__memberships__user=user)
    return queryset.order_by("-starts_on", "pk").distinct()


def calls_of_city(*, city: City) -> QuerySet[CallForProjects]:
    return (
        CallForProjects.objects.filter(city=city)
        .select_related("campaign")
        .annotate(n=Count("applications"))
        .order_by("-closes_on", "pk")
    )


def call_applications(*, call: CallForProjects, reviewer: User | None = None) -> list[Any]:
    """The call's applications with their mean score (`average`), score count, and the reviewer's own score."""
    applications: list[Any] = list(
        Application.objects.filter(call=call)
        .select_related("organisation", "district", "sector", "allocation")
        .annotate(average=Avg("scores__value"), score_count=Count("scores"))
        .order_by("pk")
    )
    mine: dict[int, Any] = {}
    if reviewer is not None:
        mine = {s.application_id: s for s in Score.objects.filter(application__call=call, reviewer=reviewer)}
    for application in applications:
        application.my_score = mine.get(application.pk)
    return applications


def applications_of_member(*, user: User | AnonymousUser, city: City) -> QuerySet[Any]:
    """Applications of the organisations this person belongs to, with allocation and confirmed sponsor contacts."""
    if not user.is_authenticated:
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


def sponsoring_inputs(
    *, city: City
) -> tuple[list[SponsorSpec], list[ProjectSpec], dict[int, Sponsor], dict[int, Application]]:
    """Sponsors and projects as `sponsoring` specs, with the rows by id for the page.
    Projects are the city's applications not yet put in contact with any sponsor; what a project still needs is
    what it asked minus what the fund allocated to it.
    """

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


def sponsor_contacts(*, city: City) -> QuerySet[Any]:

    return (
        SponsorContact.objects.filter(city=city)
        .select_related("sponsor", "application__organisation", "confirmed_by")
        .order_by("-created_at", "-pk")
    )


class PreviewRow(NamedTuple):
    application: Any
    amount: Decimal
    reasons: list[str]


def call_allocation_preview(*, call: CallForProjects, applications: list[Any]) -> list[PreviewRow]:
    """What the published rule would grant now (nothing once the call is allocated), with each grant's reasons.

    `applications` are the call's rows from `call_applications`, so the preview shows their averages too.
    """
    if call.status == CallStatus.ALLOCATED:
        return []
    by_id = {application.pk: application for application in applications}
    grants = fairness.allocate(
        candidates=call_candidates(call=call), budget=call.budget, cap_per_organisation=call.cap_per_organisation
    )
    return [
        PreviewRow(
            application=by_id[grant.key],
            amount=grant.amount,
            reasons=[fairness.reason_text(code, value) for code, value in grant.reasons],
        )
        for grant in grants
    ]
