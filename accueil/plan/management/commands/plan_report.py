"""Write the report to the Council for a frozen review, as PDF (or HTML when the output ends in .html)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accueil.plan import report, selectors
from accueil.plan.models import Review, ReviewStatus
from accueil.territories.models import City


class Command(BaseCommand):
    help = "Generate the report to the Council for a frozen review (default: the latest)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lang", default="fr", choices=[code for code, _ in settings.LANGUAGES])
        parser.add_argument("--output", required=True, help="report.pdf, or report.html for the HTML document")
        parser.add_argument("--review", type=int, help="review id (default: the latest frozen review)")
        parser.add_argument("--city", help="city slug (default: the only or first city)")
        parser.add_argument(
            "--public", action="store_true", help="leave out unpublished items (default: the full report)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        review = self._review(options)
        output = Path(options["output"])
        include = not options["public"]
        if output.suffix.lower() == ".html":
            output.write_text(
                report.report_html(review=review, language=options["lang"], include_unpublished=include),
                encoding="utf-8",
            )
        else:
            output.write_bytes(report.report_pdf(review=review, language=options["lang"], include_unpublished=include))
        self.stdout.write(f"{output} written for “{review.title}” in {time.monotonic() - started:.1f} s.")

    def _review(self, options: dict[str, Any]) -> Review:
        if options.get("review"):
            review = Review.objects.filter(pk=options["review"]).select_related("plan", "city").first()
            if review is None:
                raise CommandError(f"No review {options['review']}.")
            if review.status != ReviewStatus.FROZEN:
                raise CommandError("This review is not frozen yet: freeze it first.")
            return review
        cities = City.objects.all()
        if options.get("city"):
            cities = cities.filter(slug=options["city"])
        for city in cities.order_by("pk"):
            plan = selectors.plan_current(city=city)
            review = selectors.review_latest_frozen(plan=plan) if plan else None
            if review is not None:
                return review
        raise CommandError("No frozen review found.")
