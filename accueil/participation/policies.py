"""Who may do what with events. Views and endpoints ask here."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from accueil.accounts.policies import is_coordinator
from accueil.organisations.models import Membership, Organisation

from .models import Event, EventStatus, Registration

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City

    Person = User | AnonymousUser


def is_signed_in(user: Person) -> TypeGuard[User]:
    """A real, active account (not the anonymous visitor)."""
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_active", False))


def is_member_of(user: Person, organisation: Organisation) -> bool:
    if not is_signed_in(user):
        return False
    return Membership.objects.filter(user=user, organisation=organisation).exists()


def can_organise_for(user: Person, *, city: City | None, organisation: Organisation | None) -> bool:
    """Create an event for `organisation` (None: the City) — its members, or a coordinator for the City."""
    if organisation is None:
        return is_coordinator(user=user, city=city)
    return organisation.city_id == getattr(city, "pk", None) and is_member_of(user, organisation)


def can_manage_event(user: Person, event: Event) -> bool:
    """Edit, publish, cancel, see registrants and mark attendance."""
    if event.organiser is None:
        return is_coordinator(user=user, city=event.city)
    return is_member_of(user, event.organiser)


def can_view_event(user: Person, event: Event) -> bool:
    return event.status != EventStatus.DRAFT or can_manage_event(user, event)


def can_register(user: Person, event: Event) -> bool:
    return is_signed_in(user) and event.status == EventStatus.PUBLISHED


def can_cancel_registration(user: Person, registration: Registration) -> bool:
    return is_signed_in(user) and (registration.user_id == user.pk or can_manage_event(user, registration.event))
