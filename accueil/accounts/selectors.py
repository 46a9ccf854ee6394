"""Reads about people and their roles."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, TypeGuard

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from accueil.core.readers import can_read_sensitive, sensitive_reads

from .models import SENSITIVE_ROLES, Role, RoleAssignment, User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.territories.models import City


def is_signed_in(user: User | AnonymousUser | None) -> TypeGuard[User]:
    """A real account (not the anonymous visitor, not no one)."""
    return bool(getattr(user, "is_authenticated", False))


def user_roles(*, user: User | AnonymousUser | None, city: City | None) -> set[str]:
    if not is_signed_in(user) or city is None:
        return set()
    cache_attr = f"_roles_{city.pk}"
    if not hasattr(user, cache_attr):
        setattr(
            user, cache_attr, set(RoleAssignment.objects.filter(user=user, city=city).values_list("role", flat=True))
        )
    return set(getattr(user, cache_attr))


def user_has_role(*, user: User | AnonymousUser | None, city: City | None, role: Role | str) -> bool:
    return str(role) in user_roles(user=user, city=city)


def holds_sensitive_role(user: User) -> bool:
    """A role that reads personal data in any city (coordinators read hosts' data, outreach workers persons)."""
    return RoleAssignment.objects.filter(user=user, role__in=[str(r) for r in SENSITIVE_ROLES]).exists()


def user_needs_two_factor(*, user: User) -> bool:
    """True for anyone who can read a sensitive field, whatever their role is called: each app holding such
    data registers who can read it (`accueil.core.readers`), the sensitive roles included; a platform operator
    (who creates cities and their first coordinators) always."""
    if user.is_staff or user.is_superuser:
        return True
    return can_read_sensitive(user)


def user_sensitive_reads(*, user: User) -> list[str]:
    """What this person can read that requires a second factor (the names registered by the apps)."""
    return sensitive_reads(user)


def user_has_two_factor(*, user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_two_factor_enrolled_at(*, user: User) -> datetime | None:
    """When this person enrolled their authenticator app, or None if they have none."""
    return (
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)
        .values_list("created_at", flat=True)
        .first()
    )


def user_find_by_email(*, email: str) -> User | None:
    """The person with this exact address (case-insensitive), or None. Coordinators search by full address only."""
    email = (email or "").strip()
    if not email:
        return None
    return User.objects.filter(email__iexact=email).first()


def user_get(*, pk: int) -> User | None:
    return User.objects.filter(pk=pk).first()


def holds_a_role_in(*, user_id: int, city: City) -> bool:
    return RoleAssignment.objects.filter(city=city, user_id=user_id).exists()


def role_assignments_for_city(*, city: City, role: str = "") -> QuerySet[RoleAssignment]:
    queryset = RoleAssignment.objects.filter(city=city).select_related("user", "granted_by")
    if role:
        queryset = queryset.filter(role=role)
    return queryset.order_by("role", "user__email")


