from __future__ import annotations

import pytest

from accueil.testing.accounts_factories import totp_activate, user_with_role
from accueil.testing.donations_factories import CollectionPointFactory, ItemFactory
from accueil.testing.factories import MembershipFactory, UserFactory


@pytest.fixture
def point(city):
    return CollectionPointFactory(city=city, slug="mairie-1", name="Mairie du 1er")


@pytest.fixture
def other_point(city):
    district = city.districts.get(number=2)
    return CollectionPointFactory(city=city, slug="mairie-2", name="Mairie du 2e", district=district)


@pytest.fixture
def staff(point):
    user = UserFactory(email="staff@example.org")
    MembershipFactory(user=user, organisation=point.managed_by)
    return user


@pytest.fixture
def other_staff(other_point):
    user = UserFactory(email="other-staff@example.org")
    MembershipFactory(user=user, organisation=other_point.managed_by)
    return user


@pytest.fixture
def coordinator(city):
    user = user_with_role(city=city, role="coordinator", email="coordinator@example.org")
    totp_activate(user=user)
    return user


@pytest.fixture
def socks(city):
    return ItemFactory(city=city, code="socks", name="Chaussettes", name_en="Socks", sizes=["S", "M", "L"])


@pytest.fixture
def towels(city):
    return ItemFactory(city=city, code="towels", name="Serviettes de bain", name_en="Bath towels")
