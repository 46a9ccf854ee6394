"""Background jobs of the volunteering app (django-q2).

Two jobs run every minute:

- `accueil.volunteering.tasks.schedule_shift_reminders` creates the due reminder rows (24 h and 2 h before
  each confirmed shift) in the Notification outbox; unique dedupe keys make it idempotent.
- `accueil.volunteering.tasks.send_due_notifications` sends every due outbox row once.

Register them with `python manage.py volunteering_schedules` (idempotent, calls `ensure_schedules()`); the worker
is `python manage.py qcluster`. Because the outbox lives in the database, a restart loses nothing and a row
marked sent is never sent again.
"""

from __future__ import annotations

from .notifications import notifications_send_due
from .services import reminders_schedule

SCHEDULES = {
    "volunteering: schedule shift reminders": "accueil.volunteering.tasks.schedule_shift_reminders",
    "volunteering: send due notifications": "accueil.volunteering.tasks.send_due_notifications",
}


def schedule_shift_reminders() -> int:
    return reminders_schedule()


def send_due_notifications() -> int:
    return notifications_send_due()


def ensure_schedules() -> int:
    """Creates or updates the minute schedules; returns how many exist."""
    from django_q.models import Schedule

    for name, func in SCHEDULES.items():
        Schedule.objects.update_or_create(
            name=name,
            defaults={"func": func, "schedule_type": Schedule.MINUTES, "minutes": 1, "repeats": -1},
        )
    return Schedule.objects.filter(name__in=SCHEDULES).count()
