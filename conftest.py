"""Fixtures shared by every app's tests: two cities (Paris and a second one) and people with roles."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from accueil.testing.factories import CityFactory, DistrictFactory

pytest_plugins = ["accueil.testing.browser", "accueil.testing.concurrency"]


@pytest.fixture(autouse=True)
def fresh_process_state():
    """Each test starts in the default language with an empty cache (rate limits live there), whatever an
    earlier test in the same process did."""
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def city(db):
    city = CityFactory(slug="paris", name="Paris")
    for number in range(1, 4):
        DistrictFactory(city=city, number=number)
    return city


@pytest.fixture
def other_city(db):
    city = CityFactory(slug="lyon", name="Lyon", domain="lyon.accueil.test", latitude="45.76400", longitude="4.83570")
    DistrictFactory(city=city, number=1, code="69381")
    return city
