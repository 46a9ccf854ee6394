from typing import Any

from django.core.management.base import BaseCommand

from accueil.donations.tasks import ensure_schedules


class Command(BaseCommand):
    help = "Registers the donations background job (hourly expiry of needs) as a django-q schedule; idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_schedules()
        self.stdout.write("Donations schedule registered.")
