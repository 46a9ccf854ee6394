"""Reads about people and their roles."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator

from .models import SENSITIVE_ROLES, Role, RoleAssignment, User


def user_roles(*, user: Any, city: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False) or city is None:
        return set()
    cache_attr = f"_roles_{city.pk}"
    if not hasattr(user, cache_attr):
        setattr(
            user, cache_attr, set(RoleAssignment.objects.filter(user=user, city=city).values_list("role", flat=True))
        )
    return set(getattr(user, cache_attr))


def user_has_role(*, user: Any, city: Any, role: Role | str) -> bool:
    return str(role) in user_roles(user=user, city=city)


def user_needs_two_factor(*, user: User) -> bool:
    """True for anyone holding, in any city, a role that can see refugees' personal data."""
    return RoleAssignment.objects.filter(user=user, role__in=[str(r) for r in SENSITIVE_ROLES]).exists()


def user_has_two_factor(*, user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
