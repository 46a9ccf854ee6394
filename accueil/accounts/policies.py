"""Who may do what with people, roles and the audit log. Views and endpoints ask here."""

from __future__ import annotations

from typing import Any

from .models import SELF_SERVICE_ROLES, Role
from .selectors import user_has_role


def is_coordinator(*, user: Any, city: Any) -> bool:
    return user_has_role(user=user, city=city, role=Role.COORDINATOR)


def can_manage_roles(*, user: Any, city: Any) -> bool:
    """Only the platform coordinators of a city grant and revoke its roles."""
    return is_coordinator(user=user, city=city)


def can_revoke_role(*, user: Any, city: Any, target: Any, role: str) -> bool:
    """A coordinator may revoke any role, except their own coordinator role (nobody locks the city out)."""
    if not can_manage_roles(user=user, city=city):
        return False
    return not (target.pk == user.pk and role == Role.COORDINATOR)


def can_view_audit_log(*, user: Any, city: Any) -> bool:
    return is_coordinator(user=user, city=city)


def can_self_assign(*, role: str) -> bool:
    """Volunteer, host and translator are self-service; the other roles are granted by a coordinator."""
    return role in {str(r) for r in SELF_SERVICE_ROLES}
