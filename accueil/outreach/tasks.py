"""Background jobs of outreach (django-q2): daily retention and exits, interpreting matches every 15 minutes.
`manage.py outreach_schedules` creates the schedules."""

from __future__ import annotations

from accueil.territories.models import City

SCHEDULES = {
    "outreach.retention": ("accueil.outreach.tasks.outreach_retention_run", "D", 1),
    "outreach.interpreting": ("accueil.outreach.tasks.outreach_interpreting_run", "I", 15),
}


def outreach_retention_run() -> int:
    """Coarsen, exit, erase and delete by the retention schedule in every city; returns records touched."""
    from .services import retention_run

    total = 0
    for city in City.objects.all():
        report = retention_run(city=city)
        total += report.coarsened + report.exited + report.names_erased + report.deleted
    return total


def outreach_interpreting_run() -> int:
    from .services import interpreting_match_run

    return sum(interpreting_match_run(city=city, acting_user=None).requests for city in City.objects.all())


def ensure_schedules() -> int:
    from django_q.models import Schedule

    for name, (func, kind, minutes) in SCHEDULES.items():
        Schedule.objects.update_or_create(
            name=name,
            defaults={"func": func, "schedule_type": kind, "minutes": minutes if kind == "I" else None, "repeats": -1},
        )
    return Schedule.objects.filter(name__in=SCHEDULES).count()
