"""The city of a host name: one query at most, none while cached, a saved city seen at once."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from accueil.territories.models import City
from accueil.territories.selectors import city_cache_clear, city_for_host


@pytest.fixture
def cached():
    city_cache_clear()
    with override_settings(ACCUEIL_CITY_CACHE_SECONDS=60, ACCUEIL_DEFAULT_CITY="paris"):
        yield
    city_cache_clear()


@pytest.mark.smoke
def test_one_query_then_none_while_cached(cached, city, other_city):
    other_city.domain = "accueil.example.org"
    other_city.save()
    with CaptureQueriesContext(connection) as first:
        assert city_for_host("accueil.example.org:443") == other_city
        assert city_for_host("unknown.example.net") == city
    assert len(first) == 2
    with CaptureQueriesContext(connection) as again:
        assert city_for_host("ACCUEIL.example.org") == other_city
        assert city_for_host("unknown.example.net") == city
    assert len(again) == 0


def test_saved_or_deleted_city_is_looked_up_again(cached, city, other_city):
    assert city_for_host("accueil.example.org") == city
    other_city.domain = "accueil.example.org"
    other_city.save()
    assert city_for_host("accueil.example.org") == other_city
    other_city.delete()
    assert city_for_host("accueil.example.org") == city


def test_no_city_at_all_gives_none(cached, db):
    assert not City.objects.exists()
    assert city_for_host("127.0.0.1") is None


def test_cache_off_looks_up_every_time(city):
    with override_settings(ACCUEIL_CITY_CACHE_SECONDS=0), CaptureQueriesContext(connection) as context:
        assert city_for_host("127.0.0.1") == city
        assert city_for_host("127.0.0.1") == city
    assert len(context) == 2


def test_request_city_comes_from_the_cache(cached, client, city):
    client.get("/healthz")
    with CaptureQueriesContext(connection) as context:
        assert client.get("/healthz").status_code == 200
    assert not any('FROM "territories_city"' in q["sql"] for q in context.captured_queries)
