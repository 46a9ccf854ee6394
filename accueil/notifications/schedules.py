"""One registry of periodic jobs: each installed app lists its own in `<app>/jobs.py` as `JOBS`.

`manage.py schedules` turns the registry into django-q `Schedule` rows (created or updated by name) and removes
the rows of jobs no app declares any more, so renaming or dropping a job needs no manual clean-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

MINUTES = "I"
HOURLY = "H"
DAILY = "D"


@dataclass(frozen=True)
class PeriodicJob:
    name: str  # "<app>: what it does", unique
    func: str  # dotted path of the job function
    schedule: str = MINUTES  # django-q schedule type: MINUTES, HOURLY or DAILY
    minutes: int | None = None  # for MINUTES


def jobs_collect() -> list[PeriodicJob]:
    """Every `JOBS` of every installed app's `jobs` module, in the order of INSTALLED_APPS."""
    jobs: list[PeriodicJob] = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.jobs"
        if find_spec(module_name) is None:
            continue
        jobs.extend(getattr(import_module(module_name), "JOBS", ()))
    names = [job.name for job in jobs]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"periodic jobs declared twice: {', '.join(duplicates)}")
    return jobs


def schedules_register() -> tuple[int, int]:
    """Creates or updates one `Schedule` per declared job; deletes the project's schedules no app declares.

    Returns (registered, removed). Idempotent."""
    from django_q.models import Schedule

    jobs = jobs_collect()
    for job in jobs:
        Schedule.objects.update_or_create(
            name=job.name,
            defaults={
                "func": job.func,
                "schedule_type": job.schedule,
                "minutes": job.minutes if job.schedule == MINUTES else None,
                "repeats": -1,
            },
        )
    removed, _by_model = (
        Schedule.objects.filter(func__startswith="accueil.").exclude(name__in=[job.name for job in jobs]).delete()
    )
    return len(jobs), removed
