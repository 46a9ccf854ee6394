"""Who may do what in the partner registry. Views, endpoints and other apps ask here.

Vetting before trust: an organisation the City has not verified (pending or refused) can describe itself — edit
its profile, invite members, take a read-only API token — and nothing more. Every partner power (beneficiaries,
mentoring proposals and pairings, publishing missions, writing through the API, members-only resources) asks
`organisation_is_trusted` first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accueil.accounts.policies import is_coordinator

from .models import Membership, MembershipRole, Organisation, Verification

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City


def organisation_is_trusted(organisation: Organisation) -> bool:
    """A coordinator of the City has verified the organisation: it may act as a partner, not only describe itself."""
    return organisation.verification == Verification.VERIFIED


def awaits_verification(user: User | AnonymousUser, city: City | None) -> bool:
    """The person belongs only to organisations of the city that the City has not verified yet: pages tell them
    why partner powers are not there and what happens next."""
    if not user.is_authenticated or city is None:
        return False
    roles = set(
        Membership.objects.filter(user=user, organisation__city=city).values_list(
            "organisation__verification", flat=True
        )
    )
    return bool(roles) and Verification.VERIFIED not in roles


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


def can_write_through_api(organisation: Organisation) -> bool:
    """A token with the write scope writes only while its organisation is verified."""
    return organisation_is_trusted(organisation)


def can_verify_organisation(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return is_coordinator(user=user, city=organisation.city)


def can_import_registry(user: User | AnonymousUser, city: City) -> bool:
    return is_coordinator(user=user, city=city)
