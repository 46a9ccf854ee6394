"""Reminders before shifts and the personal iCalendar feed's token."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.notifications.models import Channel

from ..models import (
    CalendarToken,
    NotificationKind,
    Signup,
    SignupStatus,
)
from .notifications import _signup_payload, notification_enqueue

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


def calendar_token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def calendar_token_rotate(*, user: Any, acting_user: Any) -> str:
    """Creates or replaces the secret of the calendar feed; returns the raw token (shown once, in the URL)."""
    if acting_user.pk != user.pk:
        raise ValidationError(_("You can only manage your own calendar."))
    raw = secrets.token_urlsafe(24)
    CalendarToken.objects.update_or_create(user=user, defaults={"token_hash": calendar_token_hash(raw)})
    audit_record(action="volunteering.calendar_token_rotated", actor=acting_user, target=None)
    return raw
