"""Periodic jobs of the directory (collected by `manage.py schedules`)."""

from accueil.notifications.schedules import DAILY, PeriodicJob

JOBS = [
    PeriodicJob("directory.staleness", "accueil.directory.tasks.run_staleness", DAILY),
]
