"""Reads of the audit log, always scoped to one city."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import AuditEvent

if TYPE_CHECKING:
    from accueil.territories.models import City


def audit_events_for_city(*, city: City, action: str = "") -> QuerySet[AuditEvent]:
    queryset = AuditEvent.objects.filter(city=city).select_related("actor")
    if action:
        queryset = queryset.filter(action=action)
    return queryset.order_by("-created_at", "-id")


def audit_actions_for_city(*, city: City) -> list[str]:
    """The distinct actions recorded in this city, for the filter."""
    return list(AuditEvent.objects.filter(city=city).order_by("action").values_list("action", flat=True).distinct())
