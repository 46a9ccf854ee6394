"""Background jobs of the directory, run by the django-q2 worker (registered by `manage.py schedules`, see
`jobs.py`)."""

from __future__ import annotations


def run_staleness() -> dict[str, int]:
    from .services import staleness_run

    return staleness_run()
