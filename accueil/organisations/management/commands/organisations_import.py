"""`python manage.py organisations_import --city paris organisations.csv`: all lines or none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from accueil.organisations.registry_csv import registry_csv_read
from accueil.organisations.services import organisations_import_rows
from accueil.territories.models import City


class Command(BaseCommand):
    help = (
        "Import a registry CSV (columns of the export). Every line is checked first; if any is wrong, every "
        "error is listed with its line number and nothing is imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path of the CSV file (UTF-8)")
        parser.add_argument("--city", required=True, help="slug of the city, e.g. paris")
        parser.add_argument("--as", dest="acting_email", default="", help="email of the coordinator importing")
        parser.add_argument("--language", default="", help="language of the messages (fr, en, ar…)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["language"]:
            translation.activate(options["language"])
        city = City.objects.filter(slug=options["city"]).first()
        if city is None:
            raise CommandError(f"No city with the slug {options['city']!r}.")
        acting_user = None
        if options["acting_email"]:
            acting_user = get_user_model().objects.filter(email__iexact=options["acting_email"]).first()
            if acting_user is None:
                raise CommandError(f"No person with the email {options['acting_email']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        try:
            rows = registry_csv_read(path.read_bytes())
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        try:
            result = organisations_import_rows(city=city, rows=rows, acting_user=acting_user)
        except PermissionDenied as exc:
            raise CommandError("Only a coordinator of the city can import the registry.") from exc
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Nothing imported: {len(result.errors)} error(s).")
        self.stdout.write(f"Imported: {result.created} created, {result.updated} updated.")
