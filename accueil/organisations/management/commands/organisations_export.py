"""`python manage.py organisations_export --city paris > organisations.csv`: the public registry as CSV."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accueil.organisations.registry_csv import registry_csv_write
from accueil.organisations.selectors import organisation_export_rows
from accueil.territories.models import City


class Command(BaseCommand):
    help = "Write the city's partner registry (public fields) as CSV on standard output."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--city", required=True, help="slug of the city, e.g. paris")

    def handle(self, *args: Any, **options: Any) -> None:
        city = City.objects.filter(slug=options["city"]).first()
        if city is None:
            raise CommandError(f"No city with the slug {options['city']!r}.")
        registry_csv_write(organisation_export_rows(city=city), self.stdout)
