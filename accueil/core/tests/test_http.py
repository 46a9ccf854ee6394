"""The request's city: `city_of` answers 404 where no city is served, `city_or_none` never raises."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import RequestFactory

from accueil.core.http import city_of, city_or_none


def test_city_of_gives_the_city_the_middleware_set(city):
    request = RequestFactory().get("/")
    request.city = city
    assert city_of(request) == city
    assert city_or_none(request) == city


@pytest.mark.parametrize("has_attribute", [True, False])
def test_city_of_answers_404_where_no_city_is_served(has_attribute):
    request = RequestFactory().get("/")
    if has_attribute:
        request.city = None
    with pytest.raises(Http404):
        city_of(request)
    assert city_or_none(request) is None


def test_city_or_none_outside_a_request():
    assert city_or_none(None) is None


@pytest.mark.django_db
def test_the_middleware_sets_the_city_of_the_host(client, city, other_city):
    assert client.get("/fr/").wsgi_request.city == city
    assert client.get("/fr/", HTTP_HOST="lyon.accueil.test").wsgi_request.city == other_city


@pytest.mark.django_db
def test_a_deployment_without_a_city_answers_api_404_in_json(client):
    response = client.get("/api/v1/guide/articles")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
