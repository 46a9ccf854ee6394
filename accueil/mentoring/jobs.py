"""Periodic jobs of mentoring (collected by `manage.py schedules`)."""

from accueil.notifications.schedules import DAILY, PeriodicJob

JOBS = [
    PeriodicJob("mentoring: retention", "accueil.mentoring.tasks.mentoring_retention_run", DAILY),
]
