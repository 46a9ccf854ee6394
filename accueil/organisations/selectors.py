"""Reads of the partner registry, with visibility applied."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiToken, Membership, MembershipRole, Organisation


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def api_token_authenticate(*, raw_key: str) -> ApiToken | None:
    if not raw_key or len(raw_key) > 200:
        return None
    token = (
        ApiToken.objects.select_related("organisation", "organisation__city")
        .filter(key_hash=token_hash(raw_key), revoked_at__isnull=True)
        .first()
    )
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def organisation_list(*, city: Any) -> QuerySet[Organisation]:
    return Organisation.objects.filter(city=city).prefetch_related("sectors", "districts", "languages")


def user_organisations(*, user: Any, city: Any = None) -> QuerySet[Organisation]:
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    qs = Organisation.objects.filter(memberships__user=user)
    if city is not None:
        qs = qs.filter(city=city)
    return qs


def membership_role(*, user: Any, organisation: Organisation) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True).first()


def is_organisation_admin(*, user: Any, organisation: Organisation) -> bool:
    return membership_role(user=user, organisation=organisation) == MembershipRole.ADMIN
