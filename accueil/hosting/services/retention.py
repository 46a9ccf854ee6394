"""Retention: a household's data is deleted a set time after its file closes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from accueil.audit.services import audit_record
from accueil.territories.models import City

from .. import events
from ..models import (
    RETENTION,
    FollowUp,
    Household,
    HouseholdStatus,
    Incident,
)

if TYPE_CHECKING:
    pass


@transaction.atomic
def households_purge(*, now: dt.datetime | None = None) -> int:
    """Deletes households whose file closed more than RETENTION ago, and the notes and incident texts of their
    stays; the stays stay, anonymous, so that placements are still counted."""
    now = now or timezone.now()
    due = list(
        Household.objects.filter(status=HouseholdStatus.CLOSED, closed_at__lt=now - RETENTION).values_list(
            "pk", "city_id"
        )
    )
    if not due:
        return 0
    ids = [pk for pk, _city in due]
    FollowUp.objects.filter(stay__household_id__in=ids).update(notes="")
    Incident.objects.filter(stay__household_id__in=ids).update(description="")
    Household.objects.filter(pk__in=ids).delete()
    for city_id in sorted({c for _pk, c in due}):
        audit_record(
            action=events.HOUSEHOLDS_PURGED,
            city=City.objects.get(pk=city_id),
            data={"count": sum(1 for _pk, c in due if c == city_id)},
        )
    return len(ids)
