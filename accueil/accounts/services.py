"""Writes about people: profile, roles."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accueil.audit.services import audit_record

from .models import Role, RoleAssignment, User


@transaction.atomic
def user_update_profile(
    *, user: User, acting_user: User, display_name: str, phone: str, preferred_language: str
) -> User:
    user.display_name = display_name
    user.phone = phone
    user.preferred_language = preferred_language
    user.full_clean()
    user.save(update_fields=["display_name", "phone", "preferred_language"])
    audit_record(action="accounts.profile_updated", actor=acting_user, target=user)
    return user


@transaction.atomic
def role_grant(*, user: User, city: Any, role: Role | str, acting_user: User | None) -> RoleAssignment:
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, city=city, role=str(role), defaults={"granted_by": acting_user}
    )
    if created:
        audit_record(
            action="accounts.role_granted", actor=acting_user, city=city, target=user, data={"role": str(role)}
        )
    return assignment


@transaction.atomic
def role_revoke(*, user: User, city: Any, role: Role | str, acting_user: User | None) -> bool:
    deleted, _ = RoleAssignment.objects.filter(user=user, city=city, role=str(role)).delete()
    if deleted:
        audit_record(
            action="accounts.role_revoked", actor=acting_user, city=city, target=user, data={"role": str(role)}
        )
    return bool(deleted)
