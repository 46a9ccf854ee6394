"""The functions the rights guide calls."""

from __future__ import annotations

import pytest

from accueil.directory.selectors import service_public_url, services_for_category
from accueil.territories.places import district_from_text
from accueil.testing.directory_factories import PlaceFactory, ServiceFactory
from accueil.testing.factories import OrganisationFactory


@pytest.mark.smoke
def test_services_for_category_nearest_first(city):
    d1, _d2, d3 = city.districts.order_by("number")
    d1.latitude, d1.longitude = "48.86000", "2.34000"
    d3.latitude, d3.longitude = "48.86300", "2.36000"
    d1.save()
    d3.save()
    org = OrganisationFactory(city=city)
    near3 = ServiceFactory(
        organisation=org,
        place=PlaceFactory(organisation=org, latitude="48.86300", longitude="2.36100", district=d3),
        categories=["legal-access-point"],
    )
    near1 = ServiceFactory(
        organisation=org,
        place=PlaceFactory(organisation=org, latitude="48.86000", longitude="2.34100", district=d1),
        categories=["legal"],
    )
    ServiceFactory(organisation=org, categories=["health"])
    ServiceFactory(organisation=org, categories=["legal"], status="draft")
    assert services_for_category(city=city, category_code="legal", district=3) == [near3, near1]
    assert services_for_category(city=city, category_code="legal", district=d1) == [near1, near3]
    assert services_for_category(city=city, category_code="legal", limit=1)[0] in {near1, near3}
    assert services_for_category(city=city, category_code="school") == []


def test_service_public_url_per_language(city):
    service = ServiceFactory(organisation=OrganisationFactory(city=city))
    assert service_public_url(service, "ar") == f"/ar/services/{service.pk}/"
    assert service_public_url(service, "fr") == f"/fr/services/{service.pk}/"


@pytest.mark.parametrize(
    ("text", "number"),
    [("75002", 2), ("75103", 3), ("3", 3), ("3e", 3), ("2ème", 2), ("12 rue de la Paix 75002 Paris", 2), ("1er", 1)],
)
def test_district_from_text(city, text, number):
    assert district_from_text(city, text).number == number


@pytest.mark.parametrize("text", ["", "75020", "69001", "nowhere", "99"])
def test_district_from_text_unknown(city, text):
    assert district_from_text(city, text) is None
