"""Reads of proposals, with the visibility rules for the asking user and without N+1 queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from ..models import Proposal, ProposalModeration
from ..policies import is_signed_in
from . import policies

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.plan.models import Measure
    from accueil.territories.models import City, District


def _published_measures() -> Prefetch:
    from accueil.plan.models import Measure

    return Prefetch(
        "measures",
        queryset=Measure.objects.filter(published=True, commitment__published=True).select_related("commitment"),
        to_attr="public_measures",
    )


def proposals_public(*, city: City, status: str = "", district: District | None = None) -> QuerySet[Proposal]:
    qs = Proposal.objects.filter(city=city, moderation=ProposalModeration.PUBLISHED)
    if status:
        qs = qs.filter(answer_status=status)
    if district is not None:
        qs = qs.filter(district=district)
    return qs.select_related("district").prefetch_related(_published_measures()).order_by("-created_at", "-id")


def proposals_pending(*, city: City) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(city=city, moderation=ProposalModeration.PENDING)
        .select_related("district", "author")
        .order_by("created_at", "id")
    )


def proposals_of(*, user: User | AnonymousUser, city: City) -> QuerySet[Proposal]:
    if not is_signed_in(user):
        return Proposal.objects.none()
    return Proposal.objects.filter(city=city, author=user).select_related("district").order_by("-created_at")


def proposal_get_visible(*, user: User | AnonymousUser, city: City, pk: int) -> Proposal | None:
    proposal = (
        Proposal.objects.filter(city=city, pk=pk)
        .select_related("district", "city", "author")
        .prefetch_related(_published_measures())
        .first()
    )
    if proposal is None or not policies.can_view_proposal(user, proposal):
        return None
    return proposal


def proposals_for_measure(*, measure: Measure) -> list[Proposal]:
    """Published proposals feeding a plan measure (shown on the measure's page)."""
    return list(
        Proposal.objects.filter(measures=measure, moderation=ProposalModeration.PUBLISHED).order_by("-created_at")
    )
