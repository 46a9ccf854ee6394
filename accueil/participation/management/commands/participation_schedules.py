from django.core.management.base import BaseCommand

from accueil.participation.tasks import ensure_schedules


class Command(BaseCommand):
    help = "Register the periodic jobs of events (reminders) and mentoring (retention) with the worker."

    def handle(self, *args: object, **options: object) -> None:
        ensure_schedules()
        self.stdout.write("schedules registered")
