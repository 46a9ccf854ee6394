"""Write the printable rights guide for one language and district: ``manage.py guide_pdf --lang ar --district 18``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accueil.guide.printing import guide_pdf
from accueil.territories.models import City, District


class Command(BaseCommand):
    help = "Render the printable rights guide (PDF) for a language and a district."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--lang", default="fr", choices=[code for code, _name in settings.LANGUAGES])
        parser.add_argument("--district", type=int, default=None, help="district number, e.g. 18")
        parser.add_argument("--city", default="", help="city slug (default: the first city)")
        parser.add_argument("--output", default="guide.pdf")

    def handle(self, *args: Any, **options: Any) -> None:
        cities = City.objects.all()
        city = cities.filter(slug=options["city"]).first() if options["city"] else cities.order_by("pk").first()
        if city is None:
            raise CommandError("No such city.")
        district = None
        if options["district"] is not None:
            district = District.objects.filter(city=city, number=options["district"]).first()
            if district is None:
                raise CommandError(f"No district {options['district']} in {city}.")
        started = time.perf_counter()
        pdf = guide_pdf(city=city, lang=options["lang"], district=district)
        Path(options["output"]).write_bytes(pdf)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{options['output']}: {len(pdf) / 1024:.0f} KB in {elapsed:.1f} s")
