"""The words of the volunteering messages: subject and body of each kind, in the recipient's language.

The messages themselves go through the one outbox (`accueil.notifications`): `services.notification_enqueue`
renders them here and enqueues them in the transaction of the sign-up, decision or reminder they tell about.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import NotificationKind


def _when(payload: dict[str, Any], tz_name: str) -> str:
    try:
        value = dt.datetime.fromisoformat(payload["starts_at"])
    except (KeyError, ValueError):
        return ""
    return date_format(value.astimezone(zoneinfo.ZoneInfo(tz_name)), "DATETIME_FORMAT")


def notification_render(*, kind: str, payload: dict[str, Any], language: str, tz_name: str) -> tuple[str, str]:
    """Subject and body of a volunteering message in `language`, times shown in the city's time zone."""
    with translation.override(language or settings.LANGUAGE_CODE):
        tz_name = tz_name or "Europe/Paris"
        values = {
            "mission": payload.get("mission_title", ""),
            "organisation": payload.get("organisation", ""),
            "when": _when(payload, tz_name),
            "address": payload.get("address", "") or _("online"),
        }
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
