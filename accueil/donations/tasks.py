"""Background jobs of the donations module, run by the django-q2 worker."""

from __future__ import annotations

SCHEDULE_NAME = "donations.expire_needs"


def expire_needs() -> int:
    """Close needs past their ten days that were not renewed (see `services.needs_expire`)."""
    from .services import needs_expire

    return needs_expire()


def ensure_schedules() -> int:
    """Register the hourly expiry job as a django-q schedule; idempotent."""
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "func": "accueil.donations.tasks.expire_needs",
            "schedule_type": Schedule.HOURLY,
            "repeats": -1,
        },
    )
    return Schedule.objects.filter(name=SCHEDULE_NAME).count()
