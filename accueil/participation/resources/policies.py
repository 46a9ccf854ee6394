"""Who may do what with the resource library. "Members" are people with a membership of a verified organisation
of the city, plus its coordinators. They see members-only resources; everyone sees public ones. Members of a
resource's organisation, once it is verified (or coordinators, for the City's own resources and any other), share
and edit. An organisation the City has not verified yet opens nothing here (`organisation_is_trusted`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accueil.accounts.policies import is_coordinator
from accueil.organisations.models import Membership, Organisation, Verification
from accueil.organisations.policies import organisation_is_trusted

from ..models import Resource, ResourceVisibility
from ..policies import is_signed_in

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City

    Person = User | AnonymousUser


def is_city_member(user: Person, city: City | None) -> bool:
    if not is_signed_in(user) or city is None:
        return False
    if is_coordinator(user=user, city=city):
        return True
    return Membership.objects.filter(
        user=user, organisation__city=city, organisation__verification=Verification.VERIFIED
    ).exists()


def organisation_is_member(organisation: Organisation | None, city: City | None) -> bool:
    """A verified organisation of the city (through its API token) sees what the platform's members see."""
    return (
        organisation is not None
        and city is not None
        and organisation.city_id == city.pk
        and organisation_is_trusted(organisation)
    )


def can_view_resource(user: Person, resource: Resource) -> bool:
    if resource.visibility == ResourceVisibility.PUBLIC:
        return True
    return is_city_member(user, resource.city)


def can_share_for(user: Person, *, city: City | None, organisation: Organisation | None) -> bool:
    """Share a resource in the name of ``organisation`` (None: the City, coordinators only)."""
    if organisation is None:
        return is_coordinator(user=user, city=city)
    if organisation.city_id != getattr(city, "pk", None) or not is_signed_in(user):
        return False
    if is_coordinator(user=user, city=city):
        return True
    return (
        organisation_is_trusted(organisation)
        and Membership.objects.filter(user=user, organisation=organisation).exists()
    )


def can_edit_resource(user: Person, resource: Resource) -> bool:
    if is_coordinator(user=user, city=resource.city):
        return True
    if resource.organisation_id is None or not is_signed_in(user):
        return False
    return Membership.objects.filter(
        user=user, organisation_id=resource.organisation_id, organisation__verification=Verification.VERIFIED
    ).exists()
