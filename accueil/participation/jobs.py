"""Periodic jobs of the participation app (collected by `manage.py schedules`)."""

from accueil.notifications.schedules import HOURLY, PeriodicJob

JOBS = [
    PeriodicJob("participation: event reminders", "accueil.participation.tasks.event_reminders_send", HOURLY),
]
