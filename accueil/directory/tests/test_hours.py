"""Opening hours in Paris time across the daylight-saving changes, public holidays, closures."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from accueil.directory.holidays import holiday_name, holidays_between, public_holidays
from accueil.directory.hours import day_status

UTC = dt.UTC


@pytest.fixture(autouse=True)
def english():
    """Labels are compared in English; other languages come from the same catalogue entries."""
    with translation.override("en"):
        yield


def hours(*periods):
    return [SimpleNamespace(weekday=d, opens_at=dt.time(*o), closes_at=dt.time(*c)) for d, o, c in periods]


def closure(start, end, reason):
    return SimpleNamespace(starts_on=start, ends_on=end, reason=reason)


@pytest.mark.smoke
def test_easter_and_french_holidays():
    easter_mondays = [
        day for day, name in holidays_between(dt.date(2024, 1, 1), dt.date(2026, 12, 31)) if "Easter" in name
    ]
    assert easter_mondays == [dt.date(2024, 4, 1), dt.date(2025, 4, 21), dt.date(2026, 4, 6)]
    days = public_holidays(2025)
    assert len(days) == 11
    assert dt.date(2025, 4, 21) in days  # Easter Monday
    assert dt.date(2025, 5, 29) in days  # Ascension
    assert dt.date(2025, 6, 9) in days  # Whit Monday
    assert holiday_name(dt.date(2025, 7, 14)) == "Bastille Day"
    assert holiday_name(dt.date(2025, 7, 15)) is None
    assert holiday_name(dt.date(2025, 10, 3), "DE") == "German Unity Day"  # the city's country, from the library
    assert dt.date(2025, 7, 14) not in public_holidays(2025, "DE")
    assert public_holidays(2025, "XX") == {}


@pytest.mark.parametrize("year", range(2020, 2036))
def test_french_dates_are_the_eleven_of_the_law(year):
    """The library gives the dates the directory wrote by hand before: fixed ones and Easter-based ones."""
    a, b, c = year % 19, *divmod(year, 100)
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    easter = dt.date(year, month, day + 1)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    expected = {dt.date(year, mo, da) for mo, da in fixed} | {easter + dt.timedelta(days=n) for n in (1, 39, 50)}
    assert set(public_holidays(year, "FR")) == expected


def test_spring_forward_sunday_uses_summer_time():
    # 30 March 2025: clocks go from 02:00 CET to 03:00 CEST. Open Sunday 09:00–12:00 local time.
    sunday = hours((6, (9, 0), (12, 0)))
    # 07:30 UTC is 09:30 CEST → open; a week before, 07:30 UTC was 08:30 CET → not yet open.
    after = day_status(
        hours=sunday, closures=[], open_on_public_holidays=False, at=dt.datetime(2025, 3, 30, 7, 30, tzinfo=UTC)
    )
    before = day_status(
        hours=sunday, closures=[], open_on_public_holidays=False, at=dt.datetime(2025, 3, 23, 7, 30, tzinfo=UTC)
    )
    assert after.state == "open" and after.closes_at == dt.time(12, 0)
    assert before.state == "opens_later" and before.opens_at == dt.time(9, 0)


def test_fall_back_sunday_uses_winter_time():
    # 26 October 2025: clocks go back from 03:00 CEST to 02:00 CET. Open Sunday 09:00–12:00 local time.
    sunday = hours((6, (9, 0), (12, 0)))
    # 10:30 UTC is 11:30 CET → open; on 19 October 10:30 UTC was 12:30 CEST → closed for the day.
    after = day_status(
        hours=sunday, closures=[], open_on_public_holidays=False, at=dt.datetime(2025, 10, 26, 10, 30, tzinfo=UTC)
    )
    before = day_status(
        hours=sunday, closures=[], open_on_public_holidays=False, at=dt.datetime(2025, 10, 19, 10, 30, tzinfo=UTC)
    )
    assert after.state == "open"
    assert before.state == "closed_for_day"


def test_night_of_the_change_keeps_local_wall_clock():
    # A night service open Sunday 01:00–04:00 local time: at 02:30 local on the spring-forward night that hour does
    # not exist; 00:45 UTC is 01:45 CET (open) and 01:30 UTC is 03:30 CEST (still open).
    night = hours((6, (1, 0), (4, 0)))
    for minute_utc in (dt.datetime(2025, 3, 30, 0, 45, tzinfo=UTC), dt.datetime(2025, 3, 30, 1, 30, tzinfo=UTC)):
        assert day_status(hours=night, closures=[], open_on_public_holidays=False, at=minute_utc).state == "open"
    # 02:05 UTC is 04:05 CEST: closed for the day.
    late = dt.datetime(2025, 3, 30, 2, 5, tzinfo=UTC)
    assert day_status(hours=night, closures=[], open_on_public_holidays=False, at=late).state == "closed_for_day"


def test_public_holiday_closes_unless_the_service_opens_on_holidays():
    monday = hours((0, (9, 0), (17, 0)))
    easter_monday = dt.datetime(2025, 4, 21, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    closed = day_status(hours=monday, closures=[], open_on_public_holidays=False, at=easter_monday)
    assert closed.state == "closed_today"
    assert closed.reason == "holiday"
    assert closed.reason_label == "Easter Monday"
    opened = day_status(hours=monday, closures=[], open_on_public_holidays=True, at=easter_monday)
    assert opened.state == "open"


def test_dated_closure_wins_with_its_structured_reason():
    monday = hours((0, (9, 0), (17, 0)))
    at = dt.datetime(2025, 6, 2, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    status = day_status(
        hours=monday,
        closures=[closure(dt.date(2025, 6, 1), dt.date(2025, 6, 3), "strike")],
        open_on_public_holidays=False,
        at=at,
    )
    assert (status.state, status.reason, status.reason_label) == ("closed_today", "strike", "Strike")
    assert day_status(hours=monday, closures=[], open_on_public_holidays=False, at=at).state == "open"


def test_no_hours_today_is_closed_without_reason():
    status = day_status(
        hours=hours((0, (9, 0), (17, 0))),
        closures=[],
        open_on_public_holidays=False,
        at=dt.datetime(2025, 6, 3, 10, 0, tzinfo=ZoneInfo("Europe/Paris")),
    )
    assert (status.state, status.reason) == ("closed_today", "")


def test_reason_label_is_translated():
    from django.utils import translation

    monday = hours((0, (9, 0), (17, 0)))
    at = dt.datetime(2025, 6, 2, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    with translation.override("fr"):
        status = day_status(
            hours=monday,
            closures=[closure(dt.date(2025, 6, 2), dt.date(2025, 6, 2), "full")],
            open_on_public_holidays=False,
            at=at,
        )
    assert status.reason == "full"
    assert status.reason_label != ""
