"""Who may do what with buildings, sites, beds and reservations. Views and endpoints ask here.

- Coordinators of the city: everything, and the city-wide views.
- Operators: members of the verified organisation that runs a site, for that site only.
- Referring partners: members of any verified organisation of the city: they see free places and reserve them
  for their own requests; they never see another partner's requests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from accueil.accounts.policies import is_coordinator
from accueil.organisations.models import Organisation, Verification

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City

    from .models import Building, PlaceRequest, Reservation, Site

    Person = User | AnonymousUser


def partner_organisations(*, user: Person, city: City) -> QuerySet[Organisation]:
    """The verified organisations of the city the person is a member of."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(city=city, verification=Verification.VERIFIED, memberships__user=user).order_by(
        "name", "pk"
    )


def is_partner(*, user: Person, city: City) -> bool:
    return partner_organisations(user=user, city=city).exists()


def can_view_places(*, user: Person, city: City) -> bool:
    return is_coordinator(user=user, city=city) or is_partner(user=user, city=city)


def can_request_for(*, user: Person, organisation: Organisation) -> bool:
    return (
        user.is_authenticated
        and organisation.verification == Verification.VERIFIED
        and organisation.memberships.filter(user=user).exists()
    )


def can_operate_site(*, user: Person, site: Site) -> bool:
    """Members of the site's (verified) operator, and the city's coordinators."""
    if not user.is_authenticated:
        return False
    if is_coordinator(user=user, city=site.city):
        return True
    return can_request_for(user=user, organisation=site.operator)


def can_view_request(*, user: Person, place_request: PlaceRequest) -> bool:
    return is_coordinator(user=user, city=place_request.city) or can_request_for(
        user=user, organisation=place_request.organisation
    )


def can_cancel_reservation(*, user: Person, reservation: Reservation) -> bool:
    if reservation.organisation is not None and can_request_for(user=user, organisation=reservation.organisation):
        return True
    return can_operate_site(user=user, site=reservation.site)


def can_propose_building(*, user: Person, city: City) -> bool:
    return is_coordinator(user=user, city=city) or is_partner(user=user, city=city)


def can_decide_building(*, user: Person, building: Building) -> bool:
    """The City's property team decides: the city's coordinators."""
    return user.is_authenticated and is_coordinator(user=user, city=building.city)


def can_view_city_overview(*, user: Person, city: City) -> bool:
    return user.is_authenticated and is_coordinator(user=user, city=city)
