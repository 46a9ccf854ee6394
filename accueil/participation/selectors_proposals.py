"""Reads of proposals and resources, with the visibility rules for the asking user and without N+1 queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from accueil.organisations.search_text import search_terms

from . import policies_proposals as policies
from .models_proposals import Proposal, ProposalModeration
from .models_resources import Resource, ResourceVersion, ResourceVisibility


def _published_measures() -> Prefetch:
    from accueil.plan.models import Measure

    return Prefetch(
        "measures",
        queryset=Measure.objects.filter(published=True, commitment__published=True).select_related("commitment"),
        to_attr="public_measures",
    )


def proposals_public(*, city: Any, status: str = "", district: Any = None) -> QuerySet[Proposal]:
    qs = Proposal.objects.filter(city=city, moderation=ProposalModeration.PUBLISHED)
    if status:
        qs = qs.filter(answer_status=status)
    if district is not None:
        qs = qs.filter(district=district)
    return qs.select_related("district").prefetch_related(_published_measures()).order_by("-created_at", "-id")


def proposals_pending(*, city: Any) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(city=city, moderation=ProposalModeration.PENDING)
        .select_related("district", "author")
        .order_by("created_at", "id")
    )


def proposals_of(*, user: Any, city: Any) -> QuerySet[Proposal]:
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    return Proposal.objects.filter(city=city, author=user).select_related("district").order_by("-created_at")


def proposal_get_visible(*, user: Any, city: Any, pk: int) -> Proposal | None:
    proposal = (
        Proposal.objects.filter(city=city, pk=pk)
        .select_related("district", "city", "author")
        .prefetch_related(_published_measures())
        .first()
    )
    if proposal is None or not policies.can_view_proposal(user, proposal):
        return None
    return proposal


def proposals_for_measure(*, measure: Any) -> list[Proposal]:
    """Published proposals feeding a plan measure (shown on the measure's page)."""
    return list(
        Proposal.objects.filter(measures=measure, moderation=ProposalModeration.PUBLISHED).order_by("-created_at")
    )


def resources_visible(*, user: Any, city: Any, query: str = "", tag: str = "") -> QuerySet[Resource]:
    return resources_listed(city=city, members=policies.is_city_member(user, city), query=query, tag=tag)


def resources_listed(*, city: Any, members: bool, query: str = "", tag: str = "") -> QuerySet[Resource]:
    """The city's resources, members-only ones included when ``members`` (the caller is a member, or an
    organisation of the city through its API token)."""
    qs = Resource.objects.filter(city=city)
    if not members:
        qs = qs.filter(visibility=ResourceVisibility.PUBLIC)
    for term in search_terms(query):
        qs = qs.filter(search_text__contains=term)
    if tag:
        qs = qs.filter(
            Q(tags__iexact=tag)
            | Q(tags__istartswith=f"{tag},")
            | Q(tags__icontains=f", {tag},")
            | Q(tags__iendswith=f", {tag}")
        )
    return qs.select_related("organisation").order_by("-updated_at", "-id")


def resource_get_visible(*, user: Any, city: Any, pk: int) -> Resource | None:
    resource = Resource.objects.filter(city=city, pk=pk).select_related("organisation", "city").first()
    if resource is None or not policies.can_view_resource(user, resource):
        return None
    return resource


def resource_versions(*, resource: Resource) -> QuerySet[ResourceVersion]:
    return resource.versions.select_related("created_by").order_by("-number")
