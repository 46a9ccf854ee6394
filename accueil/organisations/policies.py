"""Who may do what in the partner registry. Views, endpoints and other apps ask here."""

from __future__ import annotations

from typing import Any

from accueil.accounts.models import Role
from accueil.accounts.selectors import user_has_role

from .models import Membership, MembershipRole, Organisation


def _membership_role(user: Any, organisation: Organisation) -> str | None:
    if not getattr(user, "is_authenticated", False) or organisation.pk is None:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True).first()


def is_member(user: Any, organisation: Organisation) -> bool:
    """Any person of the organisation (admin or member)."""
    return _membership_role(user, organisation) is not None


def is_organisation_admin(user: Any, organisation: Organisation) -> bool:
    return _membership_role(user, organisation) == MembershipRole.ADMIN


def is_city_coordinator(user: Any, city: Any) -> bool:
    return city is not None and user_has_role(user=user, city=city, role=Role.COORDINATOR)


def can_create_organisation(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_active", False))


def can_manage_organisation(user: Any, organisation: Organisation) -> bool:
    """Edit the profile and act for the organisation: its admins, or a coordinator of its city."""
    return is_organisation_admin(user, organisation) or is_city_coordinator(user, organisation.city)


def can_manage_members(user: Any, organisation: Organisation) -> bool:
    """Members page, invitations, roles: the organisation's admins only."""
    return is_organisation_admin(user, organisation)


def can_manage_tokens(user: Any, organisation: Organisation) -> bool:
    return is_organisation_admin(user, organisation)


def can_verify_organisation(user: Any, organisation: Organisation) -> bool:
    return is_city_coordinator(user, organisation.city)


def can_import_registry(user: Any, city: Any) -> bool:
    return is_city_coordinator(user, city)
