"""Who may do what with people, roles and the audit log. Views and endpoints ask here.

`is_coordinator` is the one answer to "is this person a platform coordinator of this city?": every app asks it
here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from .models import SELF_SERVICE_ROLES, Role, User
from .selectors import is_signed_in, user_has_role, user_roles

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.territories.models import City


def is_active_user(user: User | AnonymousUser | None) -> TypeGuard[User]:
    """A signed-in account that is not deactivated."""
    return is_signed_in(user) and bool(user.is_active)


def is_platform_operator(user: User | AnonymousUser | None) -> bool:
    """A staff account of the deployment: creates cities and invites their first coordinators (two-factor
    authentication required, see `selectors.user_needs_two_factor`)."""
    return is_active_user(user) and bool(user.is_staff or user.is_superuser)


def is_coordinator(*, user: User | AnonymousUser | None, city: City | None) -> bool:
    return is_active_user(user) and city is not None and user_has_role(user=user, city=city, role=Role.COORDINATOR)


def can_read_city_dashboards(*, user: User | AnonymousUser | None, city: City | None) -> bool:
    """Coordinators and elected officials read the city's dashboards; only coordinators act on them."""
    return (
        is_active_user(user)
        and city is not None
        and bool({str(Role.COORDINATOR), str(Role.ELECTED_OFFICIAL)} & user_roles(user=user, city=city))
    )


def can_manage_roles(*, user: User | AnonymousUser, city: City | None) -> bool:
    """Only the platform coordinators of a city grant and revoke its roles."""
    return is_coordinator(user=user, city=city)


def can_revoke_role(*, user: User, city: City, target: User, role: str) -> bool:
    """A coordinator may revoke any role, except their own coordinator role (nobody locks the city out)."""
    if not can_manage_roles(user=user, city=city):
        return False
    return not (target.pk == user.pk and role == Role.COORDINATOR)


def can_view_audit_log(*, user: User | AnonymousUser, city: City | None) -> bool:
    return is_coordinator(user=user, city=city)


def can_self_assign(*, role: str) -> bool:
    """Volunteer, host and translator are self-service; the other roles are granted by a coordinator."""
    return role in {str(r) for r in SELF_SERVICE_ROLES}
