"""Public holidays, computed: fixed dates plus the Easter-based ones. France is built in."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@lru_cache(maxsize=64)
def _france(year: int) -> dict[dt.date, Promise]:
    easter = easter_sunday(year)
    return {
        dt.date(year, 1, 1): _("New Year's Day"),
        easter + dt.timedelta(days=1): _("Easter Monday"),
        dt.date(year, 5, 1): _("Labour Day"),
        dt.date(year, 5, 8): _("Victory in Europe Day"),
        easter + dt.timedelta(days=39): _("Ascension Day"),
        easter + dt.timedelta(days=50): _("Whit Monday"),
        dt.date(year, 7, 14): _("Bastille Day"),
        dt.date(year, 8, 15): _("Assumption of Mary"),
        dt.date(year, 11, 1): _("All Saints' Day"),
        dt.date(year, 11, 11): _("Armistice Day"),
        dt.date(year, 12, 25): _("Christmas Day"),
    }


def public_holidays(year: int, country: str = "FR") -> dict[dt.date, Promise]:
    """Date → name of the public holidays of that year. Countries other than France have none yet."""
    if country.upper() == "FR":
        return _france(year)
    return {}


def holiday_name(day: dt.date, country: str = "FR") -> str | None:
    name = public_holidays(day.year, country).get(day)
    return str(name) if name is not None else None


def holidays_between(start: dt.date, end: dt.date, country: str = "FR") -> list[tuple[dt.date, str]]:
    found: list[tuple[dt.date, str]] = []
    for year in range(start.year, end.year + 1):
        for day, name in public_holidays(year, country).items():
            if start <= day <= end:
                found.append((day, str(name)))
    return sorted(found)
