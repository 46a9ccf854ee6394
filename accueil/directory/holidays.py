"""Public holidays of the city's country and region, from the `holidays` library (dates computed for every
country it knows; a region, `City.holiday_subdivision`, adds its own days: Bavaria's, Catalonia's).

Names: the ones the translation catalogues carry (France's, in every language of the site); for a holiday they do
not name, the library's own name, in the reader's language when the library has it.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays as holidays_library
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# France's holidays: the library's English name → the catalogue's entry (translated into the site's seven
# languages). Only for France: elsewhere "National Day" is not Bastille Day.
NAMES_BY_COUNTRY: dict[str, dict[str, Promise]] = {}
NAMES: dict[str, Promise] = {
    "New Year's Day": _("New Year's Day"),
    "Easter Monday": _("Easter Monday"),
    "Labor Day": _("Labour Day"),
    "Victory Day": _("Victory in Europe Day"),
    "Ascension Day": _("Ascension Day"),
    "Pentecost Monday": _("Whit Monday"),
    "Whit Monday": _("Whit Monday"),
    "National Day": _("Bastille Day"),
    "Assumption Day": _("Assumption of Mary"),
    "All Saints' Day": _("All Saints' Day"),
    "Armistice Day": _("Armistice Day"),
    "Christmas Day": _("Christmas Day"),
}
NAMES_BY_COUNTRY["FR"] = NAMES


def _library_holidays(country: str, year: int, language: str, region: str = "") -> dict[dt.date, str]:
    try:
        days = holidays_library.country_holidays(country, subdiv=region or None, years=year, language=language or None)
    except NotImplementedError:  # a country (or region) the library does not know: no holidays
        return {}
    return dict(days.items())


@lru_cache(maxsize=256)
def _holidays(country: str, year: int, language: str, region: str = "") -> dict[dt.date, str | Promise]:
    english = _library_holidays(country, year, "en_US", region)
    local = _library_holidays(country, year, language, region)
    names = NAMES_BY_COUNTRY.get(country, {})
    return {day: names.get(name) or local.get(day) or name for day, name in english.items()}


@lru_cache(maxsize=256)
def _library_language(country: str, wanted: str) -> str | None:
    """`wanted` if the library names this country's holidays in it (None: the library's default language)."""
    try:
        supported = holidays_library.country_holidays(country).supported_languages
    except NotImplementedError:
        return None
    return next((code for code in supported if code.split("_")[0] == wanted), None)


def public_holidays(year: int, country: str = "FR", region: str = "") -> dict[dt.date, str | Promise]:
    """Date → name of the public holidays of that year in `country` (ISO 3166 code) and its `region` (the
    library's subdivision code, empty for national holidays only); {} for an unknown country or region."""
    country = country.upper()
    wanted = (translation.get_language() or "fr").split("-")[0]
    return _holidays(country, year, _library_language(country, wanted) or "", region.upper())


def holiday_name(day: dt.date, country: str = "FR", region: str = "") -> str | None:
    name = public_holidays(day.year, country, region).get(day)
    return str(name) if name is not None else None


def holidays_between(start: dt.date, end: dt.date, country: str = "FR", region: str = "") -> list[tuple[dt.date, str]]:
    found: list[tuple[dt.date, str]] = []
    for year in range(start.year, end.year + 1):
        for day, name in public_holidays(year, country, region).items():
            if start <= day <= end:
                found.append((day, str(name)))
    return sorted(found)
