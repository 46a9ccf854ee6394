"""Report how complete each language's catalogue is; fail a release when a promised language falls short.

manage.py translation_coverage                       # table for every site language
manage.py translation_coverage --list-review -l ps   # entries written without a native speaker's review
manage.py translation_coverage --fail-under 100      # exit 1 when fr, en or ar is below 100 %
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accueil.portal.catalogues import COMPLETE_LANGUAGES, language_coverage, review_entries


class Command(BaseCommand):
    help = "Per language: total, translated, fuzzy, untranslated and needs-review entries of the catalogue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-l", "--language", action="append", dest="languages", help="only these languages")
        parser.add_argument("--list-review", action="store_true", help="list the entries flagged needs-review")
        parser.add_argument(
            "--fail-under",
            type=float,
            metavar="PERCENT",
            help="exit with status 1 when a language required to be complete is below PERCENT",
        )
        parser.add_argument(
            "--require",
            action="append",
            metavar="LANG",
            help=f"languages required to be complete (default: {', '.join(COMPLETE_LANGUAGES)})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        known = [code for code, _name in settings.LANGUAGES]
        languages = options["languages"] or known
        unknown = sorted(set(languages) - set(known))
        if unknown:
            raise CommandError(f"Unknown language(s): {', '.join(unknown)}; site languages: {', '.join(known)}")

        self.stdout.write(
            f"{'language':<9}{'total':>7}{'done':>7}{'fuzzy':>7}{'missing':>9}{'review':>8}{'percent':>9}"
        )
        results = {}
        for code in languages:
            coverage = language_coverage(code)
            results[code] = coverage
            self.stdout.write(
                f"{code:<9}{coverage.total:>7}{coverage.translated:>7}{coverage.fuzzy:>7}"
                f"{coverage.untranslated:>9}{coverage.needs_review:>8}{coverage.percent:>8.1f}%"
            )

        if options["list_review"]:
            for code in languages:
                entries = review_entries(code)
                if not entries:
                    continue
                self.stdout.write(f"\n[{code}] {len(entries)} entries need a native speaker's review:")
                for entry in entries:
                    where = entry.occurrences[0][0] if entry.occurrences else ""
                    self.stdout.write(f"  {entry.msgid!r} -> {entry.msgstr!r}  ({where})")

        threshold = options["fail_under"]
        if threshold is not None:
            required = options["require"] or list(COMPLETE_LANGUAGES)
            below = [
                f"{code} {(results.get(code) or language_coverage(code)).percent:.1f}%"
                for code in required
                if (results.get(code) or language_coverage(code)).percent < threshold
            ]
            if below:
                self.stderr.write(f"Below {threshold:g}%: {', '.join(below)}")
                raise SystemExit(1)
