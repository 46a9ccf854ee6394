"""Periodic jobs of the learning app (collected by `accueil.notifications.schedules`)."""

from accueil.notifications.schedules import DAILY, HOURLY, PeriodicJob

JOBS = [
    PeriodicJob(
        "learning: offers not answered in time pass to the next person",
        "accueil.learning.tasks.offers_expire_run",
        HOURLY,
    ),
    PeriodicJob("learning: learners inactive for two years deleted", "accueil.learning.tasks.retention_run", DAILY),
]
