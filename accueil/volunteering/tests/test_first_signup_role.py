"""A person's first sign-up makes them a volunteer of the city: the account page lists the shift and their role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from accueil.accounts.models import Role, RoleAssignment
from accueil.testing.factories import UserFactory
from accueil.testing.volunteering_factories import ShiftFactory, VolunteerProfileFactory
from accueil.volunteering.models import Signup

pytestmark = pytest.mark.django_db


def test_first_sign_up_gives_the_volunteer_role_and_the_account_page_shows_the_shift(city, client):
    person = UserFactory()
    VolunteerProfileFactory(user=person, city=city)
    shift = ShiftFactory(mission__city=city, mission__title="Tri de vêtements")
    client.force_login(person)
    with translation.override("en"):
        home = reverse("accounts:dashboard")
    assert "You hold no role in this city yet." in client.get(home).content.decode()
    response = client.post(reverse("volunteering:shift_sign_up", args=[shift.pk]))
    assert response.status_code == 302
    assert Signup.objects.filter(volunteer=person, shift=shift).count() == 1
    assert list(RoleAssignment.objects.filter(user=person).values_list("city", "role")) == [(city.pk, Role.VOLUNTEER)]
    page = client.get(home).content.decode()
    assert "You hold no role in this city yet." not in page
    assert "Tri de vêtements" in page


def test_a_second_sign_up_keeps_one_role(city, client):
    person = UserFactory()
    VolunteerProfileFactory(user=person, city=city)
    first = ShiftFactory(mission__city=city)
    second = ShiftFactory(mission__city=city, starts_at=first.starts_at + dt.timedelta(days=1))
    client.force_login(person)
    for shift in (first, second):
        client.post(reverse("volunteering:shift_sign_up", args=[shift.pk]))
    assert Signup.objects.filter(volunteer=person).count() == 2
    assert RoleAssignment.objects.filter(user=person, role=Role.VOLUNTEER).count() == 1
