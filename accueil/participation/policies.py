"""Who may do what with events. Views and endpoints ask here."""

from __future__ import annotations

from typing import Any

from accueil.accounts.models import Role
from accueil.accounts.selectors import user_has_role
from accueil.organisations.models import Membership, Organisation

from .models import Event, EventStatus, Registration


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_active", False))


def is_coordinator(user: Any, city: Any) -> bool:
    return _authenticated(user) and city is not None and user_has_role(user=user, city=city, role=Role.COORDINATOR)


def is_member_of(user: Any, organisation: Organisation) -> bool:
    if not _authenticated(user):
        return False
    return Membership.objects.filter(user=user, organisation=organisation).exists()


def can_organise_for(user: Any, *, city: Any, organisation: Organisation | None) -> bool:
    """Create an event for `organisation` (None: the City) — its members, or a coordinator for the City."""
    if organisation is None:
        return is_coordinator(user, city)
    return organisation.city_id == getattr(city, "pk", None) and is_member_of(user, organisation)


def can_manage_event(user: Any, event: Event) -> bool:
    """Edit, publish, cancel, see registrants and mark attendance."""
    if event.organiser is None:
        return is_coordinator(user, event.city)
    return is_member_of(user, event.organiser)


def can_view_event(user: Any, event: Event) -> bool:
    return event.status != EventStatus.DRAFT or can_manage_event(user, event)


def can_register(user: Any, event: Event) -> bool:
    return _authenticated(user) and event.status == EventStatus.PUBLISHED


def can_cancel_registration(user: Any, registration: Registration) -> bool:
    return _authenticated(user) and (registration.user_id == user.pk or can_manage_event(user, registration.event))
