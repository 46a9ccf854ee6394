from typing import Any

from django.core.management.base import BaseCommand

from accueil.donations.services import needs_expire


class Command(BaseCommand):
    help = "Closes the needs of partner sites that passed their ten days without renewal."

    def handle(self, *args: Any, **options: Any) -> None:
        count = needs_expire()
        self.stdout.write(f"{count} needs expired.")
