"""Flag services unverified for 90 days, remind their owners, hide them after six months; re-index the services
whose translations were published in the last day.

python manage.py directory_staleness [--schedule]
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from accueil.directory import tasks
from accueil.directory.services import staleness_run


class Command(BaseCommand):
    help = "Flag stale directory services, remind owners, hide the oldest from the public."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--schedule", action="store_true", help="Register the daily job with the worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            tasks.ensure_schedules()
            self.stdout.write("Scheduled daily.")
            return
        result = staleness_run()
        self.stdout.write(
            f"flagged={result['flagged']} reminded={result['reminded']} hidden={result['hidden']} "
            f"reindexed={result['reindexed']}"
        )
