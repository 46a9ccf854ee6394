"""A need a partner posts appears on the public page of the collection points that can serve it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accueil.donations.models import NeedStatus
from accueil.testing.donations_factories import CollectionPointFactory, ItemFactory, NeedFactory
from accueil.testing.factories import DistrictFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_open_needs_of_the_district_show_on_the_point_page_and_others_do_not(city, client):
    here = DistrictFactory(city=city, number=18, name="18e arrondissement")
    elsewhere = DistrictFactory(city=city, number=5, name="5e arrondissement")
    point = CollectionPointFactory(city=city, district=here)
    partner = OrganisationFactory(city=city, name="Abri du Nord")
    item = ItemFactory(city=city, name="Couvertures", name_en="Blankets")
    NeedFactory(city=city, site=partner, district=here, item=item, quantity=40)
    NeedFactory(city=city, site=partner, district=elsewhere, item=ItemFactory(city=city, name_en="Tents"))
    NeedFactory(
        city=city,
        site=partner,
        district=here,
        item=ItemFactory(city=city, name_en="Stoves"),
        expires_at=timezone.now() - dt.timedelta(days=1),
    )
    NeedFactory(
        city=city,
        site=partner,
        district=here,
        item=ItemFactory(city=city, name_en="Soap"),
        status=NeedStatus.CANCELLED,
    )
    with translation.override("en"):
        url = reverse("donations:point", args=[point.slug])
    page = client.get(url).content.decode()
    assert "Asked for by partner organisations" in page
    assert "Blankets" in page and "Abri du Nord" in page and "40" in page
    assert [name in page for name in ("Tents", "Stoves", "Soap")] == [False, False, False]
