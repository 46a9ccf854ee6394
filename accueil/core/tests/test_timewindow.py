"""The sensible window for anything scheduled: a new start at most a day in the past and at most two years
ahead, and a bounded length. The shifts' and events' own tests are in their apps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accueil.core.timewindow import schedule_check

NOW = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


def refusal(**kwargs) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        schedule_check(longest=DAY, too_long="too long", now=NOW, **kwargs)
    return caught.value.message_dict


def test_the_window():
    schedule_check(starts_at=NOW - 20 * HOUR, ends_at=NOW, longest=DAY, too_long="x", now=NOW)
    schedule_check(starts_at=NOW + 700 * DAY, ends_at=NOW + 700 * DAY + DAY, longest=DAY, too_long="x", now=NOW)
    assert refusal(starts_at=NOW - 2 * DAY, ends_at=NOW - DAY) == {
        "starts_at": ["The start cannot be more than one day in the past."]
    }
    assert refusal(starts_at=NOW + 800 * DAY, ends_at=NOW + 800 * DAY + HOUR) == {
        "starts_at": ["The start cannot be more than two years ahead."]
    }
    assert refusal(starts_at=NOW, ends_at=NOW + DAY + HOUR) == {"ends_at": ["too long"]}
    # A start that is not changed may be in the past.
    schedule_check(
        starts_at=NOW - 30 * DAY, ends_at=NOW - 30 * DAY + HOUR, longest=DAY, too_long="x", new_start=False, now=NOW
    )
