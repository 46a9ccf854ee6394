"""Builders for coordination tests: volunteers with languages, districts and weekly availability; dated shifts."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from accueil.testing.factories import UserFactory
from accueil.testing.volunteering_factories import MissionFactory, ShiftFactory, VolunteerProfileFactory
from accueil.volunteering.models import Availability, MissionLanguage, VolunteerLanguage

PARIS = ZoneInfo("Europe/Paris")


def next_weekday(weekday: int, *, hour: int, minute: int = 0, weeks: int = 1) -> dt.datetime:
    """An aware datetime in Paris on the given weekday at least two days ahead (``weeks`` − 1 weeks later)."""
    today = timezone.now().astimezone(PARIS).date() + dt.timedelta(days=2)
    day = today + dt.timedelta(days=(weekday - today.weekday()) % 7 + 7 * (weeks - 1))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


def volunteer(
    *,
    city: Any,
    districts: list[Any] = (),  # type: ignore[assignment]
    languages: dict[str, int] | None = None,
    availability: list[tuple[int, dt.time, dt.time]] = (),  # type: ignore[assignment]
    skills: list[Any] = (),  # type: ignore[assignment]
    safeguarding: bool = True,
    **fields: Any,
) -> Any:
    """A volunteer profile; by default 8 hours a month, born in 1990, with a valid safeguarding check."""
    user = UserFactory()
    if safeguarding:
        fields.setdefault("safeguarding_expires_on", timezone.now().date() + dt.timedelta(days=365))
    profile = VolunteerProfileFactory(user=user, city=city, **fields)
    profile.districts.set(districts)
    profile.skills.set(skills)
    for code, level in (languages or {}).items():
        VolunteerLanguage.objects.create(profile=profile, language_id=code, level=level)
    for weekday, start, end in availability:
        Availability.objects.create(profile=profile, weekday=weekday, start_time=start, end_time=end)
    return profile


def shift(
    *,
    city: Any,
    starts_at: dt.datetime,
    hours: float = 2,
    capacity: int = 1,
    district: Any = None,
    languages: dict[str, int] | None = None,
    skills: list[Any] = (),  # type: ignore[assignment]
    mission: Any = None,
    **mission_fields: Any,
) -> Any:
    """A shift of a published mission (a new one unless ``mission`` is given)."""
    if mission is None:
        mission = MissionFactory(city=city, district=district, **mission_fields)
        mission.skills.set(skills)
        for code, level in (languages or {}).items():
            MissionLanguage.objects.create(mission=mission, language_id=code, min_level=level)
    return ShiftFactory(
        mission=mission,
        city=city,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
        capacity=capacity,
    )
