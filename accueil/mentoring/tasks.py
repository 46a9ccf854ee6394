"""Background jobs of mentoring (django-q2): the daily retention run, registered by `manage.py schedules`
(see `jobs.py`)."""

from __future__ import annotations


def mentoring_retention_run() -> int:
    from .services import retention_purge

    return retention_purge()
