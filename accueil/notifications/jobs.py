"""Periodic jobs of the notifications app (see `schedules.py`)."""

from .schedules import PeriodicJob

JOBS = [
    PeriodicJob("notifications: send due messages", "accueil.notifications.tasks.send_due_messages", minutes=1),
]
