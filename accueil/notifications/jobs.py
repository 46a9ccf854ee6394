"""Periodic jobs of the notifications app (see `schedules.py`)."""

from .schedules import DAILY, PeriodicJob

JOBS = [
    PeriodicJob("notifications: send due messages", "accueil.notifications.tasks.send_due_messages", minutes=1),
    PeriodicJob("notifications: erase the text of old messages", "accueil.notifications.tasks.erase_sent_text", DAILY),
]
