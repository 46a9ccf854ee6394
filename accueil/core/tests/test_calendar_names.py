"""Month and day names come from the reader's language, Pashto, Tigrinya and Amharic included (Django ships no
catalogue for them, so without the project's they would be French)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

FRENCH_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
    "décembre",
]  # fmt: skip
EXPECTED_DECEMBER = {
    "fr": "samedi 5 décembre 2026",
    "en": "saturday 5 december 2026",
    "ar": "السبت 5 ديسمبر 2026",
    "ps": "5 دسمبر 2026",
    "ti": "ቀዳም 5 ታሕሳስ 2026",
    "am": "ቅዳሜ 5 ዲሴምበር 2026",
}


def render(language: str, fmt: str, day: dt.date) -> str:
    with translation.override(language):
        return Template("{{ d|date:f }}").render(Context({"d": day, "f": fmt}))


@pytest.mark.parametrize("language", sorted(EXPECTED_DECEMBER))
def test_long_date_is_in_the_readers_language(language):
    shown = render(language, "l j F Y", dt.date(2026, 12, 5)).lower()
    expected = EXPECTED_DECEMBER[language]
    assert shown.endswith(expected) if language == "ps" else shown == expected


@pytest.mark.parametrize("language", ["en", "ar", "fa", "ps", "ti", "am"])
def test_no_month_is_ever_named_in_french_outside_french_pages(language):
    names = []
    for month in range(1, 13):
        day = dt.date(2026, month, 1)
        names += [render(language, fmt, day).lower() for fmt in ("F", "E", "N", "M", "b")]
    assert [name for name in names if any(french in name for french in FRENCH_MONTHS if len(french) > 3)] == []


@pytest.mark.parametrize(("language", "expected"), [("ti", "5 ታሕሳስ 2026"), ("am", "5 ዲሴምበር 2026")])
def test_default_date_format_puts_the_day_first(language, expected):
    with translation.override(language):
        assert Template("{{ d|date }}").render(Context({"d": dt.date(2026, 12, 5)})) == expected
