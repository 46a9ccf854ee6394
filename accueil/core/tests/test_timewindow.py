"""Shifts and events are scheduled within a sensible window: a new start at most a day in the past and at most
two years ahead, a shift at most 24 hours long, an event at most 31 days. Forms and the API refuse the same way
(the API with 422 in its JSON error format), and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accueil.core.timewindow import schedule_check
from accueil.participation import services as participation_services
from accueil.participation.models import Event
from accueil.testing.factories import MembershipFactory, OrganisationFactory
from accueil.testing.organisations_factories import api_token_for
from accueil.testing.volunteering_factories import MissionFactory
from accueil.volunteering.models import Shift

pytestmark = pytest.mark.django_db

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


@pytest.fixture
def token(city):  # type: ignore[no-untyped-def]
    organisation = OrganisationFactory(city=city)
    staff = MembershipFactory(organisation=organisation).user
    raw = api_token_for(organisation, created_by=staff)
    mission = MissionFactory(city=city, organisation=organisation)
    return mission, {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "en"}


def _iso(value: dt.datetime) -> str:
    return value.isoformat()


@pytest.mark.parametrize(
    ("starts", "ends", "field"),
    [
        ("9999-12-31T10:00:00+01:00", "9999-12-31T12:00:00+01:00", "starts_at"),
        ("2020-05-02T10:00:00+02:00", "2020-05-02T12:00:00+02:00", "starts_at"),
        ("0001-01-02T10:00:00+00:00", "0001-01-02T12:00:00+00:00", "starts_at"),
        ("start+1d", "start+10y", "ends_at"),
        ("start+1d", "start+1d+25h", "ends_at"),
    ],
)
def test_the_api_refuses_shifts_out_of_the_window_with_422(client, token, starts, ends, field):
    mission, headers = token
    base = timezone.now() + DAY
    values = {"start+1d": base, "start+10y": base + 3650 * DAY, "start+1d+25h": base + 25 * HOUR}
    body = {
        "starts_at": _iso(values[starts]) if starts in values else starts,
        "ends_at": _iso(values[ends]) if ends in values else ends,
        "capacity": 3,
    }
    response = client.post(
        f"/api/v1/organisation/missions/{mission.pk}/shifts", body, content_type="application/json", **headers
    )
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["details"]
    assert not Shift.objects.filter(mission=mission).exists()


def test_the_api_accepts_a_shift_in_the_window(client, token):
    mission, headers = token
    start = timezone.now() + 30 * DAY
    body = {"starts_at": _iso(start), "ends_at": _iso(start + 3 * HOUR), "capacity": 3}
    response = client.post(
        f"/api/v1/organisation/missions/{mission.pk}/shifts", body, content_type="application/json", **headers
    )
    assert response.status_code == 201, response.content


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
