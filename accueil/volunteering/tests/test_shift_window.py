"""Shifts are scheduled within the sensible window (`core.timewindow`): a new start at most a day in the past
and at most two years ahead, at most 24 hours long. The API refuses with 422 in its JSON error format and writes
nothing; a shift in year 9999 answered 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accueil.testing.factories import MembershipFactory, OrganisationFactory
from accueil.testing.organisations_factories import api_token_for
from accueil.testing.volunteering_factories import MissionFactory
from accueil.volunteering.models import Shift

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


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
