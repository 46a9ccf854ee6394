"""iCalendar documents: one event, and a person's feed of their registrations (subscribable by URL).

The feed URL carries a signed token of the person's id (no database row, nothing guessable); a person can
share it with their calendar application without signing in there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core import signing
from icalendar import Calendar
from icalendar import Event as IcsEvent

from .models import Event, EventStatus

FEED_SALT = "accueil.participation.calendar-feed"


def feed_token(*, user: Any) -> str:
    return signing.Signer(salt=FEED_SALT).sign(str(user.pk))


def feed_user_id(*, token: str) -> int | None:
    try:
        return int(signing.Signer(salt=FEED_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def _ics_event(event: Event, *, domain: str, tentative: bool = False) -> IcsEvent:
    item = IcsEvent()
    item.add("uid", f"event-{event.pk}@{domain}")
    item.add("summary", event.title)
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("dtstamp", event.updated_at)
    location = ", ".join(part for part in (event.place, event.address) if part) or event.online_url
    if location:
        item.add("location", location)
    if event.description:
        item.add("description", event.description)
    if event.online_url:
        item.add("url", event.online_url)
    if event.status == EventStatus.CANCELLED:
        item.add("status", "CANCELLED")
    else:
        item.add("status", "TENTATIVE" if tentative else "CONFIRMED")
    return item


def calendar_bytes(*, events: Iterable[tuple[Event, bool]], name: str, domain: str) -> bytes:
    """`events` are (event, tentative) pairs; waiting-list places are tentative."""
    cal = Calendar()
    cal.add("prodid", "-//Accueil//Events//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for event, tentative in events:
        cal.add_component(_ics_event(event, domain=domain, tentative=tentative))
    return cal.to_ical()
