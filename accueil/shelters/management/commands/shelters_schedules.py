from typing import Any

from django.core.management.base import BaseCommand

from accueil.shelters.tasks import ensure_schedules


class Command(BaseCommand):
    help = "Registers the shelters and hosting background jobs (reservation expiry, hosting retention); idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        count = ensure_schedules()
        self.stdout.write(f"{count} shelters and hosting schedules registered.")
