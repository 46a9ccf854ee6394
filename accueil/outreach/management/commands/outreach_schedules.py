"""Create the outreach background schedules (daily retention, interpreting matches every 15 minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from accueil.outreach.tasks import ensure_schedules


class Command(BaseCommand):
    help = "Create or update the outreach schedules in django-q2."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{ensure_schedules()} outreach schedules")
