"""Sending the outbox: each Notification row is rendered in the person's language and sent once.

`notifications_send_due()` claims due rows with `select_for_update(skip_locked=True)` (several workers never
take the same row), sends, and marks the row sent in the same transaction. A row that fails is retried at the
next run, up to MAX_ATTEMPTS.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accueil.accounts.sms import sms_send

from .models import Notification, NotificationChannel, NotificationKind

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
BATCH_SIZE = 100


def _when(payload: dict[str, Any], tz_name: str) -> str:
    try:
        value = dt.datetime.fromisoformat(payload["starts_at"])
    except (KeyError, ValueError):
        return ""
    return date_format(value.astimezone(zoneinfo.ZoneInfo(tz_name)), "DATETIME_FORMAT")


def notification_render(notification: Notification) -> tuple[str, str]:
    """Subject and body in the recipient's language."""
    payload = notification.payload or {}
    language = getattr(notification.user, "preferred_language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        tz_name = getattr(notification.city, "timezone", "Europe/Paris") or "Europe/Paris"
        values = {
            "mission": payload.get("mission_title", ""),
            "organisation": payload.get("organisation", ""),
            "when": _when(payload, tz_name),
            "address": payload.get("address", "") or _("online"),
        }
        kind = notification.kind
        if kind == NotificationKind.CONFIRMATION:
            subject = _("Your place is confirmed: %(mission)s") % values
            body = _("You are expected on %(when)s for “%(mission)s” with %(organisation)s (%(address)s).") % values
        elif kind == NotificationKind.PENDING:
            subject = _("Sign-up received: %(mission)s") % values
            body = _("%(organisation)s will answer your sign-up for %(when)s soon.") % values
        elif kind == NotificationKind.WAITLISTED:
            subject = _("You are on the waiting list: %(mission)s") % values
            body = _("The shift of %(when)s is full. We will tell you as soon as a place frees up.") % values
        elif kind == NotificationKind.PROMOTION:
            subject = _("A place has freed up: %(mission)s") % values
            if payload.get("status") == "pending":
                body = _("You moved up from the waiting list; %(organisation)s will answer soon.") % values
            else:
                body = _("Good news: you now have a place on %(when)s with %(organisation)s.") % values
        elif kind == NotificationKind.DECISION:
            if payload.get("status") == "accepted":
                subject = _("Your place is confirmed: %(mission)s") % values
                body = _("%(organisation)s confirmed your place on %(when)s.") % values
            else:
                subject = _("Your sign-up was not accepted: %(mission)s") % values
                body = _("%(organisation)s could not accept your sign-up for %(when)s. Thank you!") % values
        elif kind == NotificationKind.REMINDER:
            subject = _("Reminder: %(mission)s on %(when)s") % values
            body = _("See you on %(when)s for “%(mission)s” with %(organisation)s (%(address)s).") % values
        elif kind == NotificationKind.MESSAGE:
            subject = f"{payload.get('subject', '')} — {values['organisation']}"
            body = str(payload.get("body", ""))
        elif kind == NotificationKind.PROPOSAL:
            subject = _("A mission for you: %(mission)s") % values
            body = (
                _("A coordinator suggests the shift of %(when)s with %(organisation)s. Answer in My shifts.") % values
            )
        else:
            subject = str(payload.get("subject", _("Accueil")))
            body = str(payload.get("body", ""))
    return str(subject), str(body)


def _send(notification: Notification) -> None:
    subject, body = notification_render(notification)
    if notification.channel == NotificationChannel.SMS:
        if not notification.user.phone:
            raise ValueError("no phone number")
        sms_send(to=notification.user.phone, body=f"{subject}\n{body}"[:600])
    else:
        send_mail(subject, body, None, [notification.user.email], fail_silently=False)


def notifications_send_due(*, now: dt.datetime | None = None, limit: int = 1000) -> int:
    """Sends due rows; returns how many were sent. Safe to run from several workers at once."""
    sent = 0
    while sent < limit:
        now_value = now or timezone.now()
        with transaction.atomic():
            batch = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(sent_at__isnull=True, scheduled_for__lte=now_value, attempts__lt=MAX_ATTEMPTS)
                .select_related("user", "city")
                .order_by("scheduled_for", "pk")[:BATCH_SIZE]
            )
            if not batch:
                break
            for notification in batch:
                notification.attempts += 1
                try:
                    if notification.user.is_active:
                        _send(notification)
                    notification.sent_at = timezone.now()
                    notification.last_error = ""
                    sent += 1
                except Exception as exc:  # noqa: BLE001 — any provider failure is recorded and retried later
                    logger.warning("notification %s failed: %s", notification.pk, exc)
                    notification.last_error = str(exc)[:500]
                notification.save(update_fields=["attempts", "sent_at", "last_error"])
            if all(n.sent_at is None for n in batch):
                break
    return sent
