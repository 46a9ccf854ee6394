"""Background jobs of the participation app (django-q2), registered by `manage.py schedules` (see `jobs.py`).

- `event_reminders_send()`: enqueues the day-before reminder of every registered person not yet reminded;
  idempotent (each registration is claimed once through `reminder_sent_at`, and the outbox key is unique).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import EventStatus, Registration, RegistrationStatus
from .notifications import registration_notify

REMINDER_WINDOW = timedelta(hours=24)


def event_reminders_send(now: datetime | None = None) -> int:
    """Enqueue the day-before reminder to every registered person not yet reminded; returns how many."""
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
        with transaction.atomic():
            claimed = Registration.objects.filter(
                Q(pk=pk), reminder_sent_at__isnull=True, status=RegistrationStatus.REGISTERED
            ).update(reminder_sent_at=now)
            if claimed:
                registration_notify(registration_id=pk, kind="reminder")
                sent += 1
    return sent
