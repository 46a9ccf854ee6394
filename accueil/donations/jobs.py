"""Periodic jobs of the donations module (collected by `manage.py schedules`)."""

from accueil.notifications.schedules import HOURLY, PeriodicJob

JOBS = [
    PeriodicJob("donations.expire_needs", "accueil.donations.tasks.expire_needs", HOURLY),
]
