"""Load assessment frameworks from their data files: ``manage.py load_framework [FILE.json ...]``.

Without a file, loads the frameworks shipped in ``accueil/evaluation/data/`` (the OECD checklist, then the
Eurocities charter, whose crosswalk points to the checklist). A file already loaded is skipped; a changed file
with the same key and version is refused: give it a new version.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accueil.core.errors import Refused
from accueil.evaluation import services
from accueil.evaluation.shipped import DATA, SHIPPED


class Command(BaseCommand):
    help = "Load assessment frameworks (versioned JSON files); without a file, the shipped ones."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="*")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [Path(f) for f in options["files"]] or [DATA / name for name in SHIPPED]
        for path in paths:
            try:
                raw = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}") from None
            try:
                framework, created = services.framework_load(raw=raw, acting_user=None)
            except Refused as exc:
                raise CommandError(f"{path}: {exc.message}") from None
            state = "loaded" if created else "already loaded"
            self.stdout.write(f"{framework.key} {framework.version}: {state} ({framework.nodes.count()} items)")
