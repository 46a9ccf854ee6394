"""Background jobs of the participation app (django-q2).

- `registration_email_send(registration_id, kind)`: one email (registered, waitlisted, promoted, event
  cancelled, reminder), in the person's preferred language.
- `event_reminders_send()`: reminds registered people the day before their event; idempotent (each
  registration is claimed once through `reminder_sent_at`). Scheduled hourly by `ensure_schedules()`,
  which the management command `participation_schedules` calls.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import EventStatus, Registration, RegistrationStatus

REMINDER_WINDOW = timedelta(hours=24)


def _subject(kind: str, title: str) -> str:
    subjects = {
        "registered": _("You are registered: %(title)s"),
        "waitlisted": _("You are on the waiting list: %(title)s"),
        "promoted": _("A place is yours: %(title)s"),
        "event_cancelled": _("Cancelled: %(title)s"),
        "reminder": _("Tomorrow: %(title)s"),
    }
    return subjects[kind] % {"title": title}


def registration_email_send(registration_id: int, kind: str) -> bool:
    registration = (
        Registration.objects.select_related("event", "event__city", "user").filter(pk=registration_id).first()
    )
    if registration is None or not registration.user.email:
        return False
    language = registration.user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = _subject(kind, registration.event.title)
        body = render_to_string(
            "participation/email/registration.txt",
            {"registration": registration, "event": registration.event, "kind": kind},
        )
    send_mail(subject, body, None, [registration.user.email])
    return True


def event_reminders_send(now: datetime | None = None) -> int:
    """Send the day-before reminder to every registered person not yet reminded; returns how many."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        reminder_sent_at__isnull=True,
        event__status=EventStatus.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + REMINDER_WINDOW,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        claimed = Registration.objects.filter(
            Q(pk=pk), reminder_sent_at__isnull=True, status=RegistrationStatus.REGISTERED
        ).update(reminder_sent_at=now)
        if claimed:
            registration_email_send(pk, "reminder")
            sent += 1
    return sent


def ensure_schedules() -> None:
    """Register the periodic jobs (idempotent)."""
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name="participation: event reminders",
        defaults={"func": "accueil.participation.tasks.event_reminders_send", "schedule_type": Schedule.HOURLY},
    )
    Schedule.objects.update_or_create(
        name="mentoring: retention",
        defaults={"func": "accueil.mentoring.tasks.mentoring_retention_run", "schedule_type": Schedule.DAILY},
    )
