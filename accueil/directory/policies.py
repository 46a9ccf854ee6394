"""Who may do what in the directory. Organisations keep their own records; coordinators moderate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accueil.accounts.policies import can_read_city_dashboards, is_coordinator
from accueil.organisations.policies import can_manage_organisation, is_member

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City


def can_edit_for_organisation(user: User | AnonymousUser, organisation: Any) -> bool:
    """Create and edit the organisation's places and services, verify them, read their reports."""
    return is_member(user, organisation) or can_manage_organisation(user, organisation)


def can_edit_service(user: User | AnonymousUser, service: Any) -> bool:
    return can_edit_for_organisation(user, service.organisation)


def can_moderate(user: User | AnonymousUser, city: City) -> bool:
    """Publish, unpublish, see the change log, stale records and coverage gaps: the city's coordinators."""
    return is_coordinator(user=user, city=city)


def can_publish_service(user: User | AnonymousUser, service: Any) -> bool:
    return can_moderate(user, service.city)


def can_read_moderation(user: User | AnonymousUser, city: City) -> bool:
    """The moderation queue and the coverage gaps are read by coordinators and, read-only, by elected officials."""
    return can_read_city_dashboards(user=user, city=city)
