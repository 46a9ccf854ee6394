"""Volunteering's messages, written to the one outbox (`accueil.notifications`) in the transaction that causes them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from accueil.notifications.models import Channel
from accueil.notifications.services import message_enqueue, user_language

from ..models import NotificationKind, Signup
from ..notifications import notification_render

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.territories.models import City


def notification_enqueue(
    *,
    city: City,
    user: User,
    kind: str,
    dedupe_key: str,
    payload: dict[str, Any] | None = None,
    scheduled_for: dt.datetime | None = None,
    channel: str = Channel.EMAIL,
) -> None:
    """Renders the message in the volunteer's language and adds it to the outbox unless its key exists there."""
    language = user_language(user)
    subject, body = notification_render(
        kind=kind, payload=payload or {}, language=language, tz_name=getattr(city, "timezone", "")
    )
    message_enqueue(
        city=city,
        channel=channel,
        to_user=user,
        subject=subject,
        body=body,
        language=language,
        kind=f"volunteering.{kind}",
        key=dedupe_key,
        send_after=scheduled_for,
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
