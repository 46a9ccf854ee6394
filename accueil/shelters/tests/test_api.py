"""Shelter and hosting endpoints: open data without personal data, partners with tokens, refusals with codes."""

from __future__ import annotations

import pytest
from django.test import Client

from accueil.testing.organisations_factories import api_token_for

pytestmark = pytest.mark.django_db


def test_open_data_capacity_has_no_personal_data(city, site, make_unit, make_request, partner):
    from accueil.shelters import services

    make_unit(site, beds=3)
    services.reservation_create(place_request=make_request(), site=site, acting_user=partner)
    response = Client().get("/api/v1/shelters/capacity")
    assert response.status_code == 200
    [row] = response.json()
    assert (row["beds"], row["available"], row["reserved"], row["stale"]) == (3, 2, 1, True)
    assert "reference" not in response.content.decode()


def test_partner_token_reserves_and_the_last_bed_is_refused_with_a_code(city, site, make_unit, partner, partner_org):
    partner_org.api_tokens.all().delete()
    make_unit(site, beds=1)
    token = api_token_for(partner_org)
    from accueil.organisations.models import ApiToken

    ApiToken.objects.filter(organisation=partner_org).update(created_by=partner)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client = Client()
    places = client.get("/api/v1/shelters/places?audience=men_alone", **headers)
    assert places.status_code == 200 and places.json()[0]["free"] == 1
    created = client.post(
        "/api/v1/shelters/requests", {"audience": "men_alone"}, content_type="application/json", **headers
    )
    assert created.status_code == 201, created.content
    request_id = created.json()["id"]
    first = client.post(
        f"/api/v1/shelters/requests/{request_id}/reservations",
        {"site": site.pk},
        content_type="application/json",
        **headers,
    )
    assert first.status_code == 201, first.content
    second = client.post(
        f"/api/v1/shelters/requests/{request_id}/reservations",
        {"site": site.pk},
        content_type="application/json",
        **headers,
    )
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "no_free_place"


def test_anonymous_callers_get_401(city):
    assert Client().get("/api/v1/shelters/places").status_code == 401
    assert Client().get("/api/v1/hosting/offers").status_code == 401


def test_openapi_documents_the_endpoints(city):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/shelters/capacity", "/api/v1/shelters/places", "/api/v1/hosting/offers"):
        assert path in paths


def test_open_data_capacity_as_csv(city, site, make_unit):
    make_unit(site, beds=4)
    response = Client().get("/api/v1/shelters/capacity.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    header, row = response.content.decode().strip().splitlines()
    assert header.startswith("id,name,operator")
    assert f"{site.pk},{site.name}" in row


def test_openapi_describes_how_a_vacant_flat_is_let_its_surface_and_rent(city):
    schema = Client().get("/api/v1/openapi.json").json()
    properties = schema["components"]["schemas"]["OfferOut"]["properties"]
    assert {"intermediation", "operator", "surface_m2", "monthly_rent"} <= set(properties)
    assert "square metres" in properties["surface_m2"]["description"]
