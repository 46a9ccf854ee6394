"""The demo: the plan's figures come out of the records, and the indicators read them live."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accueil.core.disclosure import suppress
from accueil.hosting import demo as hosting_demo
from accueil.hosting.models import HostOffer, Stay
from accueil.organisations import demo as organisations_demo
from accueil.plan import sources
from accueil.portal import demo_accounts as accounts_demo
from accueil.shelters import demo as shelters_demo
from accueil.shelters.models import Site
from accueil.territories import demo as territories_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_the_plans_places_and_hosting():
    city = territories_demo.load_demo()
    organisations_demo.load_demo(city=city)
    accounts_demo.load_demo(city=city)
    shelters_demo.load_demo(city=city)
    hosting_demo.load_demo(city=city)
    today = timezone.localdate()
    assert sources.value_at("shelters.municipal_sites_open", city=city, on_date=today) == 8
    assert sources.value_at("shelters.municipal_places", city=city, on_date=today) == 450
    assert sources.value_at("shelters.women_with_children_places", city=city, on_date=today) >= 50
    assert sources.value_at("shelters.young_people_places", city=city, on_date=today) >= 50
    assert Site.objects.filter(city=city, name__startswith="Hébergement d'urgence").count() == 8
    offers = HostOffer.objects.filter(city=city, is_demo=True)
    assert offers.count() == 60
    assert offers.filter(status="refused").count() == 1
    assert offers.filter(status="submitted").exists()
    assert offers.filter(host__email="host@demo.accueil.invalid").count() == 2
    stays = Stay.objects.filter(city=city)
    assert stays.filter(status="notice").exclude(alternative="").exists()
    assert stays.filter(offer__host__email="host@demo.accueil.invalid").exists()
    assert stays.count() >= 3
    assert sources.value_at("hosting.placements", city=city, on_date=today) == suppress(stays.count())
    # Loading twice changes nothing.
    shelters_demo.load_demo(city=city)
    hosting_demo.load_demo(city=city)
    assert HostOffer.objects.filter(city=city).count() == 60
