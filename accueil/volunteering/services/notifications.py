"""The outbox: emails and SMS written in the transaction that causes them, sent by the worker, never twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from ..models import (
    Notification,
    NotificationChannel,
    NotificationKind,
    Signup,
)


def notification_enqueue(
    *,
    city: Any,
    user: Any,
    kind: str,
    dedupe_key: str,
    payload: dict[str, Any] | None = None,
    scheduled_for: dt.datetime | None = None,
    channel: str = NotificationChannel.EMAIL,
) -> None:
    """Adds a message to the outbox unless one with the same dedupe_key exists (idempotent, no error)."""
    Notification.objects.bulk_create(
        [
            Notification(
                city=city,
                user=user,
                kind=kind,
                channel=channel,
                dedupe_key=dedupe_key[:200],
                scheduled_for=scheduled_for or timezone.now(),
                payload=payload or {},
            )
        ],
        ignore_conflicts=True,
    )


def _signup_payload(signup: Signup) -> dict[str, Any]:
    shift = signup.shift
    return {
        "signup_id": signup.pk,
        "shift_id": shift.pk,
        "mission_id": shift.mission_id,
        "mission_title": shift.mission.title,
        "organisation": shift.mission.organisation.name,
        "starts_at": shift.starts_at.isoformat(),
        "ends_at": shift.ends_at.isoformat(),
        "address": shift.mission.address,
    }


def _notify_signup(signup: Signup, kind: str) -> None:
    notification_enqueue(
        city=signup.city,
        user=signup.volunteer,
        kind=kind,
        dedupe_key=f"{kind}:{signup.pk}:{signup.status}:{int(timezone.now().timestamp())}"
        if kind == NotificationKind.DECISION
        else f"{kind}:{signup.pk}",
        payload={**_signup_payload(signup), "status": signup.status},
    )
