"""A city's public holidays as the holidays library computes them, by country and region (no table of dates).

The directory reads the same calendar to close services on public holidays (`accueil.directory.holidays`); this
module answers what an operator needs when setting a city up: which countries and regions the library knows,
and the holidays a choice gives.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays as holidays_library
from django.utils import translation


@lru_cache(maxsize=1)
def supported_regions() -> dict[str, tuple[str, ...]]:
    """ISO 3166 country code → the region codes with their own holidays (possibly none)."""
    return {code: tuple(regions) for code, regions in holidays_library.list_supported_countries().items()}


def region_problem(country: str, region: str) -> str | None:
    """Which part of (country, region) the library does not know: "country", "region" or None."""
    regions = supported_regions()
    if country not in regions:
        return "country"
    if region and region not in regions[country]:
        return "region"
    return None


def holidays_of(*, country: str, region: str, year: int) -> list[tuple[dt.date, str, str]]:
    """The public holidays of that year as (date, name, language of the name): named in the reader's language
    when the library has it, else in the country's own language."""
    if region_problem(country, region):
        return []
    wanted = (translation.get_language() or "en").split("-")[0]
    probe = holidays_library.country_holidays(country, subdiv=region or None, years=year)
    language = next((code for code in probe.supported_languages if code.split("_")[0] == wanted), None)
    days = holidays_library.country_holidays(country, subdiv=region or None, years=year, language=language)
    shown_in = (language or getattr(probe, "default_language", None) or "en").split("_")[0]
    return [(day, name, shown_in) for day, name in sorted(days.items())]
