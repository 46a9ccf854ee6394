"""Reads about people and their roles."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

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


def user_needs_two_factor(*, user: User) -> bool:
    """True for anyone holding, in any city, a role that can see refugees' personal data."""
    return RoleAssignment.objects.filter(user=user, role__in=[str(r) for r in SENSITIVE_ROLES]).exists()


def user_has_two_factor(*, user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_find_by_email(*, email: str) -> User | None:
    """The person with this exact address (case-insensitive), or None. Coordinators search by full address only."""
    email = (email or "").strip()
    if not email:
        return None
    return User.objects.filter(email__iexact=email).first()


def role_assignments_for_city(*, city: City, role: str = "") -> QuerySet[RoleAssignment]:
    queryset = RoleAssignment.objects.filter(city=city).select_related("user", "granted_by")
    if role:
        queryset = queryset.filter(role=role)
    return queryset.order_by("role", "user__email")


