"""The coverage statements agree with the unfilled places beside them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from accueil.accounts.models import Role
from accueil.testing.accounts_factories import totp_activate, user_with_role
from accueil.testing.coordination_factories import next_weekday, shift, volunteer

pytestmark = pytest.mark.django_db


def _dashboard(client, city, day):
    user = user_with_role(city=city, role=Role.COORDINATOR)
    totp_activate(user=user)
    client.force_login(user)
    with translation.override("en"):
        url = reverse("volunteering:coordination")
    return client.get(url, {"start": day.isoformat(), "end": day.isoformat()}).content.decode()


def test_no_shortage_is_not_called_covered_while_places_are_open(city, client):
    starts = next_weekday(5, hour=10)
    shift(city=city, starts_at=starts, capacity=1)
    volunteer(city=city)
    page = _dashboard(client, city, starts.date())
    assert "1 unfilled places out of 1" in page
    assert "No coverage gap in this period." not in page
    assert "No shortage of volunteers in this period; the open places below are still to be filled." in page


def test_a_language_gap_alone_does_not_call_every_district_covered(city, client):
    starts = next_weekday(5, hour=10)
    shift(city=city, starts_at=starts, capacity=1, languages={"ar": 2})
    volunteer(city=city)
    page = _dashboard(client, city, starts.date())
    assert "Every district is covered." not in page
    assert "Enough volunteers go to every district; the open places below are still to be filled." in page


def test_nothing_open_is_covered(city, client):
    starts = next_weekday(5, hour=10)
    page = _dashboard(client, city, starts.date())
    assert "No coverage gap in this period." in page
