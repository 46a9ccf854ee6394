"""Documents a volunteer takes away: the calendar entries of confirmed shifts and the hours certificate (PDF)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language_bidi
from icalendar import Event

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.territories.models import City

    from .models import Signup


def shift_ics_events(signups: list[Signup]) -> list[Event]:
    """One VEVENT per confirmed sign-up; the UID is stable per sign-up so calendars update rather than duplicate.
    The person's one calendar feed (`participation.calendars.person_calendar_bytes`) carries them."""
    stamp = timezone.now()
    items = []
    for signup in signups:
        mission = signup.shift.mission
        event = Event()
        event.add("uid", f"signup-{signup.pk}@accueil")
        event.add("dtstamp", stamp)
        event.add("dtstart", signup.starts_at.astimezone(dt.UTC))
        event.add("dtend", signup.ends_at.astimezone(dt.UTC))
        event.add("summary", f"{mission.title} — {mission.organisation.name}")
        location = mission.address or (mission.district.name if mission.district is not None else "")
        if location:
            event.add("location", location)
        event.add("description", mission.description[:1000])
        items.append(event)
    return items


def certificate_pdf_bytes(*, user: User, summary: Any, city: City, language: str) -> bytes:
    """The certificate of volunteering hours, in the person's language, rendered with WeasyPrint."""
    from weasyprint import HTML

    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        missions: dict[tuple[str, str], float] = {}
        for signup in summary.signups:
            key = (signup.shift.mission.organisation.name, signup.shift.mission.title)
            missions[key] = missions.get(key, 0.0) + float(signup.hours or 0)
        html = render_to_string(
            "volunteering/certificate.html",
            {
                "name": user.display_name or user.email,
                "summary": summary,
                "rows": [(org, title, hours) for (org, title), hours in sorted(missions.items())],
                "city": city,
                "issued_on": timezone.localdate(),
                "language": language,
                "direction": "rtl" if get_language_bidi() else "ltr",
            },
        )
    return HTML(string=html).write_pdf()
