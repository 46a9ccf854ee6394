"""Periodic jobs of the volunteering app (collected by `manage.py schedules`)."""

from accueil.notifications.schedules import PeriodicJob

JOBS = [
    PeriodicJob(
        "volunteering: schedule shift reminders", "accueil.volunteering.tasks.schedule_shift_reminders", minutes=1
    ),
]
