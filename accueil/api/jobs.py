"""Periodic jobs of the API (collected by `manage.py schedules`)."""

from accueil.notifications.schedules import DAILY, PeriodicJob

JOBS = [
    PeriodicJob("api: idempotency keys erased after a day", "accueil.api.tasks.idempotency_keys_erase_run", DAILY),
]
