"""Flag services unverified for 90 days, remind their owners, hide them after six months; re-index the services
whose translations were published in the last day. The worker runs it daily (`manage.py schedules`).

python manage.py directory_staleness
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from accueil.directory.services import staleness_run


class Command(BaseCommand):
    help = "Flag stale directory services, remind owners, hide the oldest from the public."

    def handle(self, *args: Any, **options: Any) -> None:
        result = staleness_run()
        self.stdout.write(
            f"flagged={result['flagged']} reminded={result['reminded']} hidden={result['hidden']} "
            f"reindexed={result['reindexed']}"
        )
