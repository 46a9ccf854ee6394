"""Background jobs of shelters and hosting (django-q2), registered by `manage.py shelters_schedules`:

- every 5 minutes, held reservations whose household did not arrive in time expire and free their beds
  (`shelters.services.reservations_expire`; each site is locked in turn, as on every other path);
- every 15 minutes, hosting proposals not answered in time expire and the next candidate is proposed
  (`hosting.tasks.proposals_expire_run`);
- every day, hosting retention deletes households whose file closed more than a year ago
  (`hosting.tasks.hosting_retention_run`, named here by its path only).

Each run holds an advisory lock (`accueil.core.locks.exclusive`) so two workers never run it at once.
"""

from __future__ import annotations

from django.db import transaction

from accueil.core.locks import exclusive

SCHEDULES = {
    "shelters.reservations_expire": ("accueil.shelters.tasks.reservations_expire_run", 5),
    "hosting.proposals_expire": ("accueil.hosting.tasks.proposals_expire_run", 15),
    "hosting.retention": ("accueil.hosting.tasks.hosting_retention_run", 24 * 60),
}


def reservations_expire_run() -> int:
    from .services import reservations_expire

    with transaction.atomic(), exclusive("shelters.reservations_expire"):
        return reservations_expire()


def ensure_schedules() -> int:
    from django_q.models import Schedule

    for name, (func, minutes) in SCHEDULES.items():
        Schedule.objects.update_or_create(
            name=name,
            defaults={"func": func, "schedule_type": Schedule.MINUTES, "minutes": minutes, "repeats": -1},
        )
    return Schedule.objects.filter(name__in=SCHEDULES).count()
