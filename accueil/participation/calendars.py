"""iCalendar documents: one event, and a person's one calendar feed (subscribable by URL).

The feed carries everything a person has said they will attend: their confirmed volunteering shifts, and the
events and trainings they registered for (a waiting-list place is tentative). Its URL holds a secret of
the person (`volunteering.CalendarToken`, stored hashed): they get a new one from their pages, and the old
address then answers 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from icalendar import Calendar
from icalendar import Event as IcsEvent

from accueil.volunteering.documents import shift_ics_events
from accueil.volunteering.selectors import calendar_signups

from .models import Event, EventStatus, RegistrationStatus
from .selectors import user_registrations

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.territories.models import City

FEED_LIMIT = 1000


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


def _calendar(name: str, items: Iterable[IcsEvent]) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Accueil//Calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for item in items:
        cal.add_component(item)
    return cal.to_ical()


def event_calendar_bytes(*, event: Event, domain: str) -> bytes:
    """One event, to add to a calendar."""
    return _calendar(event.title, [_ics_event(event, domain=domain)])


def person_calendar_bytes(*, user: User, city: City | None, domain: str, name: str) -> bytes:
    """The person's feed: confirmed shifts, then the events and trainings they hold a place for."""
    shifts = shift_ics_events(list(calendar_signups(user=user)[:FEED_LIMIT]))
    registrations = user_registrations(user=user, city=city, active_only=True)[:FEED_LIMIT]
    events = [
        _ics_event(r.event, domain=domain, tentative=r.status == RegistrationStatus.WAITLISTED) for r in registrations
    ]
    return _calendar(name, [*shifts, *events])
