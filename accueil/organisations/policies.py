"""Who may do what in the partner registry. Views, endpoints and other apps ask here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accueil.accounts.policies import is_coordinator

from .models import Membership, MembershipRole, Organisation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City


def _membership_role(user: User | AnonymousUser, organisation: Organisation) -> str | None:
    if not user.is_authenticated or organisation.pk is None:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True).first()


def is_member(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Any person of the organisation (admin or member)."""
    return _membership_role(user, organisation) is not None


def is_organisation_admin(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return _membership_role(user, organisation) == MembershipRole.ADMIN


def can_create_organisation(user: User | AnonymousUser) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_active", False))


def can_manage_organisation(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Edit the profile and act for the organisation: its admins, or a coordinator of its city."""
    return is_organisation_admin(user, organisation) or is_coordinator(user=user, city=organisation.city)


def can_manage_members(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Members page, invitations, roles: the organisation's admins only."""
    return is_organisation_admin(user, organisation)


def can_manage_tokens(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return is_organisation_admin(user, organisation)


def can_verify_organisation(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return is_coordinator(user=user, city=organisation.city)


def can_import_registry(user: User | AnonymousUser, city: City) -> bool:
    return is_coordinator(user=user, city=city)
