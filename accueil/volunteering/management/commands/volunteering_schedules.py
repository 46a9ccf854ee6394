from typing import Any

from django.core.management.base import BaseCommand

from accueil.volunteering.tasks import ensure_schedules


class Command(BaseCommand):
    help = "Registers the volunteering background jobs (reminders, outbox) as django-q schedules; idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        count = ensure_schedules()
        self.stdout.write(f"{count} volunteering schedules registered.")
