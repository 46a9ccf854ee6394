"""Background jobs of the volunteering app (django-q2), registered by `manage.py schedules` (see `jobs.py`).

- `schedule_shift_reminders` enqueues the due reminders (24 h and 2 h before each confirmed shift) in the
  outbox (`accueil.notifications`); their keys make it idempotent. The outbox's own job sends them.
"""

from __future__ import annotations

from .services import reminders_schedule


def schedule_shift_reminders() -> int:
    return reminders_schedule()
