"""The demo directory: idempotent, every district covered, marked as demo, reachable from the guide's selector."""

from __future__ import annotations

import pytest

from accueil.directory import demo, selectors
from accueil.directory.models import Closure, OpeningHours, Place, SearchToken, Service
from accueil.directory.search import search_scores
from accueil.organisations import demo as organisations_demo
from accueil.territories import demo as territories_demo

pytestmark = pytest.mark.django_db


def _counts(city) -> tuple[int, ...]:
    return (
        Service.objects.filter(city=city).count(),
        Place.objects.filter(city=city).count(),
        OpeningHours.objects.filter(city=city).count(),
        Closure.objects.filter(city=city).count(),
        SearchToken.objects.filter(city=city).count(),
        Service.categories.through.objects.filter(service__city=city).count(),
        Service.languages.through.objects.filter(service__city=city).count(),
    )


@pytest.fixture
def paris():
    city = territories_demo.load_demo()
    organisations_demo.load_demo(city=city)
    return city


@pytest.mark.smoke
def test_demo_loads_once_and_covers_every_district(paris):
    total = demo.load_demo(city=paris)
    first = _counts(paris)
    assert demo.load_demo(city=paris) == total
    assert _counts(paris) == first
    assert total >= 150
    public = selectors.public_services(city=paris)
    assert set(public.values_list("place__district__number", flat=True)) == set(range(1, 21))
    # Marked as demo, generic addresses, owned by the plan's partners.
    assert not Service.objects.filter(city=paris, is_demo=False).exists()
    assert not Service.objects.filter(city=paris).exclude(name__endswith="(démo)").exists()
    assert not Place.objects.filter(city=paris).exclude(address__endswith="(adresse de démonstration)").exists()
    kiosque = Service.objects.get(city=paris, name__startswith="Kiosque")
    assert kiosque.place.district.number == 10
    assert kiosque.organisation.name == "EMMAUS Solidarité"
    assert Service.objects.filter(city=paris, organisation__name="Restos du Cœur").count() == 10
    # Some services are stale, a few are hidden, some are closed on Sundays and some open on public holidays.
    assert 0 < selectors.stale_services(city=paris).count() < total
    assert 0 < total - public.count() < total // 4
    assert Service.objects.filter(city=paris, open_on_public_holidays=True).exists()
    assert Service.objects.filter(city=paris).exclude(opening_hours__weekday=6).exists()
    assert {c.reason for c in Closure.objects.filter(city=paris)} >= {"works", "strike", "full"}


def test_guide_selector_and_search_find_demo_services(paris):
    demo.load_demo(city=paris)
    showers = selectors.services_for_category(city=paris, category_code="wash", district=18)
    assert len(showers) == 5
    assert showers[0].place.district.number == 18
    assert selectors.services_for_category(city=paris, category_code="french", limit=50)
    assert selectors.services_for_category(city=paris, category_code="health-pass")
    found = {pk for pk, _score in search_scores(city=paris, query="ሐኪም")}  # "doctor" in Tigrinya/Amharic
    health = set(
        selectors.public_services(city=paris).filter(categories__code__startswith="health").values_list("pk", flat=True)
    )
    assert health and health <= found
