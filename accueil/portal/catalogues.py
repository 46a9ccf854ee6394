"""How complete each language's translation catalogue is, read from the .po files with polib.

Conventions (docs/translations.md):
- an entry is *translated* when it has a non-empty translation and is not fuzzy (Django ignores fuzzy
  entries, so they show the French fallback);
- an entry written without a native speaker's review carries the translator comment ``# needs-review``
  on the line above it; the comment survives ``makemessages`` and ``msgmerge``; a reviewer removes it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings

REVIEW_FLAG = "needs-review"
DOMAIN = "django"
# Languages the site promises in full: a release fails (translation_coverage --fail-under) when they are not.
COMPLETE_LANGUAGES = ("fr", "en", "ar")


@dataclass(frozen=True)
class Coverage:
    language: str
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    needs_review: int

    @property
    def percent(self) -> float:
        return 100.0 if self.total == 0 else round(100.0 * self.translated / self.total, 1)

    @property
    def complete(self) -> bool:
        return self.translated == self.total


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def catalogue_path(language: str, directory: Path | None = None) -> Path:
    return (directory or locale_dir()) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def needs_review(entry: polib.POEntry) -> bool:
    return any(line.strip() == REVIEW_FLAG for line in (entry.tcomment or "").splitlines())


def live_entries(catalogue: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in catalogue if not entry.obsolete and entry.msgid]


def is_translated(entry: polib.POEntry) -> bool:
    return entry.translated()  # polib: non-empty msgstr (every plural form) and not fuzzy


def language_coverage(language: str, directory: Path | None = None) -> Coverage:
    """Counts for one language; a missing catalogue counts as empty (nothing translated)."""
    path = catalogue_path(language, directory)
    if not path.exists():
        return Coverage(language, 0, 0, 0, 0, 0)
    entries = live_entries(polib.pofile(str(path)))
    translated = sum(1 for entry in entries if is_translated(entry))
    fuzzy = sum(1 for entry in entries if entry.fuzzy)
    return Coverage(
        language=language,
        total=len(entries),
        translated=translated,
        fuzzy=fuzzy,
        untranslated=len(entries) - translated - fuzzy,
        needs_review=sum(1 for entry in entries if needs_review(entry)),
    )


def review_entries(language: str, directory: Path | None = None) -> list[polib.POEntry]:
    path = catalogue_path(language, directory)
    if not path.exists():
        return []
    return [entry for entry in live_entries(polib.pofile(str(path))) if needs_review(entry)]


@functools.cache
def coverage_by_language() -> dict[str, Coverage]:
    """Coverage of every site language, computed once per process (catalogues change only on deploy)."""
    return {code: language_coverage(code) for code, _name in settings.LANGUAGES}


def translation_incomplete(language: str) -> bool:
    """True when some strings of the site show in French because ``language`` lacks their translation."""
    if language == settings.LANGUAGE_CODE:
        return False
    coverage = coverage_by_language().get(language)
    return coverage is not None and coverage.total > 0 and not coverage.complete
