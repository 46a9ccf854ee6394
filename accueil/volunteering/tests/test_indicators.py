"""The action plan's volunteering indicators follow the live sign-ups and shifts exactly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accueil.testing.factories import UserFactory
from accueil.testing.volunteering_factories import MissionFactory, ShiftFactory, SignupFactory
from accueil.volunteering import indicators
from accueil.volunteering.models import MissionStatus, SignupStatus

pytestmark = pytest.mark.django_db


def _shift(city, days: int, capacity: int = 4, status: str = MissionStatus.PUBLISHED):
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    mission = MissionFactory(city=city, status=status)
    return ShiftFactory(
        mission=mission, city=city, starts_at=starts, ends_at=starts + dt.timedelta(hours=2), capacity=capacity
    )


@pytest.mark.smoke
def test_volunteers_mobilised_counts_distinct_accepted_volunteers(city, other_city):
    alice, bob, carol = UserFactory(), UserFactory(), UserFactory()
    past, future = _shift(city, -10), _shift(city, 5)
    SignupFactory(shift=past, volunteer=alice)
    SignupFactory(shift=future, volunteer=alice)
    SignupFactory(shift=future, volunteer=bob)
    SignupFactory(shift=future, volunteer=carol, status=SignupStatus.WAITLISTED)
    SignupFactory(shift=_shift(other_city, 5), volunteer=carol)
    assert indicators.volunteers_mobilised(city) == 2
    assert indicators.volunteers_mobilised(city, start=timezone.now()) == 2
    assert indicators.volunteers_mobilised(city, end=timezone.now()) == 1
    assert indicators.volunteers_mobilised(other_city) == 1

    # Live: a cancellation shows at once.
    future.signups.filter(volunteer=bob).update(status=SignupStatus.CANCELLED)
    assert indicators.volunteers_mobilised(city, start=timezone.now()) == 1


def test_volunteers_active_counts_recent_participation_not_absences(city):
    alice, bob, carol, dan = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    SignupFactory(shift=_shift(city, -5), volunteer=alice, attended=True)
    SignupFactory(shift=_shift(city, -6), volunteer=bob, attended=None)
    SignupFactory(shift=_shift(city, -7), volunteer=carol, attended=False)
    SignupFactory(shift=_shift(city, -120), volunteer=dan, attended=True)
    SignupFactory(shift=_shift(city, 3), volunteer=dan)
    assert indicators.volunteers_active(city) == 2
    assert indicators.volunteers_active(city, days=200) == 3
    assert indicators.INDICATOR_SOURCES["volunteering.volunteers_active"](city) == 2


def test_hours_given_sums_approved_hours_only(city):
    shift = _shift(city, -3)
    SignupFactory(shift=shift, volunteer=UserFactory(), hours=Decimal("2.50"), hours_approved=True)
    SignupFactory(shift=shift, volunteer=UserFactory(), hours=Decimal("3.00"), hours_approved=True)
    SignupFactory(shift=shift, volunteer=UserFactory(), hours=Decimal("4.00"), hours_approved=False)
    assert indicators.hours_given(city) == Decimal("5.50")
    assert indicators.hours_given(city, start=timezone.now()) == Decimal("0")
    signup = shift.signups.get(hours=Decimal("4.00"))
    signup.hours_approved = True
    signup.save()
    assert indicators.hours_given(city) == Decimal("9.50")


def test_shifts_filled_rate_and_unmeasured(city):
    assert indicators.shifts_filled_rate(city) is None
    first, second = _shift(city, 2, capacity=4), _shift(city, 3, capacity=6)
    _shift(city, 4, capacity=10, status=MissionStatus.DRAFT)
    type(first).objects.filter(pk=first.pk).update(accepted_count=3)
    type(second).objects.filter(pk=second.pk).update(accepted_count=2)
    assert indicators.shifts_filled_rate(city) == 0.5
    assert indicators.shifts_filled_rate(city, start=timezone.now() + dt.timedelta(days=2, hours=12)) == round(2 / 6, 4)


def test_registry_names_every_indicator_with_one_signature(city):
    assert set(indicators.INDICATOR_SOURCES) == {
        "volunteering.volunteers_mobilised",
        "volunteering.volunteers_active",
        "volunteering.hours_given",
        "volunteering.shifts_filled_rate",
    }
    for fn in indicators.INDICATOR_SOURCES.values():
        fn(city, start=None, end=timezone.now())
