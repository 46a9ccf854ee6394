from __future__ import annotations

from decimal import Decimal

import pytest

from accueil.donations import demo, indicators, services
from accueil.donations.models import CollectionPoint, Item, Need, PriorityItem
from accueil.testing.donations_factories import NeedFactory
from accueil.testing.factories import DistrictFactory


@pytest.fixture
def paris(city):
    for number in range(4, 21):
        DistrictFactory(city=city, number=number)
    return city


def test_demo_loads_a_point_per_district_and_is_idempotent(client, paris):
    assert demo.load_demo(city=paris) == 20
    assert demo.load_demo(city=paris) == 0
    assert CollectionPoint.objects.filter(city=paris, is_demo=True).count() == 20
    assert PriorityItem.objects.filter(city=paris).count() == 10
    assert Need.objects.filter(is_demo=True).count() == 40
    refused = client.get("/api/v1/collection-points").json()
    used = Item.objects.get(code="used-clothes").pk
    assert sum(1 for p in refused if used in [i["item_id"] for i in p["not_accepted"]]) == 16
    assert indicators.funds_raised(paris) > 0
    assert Decimal(0) < indicators.funds_allocated(paris) <= Decimal(60000)
    assert client.get("/fr/donations/fund/").status_code == 200
    assert "(démo)" in client.get("/fr/donations/").content.decode()


def test_indicators(city, point, staff, towels):
    assert set(indicators.INDICATOR_SOURCES) == {
        "donations.items_collected",
        "donations.items_delivered",
        "donations.needs_met_rate",
        "donations.funds_raised",
        "donations.funds_allocated",
    }
    assert indicators.needs_met_rate(city) is None
    services.stock_receive(point=point, item=towels, quantity=7, condition="good", acting_user=staff)
    NeedFactory(city=city, item=towels, quantity=10, quantity_delivered=4)
    assert indicators.items_collected(city) == 7
    assert indicators.items_delivered(city) == 0
    assert indicators.needs_met_rate(city) == 0.4
    assert indicators.funds_raised(city) == 0
