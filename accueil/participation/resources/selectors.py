"""Reads of the resource library, with the visibility rules for the asking user and without N+1 queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from accueil.organisations.models import Organisation, Verification
from accueil.organisations.search_text import search_terms

from ..models import Resource, ResourceVersion, ResourceVisibility
from . import policies

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City


def resources_visible(*, user: User | AnonymousUser, city: City, query: str = "", tag: str = "") -> QuerySet[Resource]:
    return resources_listed(city=city, members=policies.is_city_member(user, city), query=query, tag=tag)


def resources_listed(*, city: City, members: bool, query: str = "", tag: str = "") -> QuerySet[Resource]:
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


def resource_get_visible(*, user: User | AnonymousUser, city: City, pk: int) -> Resource | None:
    resource = Resource.objects.filter(city=city, pk=pk).select_related("organisation", "city").first()
    if resource is None or not policies.can_view_resource(user, resource):
        return None
    return resource


def resource_versions(*, resource: Resource) -> QuerySet[ResourceVersion]:
    return resource.versions.select_related("created_by").order_by("-number")


def organisations_for_sharing(user: User, city: City, *, coordinator: bool) -> QuerySet[Organisation]:
    """The organisations a person may share a resource for: all of the city's for a coordinator, else their own
    verified ones (see `policies.can_share_for`)."""
    qs = Organisation.objects.filter(city=city).order_by("name")
    return qs if coordinator else qs.filter(memberships__user=user, verification=Verification.VERIFIED)
