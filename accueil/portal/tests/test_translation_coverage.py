"""Catalogue coverage: counts, the needs-review convention, the command's exit status, the fallback notice."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from accueil.portal import catalogues

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'

CATALOGUE = (
    HEADER
    + """#: templates/base.html:1
msgid "Welcome"
msgstr "Bienvenue"

# needs-review
#: templates/base.html:2
msgid "Volunteer"
msgstr "Bénévolat"

#, fuzzy
#| msgid "Partner"
msgid "Partners"
msgstr "Partenaire"

msgid "Sign in"
msgstr ""

msgid "one mission"
msgid_plural "%(count)s missions"
msgstr[0] "une mission"
msgstr[1] ""

#~ msgid "Old"
#~ msgstr "Ancien"
"""
)
COMPLETE = HEADER + 'msgid "Welcome"\nmsgstr "Welcome"\n'


@pytest.fixture
def locale(tmp_path: Path):
    for language, text in {"fr": CATALOGUE, "en": COMPLETE, "ar": COMPLETE}.items():
        directory = tmp_path / language / "LC_MESSAGES"
        directory.mkdir(parents=True)
        (directory / "django.po").write_text(text, encoding="utf-8")
    with override_settings(LOCALE_PATHS=[tmp_path]):
        catalogues.coverage_by_language.cache_clear()
        yield tmp_path
    catalogues.coverage_by_language.cache_clear()


def run(*args: str) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("translation_coverage", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    return out.getvalue(), err.getvalue(), status


@pytest.mark.smoke
def test_coverage_counts_each_kind_of_entry(locale):
    coverage = catalogues.language_coverage("fr")
    assert coverage == catalogues.Coverage("fr", total=5, translated=2, fuzzy=1, untranslated=2, needs_review=1)
    assert coverage.percent == 40.0
    assert not coverage.complete


def test_missing_catalogue_counts_as_empty(locale):
    assert catalogues.language_coverage("ti") == catalogues.Coverage("ti", 0, 0, 0, 0, 0)


def test_command_prints_a_row_per_language(locale):
    out, _err, status = run("-l", "fr", "-l", "en")
    lines = out.splitlines()
    assert status == 0
    assert lines[0].split() == ["language", "total", "done", "fuzzy", "missing", "review", "percent"]
    assert lines[1].split() == ["fr", "5", "2", "1", "2", "1", "40.0%"]
    assert lines[2].split() == ["en", "1", "1", "0", "0", "0", "100.0%"]


def test_list_review_shows_flagged_entries_only(locale):
    out, _err, _status = run("-l", "fr", "--list-review")
    assert "[fr] 1 entries need a native speaker's review:" in out
    assert "'Volunteer' -> 'Bénévolat'  (templates/base.html)" in out
    assert "Welcome' ->" not in out


def test_fail_under_exits_1_when_a_required_language_is_short(locale):
    _out, err, status = run("--fail-under", "90")
    assert status == 1
    assert err.strip() == "Below 90%: fr 40.0%"


def test_fail_under_passes_when_required_languages_are_complete(locale):
    _out, err, status = run("--fail-under", "100", "--require", "en", "--require", "ar")
    assert (status, err) == (0, "")


def test_unknown_language_is_refused(locale):
    with pytest.raises(CommandError, match="Unknown language"):
        call_command("translation_coverage", "-l", "xx", stdout=io.StringIO())


def test_review_flag_survives_makemessages_style_merge(locale, tmp_path):
    # msgmerge keeps translator comments; polib re-reads them as they were written.
    import polib

    catalogue = polib.pofile(str(locale / "fr" / "LC_MESSAGES" / "django.po"))
    catalogue.save(str(tmp_path / "copy.po"))
    flagged = [entry.msgid for entry in polib.pofile(str(tmp_path / "copy.po")) if catalogues.needs_review(entry)]
    assert flagged == ["Volunteer"]


@pytest.mark.django_db
def test_fallback_notice_shows_only_for_incomplete_languages(client, city, locale, settings):
    settings.LANGUAGE_CODE = "fr"
    # fr is the fallback itself: never flagged. en is complete. ar is complete; fa has no catalogue (empty).
    assert catalogues.translation_incomplete("fr") is False
    assert catalogues.translation_incomplete("en") is False
    (locale / "ar" / "LC_MESSAGES" / "django.po").write_text(CATALOGUE, encoding="utf-8")
    catalogues.coverage_by_language.cache_clear()
    assert catalogues.translation_incomplete("ar") is True
    response = client.get("/ar/")
    assert response.context["translation_incomplete"] is True
    assert b"notice-fallback" in response.content
    response = client.get("/en/")
    assert response.context["translation_incomplete"] is False
    assert b"notice-fallback" not in response.content
