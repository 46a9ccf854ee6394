"""Reminders before shifts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from accueil.notifications.models import Channel

from ..models import (
    NotificationKind,
    Signup,
    SignupStatus,
)
from .notifications import _signup_payload, notification_enqueue

if TYPE_CHECKING:
    pass

REMINDER_OFFSETS = {"24h": dt.timedelta(hours=24), "2h": dt.timedelta(hours=2)}


def reminders_schedule(*, now: dt.datetime | None = None) -> int:
    """Creates the reminder rows now due (24 h and 2 h before each confirmed shift); idempotent.

    Returns how many reminder keys were considered (existing rows are left untouched)."""
    now = now or timezone.now()
    horizon = now + max(REMINDER_OFFSETS.values())
    considered = 0
    signups = (
        Signup.objects.filter(status=SignupStatus.ACCEPTED, starts_at__gt=now, starts_at__lte=horizon)
        .select_related("shift", "shift__mission", "shift__mission__organisation", "volunteer", "city")
        .order_by("pk")
    )
    for signup in signups.iterator(chunk_size=500):
        for label, offset in REMINDER_OFFSETS.items():
            if signup.starts_at - offset > now:
                continue
            considered += 1
            payload = {**_signup_payload(signup), "when": label}
            notification_enqueue(
                city=signup.city,
                user=signup.volunteer,
                kind=NotificationKind.REMINDER,
                dedupe_key=f"reminder:{signup.pk}:{label}",
                payload=payload,
                scheduled_for=now,
            )
            if label == "2h" and signup.volunteer.phone:
                notification_enqueue(
                    city=signup.city,
                    user=signup.volunteer,
                    kind=NotificationKind.REMINDER,
                    channel=Channel.SMS,
                    dedupe_key=f"reminder:{signup.pk}:{label}:sms",
                    payload=payload,
                    scheduled_for=now,
                )
    return considered
