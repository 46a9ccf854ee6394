"""Writes about people: profile, roles."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record

from . import events
from .models import Role, RoleAssignment, User
from .policies import can_self_assign

if TYPE_CHECKING:
    from accueil.territories.models import City


@transaction.atomic
def user_update_profile(
    *, user: User, acting_user: User, display_name: str, phone: str, preferred_language: str
) -> User:
    user.display_name = display_name
    user.phone = phone
    user.preferred_language = preferred_language
    user.full_clean()
    user.save(update_fields=["display_name", "phone", "preferred_language"])
    audit_record(action=events.PROFILE_UPDATED, actor=acting_user, target=user)
    return user


def _bump_access_version(user: User) -> None:
    """Expire the per-session caches of this person's access checks (see accounts.middleware)."""
    access_changed(user_ids=[user.pk])


def access_changed(*, user_ids: Iterable[int]) -> None:
    """What these people can read may have changed (a membership, a verification, a pairing): their open
    sessions recompute at the next request whether a second factor is needed (see accounts.middleware)."""
    User.objects.filter(pk__in=list(user_ids)).update(access_version=F("access_version") + 1)


@transaction.atomic
def role_grant(*, user: User, city: City, role: Role | str, acting_user: User | None) -> RoleAssignment:
    """Give `user` the city role `role`; idempotent. Permission checks belong to the caller (see policies)."""
    role = str(role)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, city=city, role=role, defaults={"granted_by": acting_user}
    )
    if created:
        _bump_access_version(user)
        audit_record(action=events.ROLE_GRANTED, actor=acting_user, city=city, target=user, data={"role": role})
    return assignment


@transaction.atomic
def role_revoke(*, user: User, city: City, role: Role | str, acting_user: User | None) -> bool:
    deleted, _unused = RoleAssignment.objects.filter(user=user, city=city, role=str(role)).delete()
    if deleted:
        _bump_access_version(user)
        audit_record(action=events.ROLE_REVOKED, actor=acting_user, city=city, target=user, data={"role": str(role)})
    return bool(deleted)


@transaction.atomic
def role_self_grant(*, user: User, city: City, role: Role | str) -> RoleAssignment:
    """A person takes a self-service role (volunteer, host, translator) in the city."""
    if not can_self_assign(role=str(role)):
        raise PermissionDenied(_("This role is granted by a coordinator of the city."))
    return role_grant(user=user, city=city, role=role, acting_user=user)


@transaction.atomic
def role_self_revoke(*, user: User, city: City, role: Role | str) -> bool:
    """A person gives up a self-service role."""
    if not can_self_assign(role=str(role)):
        raise PermissionDenied(_("This role is granted by a coordinator of the city."))
    return role_revoke(user=user, city=city, role=role, acting_user=user)
