"""Who may do what in the directory. Organisations keep their own records; coordinators moderate."""

from __future__ import annotations

from typing import Any

from accueil.organisations.policies import can_manage_organisation, is_city_coordinator, is_member


def can_edit_for_organisation(user: Any, organisation: Any) -> bool:
    """Create and edit the organisation's places and services, verify them, read their reports."""
    return is_member(user, organisation) or can_manage_organisation(user, organisation)


def can_edit_service(user: Any, service: Any) -> bool:
    return can_edit_for_organisation(user, service.organisation)


def can_moderate(user: Any, city: Any) -> bool:
    """Publish, unpublish, see the change log, stale records and coverage gaps: the city's coordinators."""
    return is_city_coordinator(user, city)


def can_publish_service(user: Any, service: Any) -> bool:
    return can_moderate(user, service.city)
