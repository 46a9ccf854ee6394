"""python manage.py schedules — registers every periodic job the installed apps declare (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from accueil.notifications.schedules import schedules_register


class Command(BaseCommand):
    help = "Registers every periodic job declared in the apps' jobs.py as a django-q schedule; idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        registered, removed = schedules_register()
        self.stdout.write(f"{registered} schedules registered, {removed} obsolete removed.")
