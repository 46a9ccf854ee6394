"""Apply the outreach retention schedule now (coarsen, exit, erase names, delete), in every city."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from accueil.outreach.services import retention_run
from accueil.territories.models import City


class Command(BaseCommand):
    help = "Apply the outreach retention schedule (coarsen places, exit follow-ups, erase names, delete records)."

    def handle(self, *args: Any, **options: Any) -> None:
        for city in City.objects.all():
            report = retention_run(city=city)
            self.stdout.write(
                f"{city.slug}: {report.coarsened} encounters coarsened, {report.exited} exits, "
                f"{report.names_erased} names erased, {report.deleted} records deleted, "
                f"{report.households_coarsened} camp households coarsened"
            )
