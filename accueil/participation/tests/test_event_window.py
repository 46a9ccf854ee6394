"""Events are scheduled within the sensible window (`core.timewindow`): a new start at most a day in the past and
at most two years ahead, at most 31 days long."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accueil.participation import services as participation_services
from accueil.participation.models import Event
from accueil.testing.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("offset", "length", "field"),
    [(-3 * DAY, 2 * HOUR, "starts_at"), (900 * DAY, 2 * HOUR, "starts_at"), (DAY, 32 * DAY, "ends_at")],
)
def test_events_out_of_the_window_are_refused(city, offset, length, field):
    organisation = OrganisationFactory(city=city)
    member = MembershipFactory(organisation=organisation).user

    def create(starts_at: dt.datetime, ends_at: dt.datetime) -> Event:
        return participation_services.event_create(
            city=city,
            organiser=organisation,
            acting_user=member,
            title="Permanence",
            kind="information_session",
            starts_at=starts_at,
            ends_at=ends_at,
        )

    starts_at = timezone.now() + offset
    with pytest.raises(ValidationError) as caught:
        create(starts_at, starts_at + length)
    assert field in caught.value.message_dict
    assert not Event.objects.exists()
    create(timezone.now() + DAY, timezone.now() + 31 * DAY)
    assert Event.objects.count() == 1
