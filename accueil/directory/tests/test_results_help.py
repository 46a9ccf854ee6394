"""Results that let a person act: distance from the place given, an empty result that says "0 services" and
offers to drop each filter, "Back to the search" that keeps the search, and how to get an appointment."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import pytest

from accueil.testing.directory_factories import PlaceFactory, ServiceFactory
from accueil.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lawyer(city):
    org = OrganisationFactory(city=city, name="Association Exemple")
    place = PlaceFactory(organisation=org, district=city.districts.get(number=1))
    return ServiceFactory(
        organisation=org,
        place=place,
        name="Permanence d'avocats",
        categories=["legal-access-point"],
        appointment_required=True,
        phone="+33 1 40 00 00 00",
    )


def test_results_show_the_distance_from_the_place_given(client, city, lawyer):
    html = client.get("/en/services/", {"q": "lawyer", "where": "1"}).content.decode()
    assert re.findall(r'class="dir-distance">([^<]*)<', html) == ["0.4 km away"]


def test_an_empty_result_says_zero_and_offers_to_drop_each_filter(client, city, lawyer):
    html = client.get("/en/services/", {"q": "lawyer", "where": "2", "language": "ti"}).content.decode()
    count = re.search(r'class="dir-count">([^<]*)<', html).group(1)
    widen = re.findall(r'<li><a href="\?([^"]*)">([^<]*)</a></li>', html.split('class="dir-widen"', 1)[1])
    offered = {label: parse_qs(query.replace("&amp;", "&")) for query, label in widen}
    assert (count, offered) == (
        "0 services",
        {
            "Anywhere in the city": {"q": ["lawyer"], "language": ["ti"]},
            "Any language": {"q": ["lawyer"], "where": ["2"]},
            "Without the words typed": {"where": ["2"], "language": ["ti"]},
        },
    )


def test_back_to_the_search_keeps_the_search(client, city, lawyer):
    html = client.get("/en/services/", {"q": "lawyer", "where": "1"}).content.decode()
    detail = re.search(r'href="(/en/services/\d+/\?back=[^"]+)"', html).group(1).replace("&amp;", "&")
    back = re.search(r'<a href="(/en/services/\?[^"]*)">Back to the search</a>', client.get(detail).content.decode())
    assert parse_qs(back.group(1).split("?", 1)[1].replace("&amp;", "&")) == {"q": ["lawyer"], "where": ["1"]}


def test_back_link_never_leaves_the_site(client, city, lawyer):
    html = client.get(f"/en/services/{lawyer.pk}/", {"back": "//evil.example/?x=1"}).content.decode()
    back = re.search(r'<a href="([^"]*)">Back to the search</a>', html).group(1)
    assert back.startswith("/en/services/?")


def test_appointment_says_how_to_get_one(client, city, lawyer):
    html = client.get(f"/en/services/{lawyer.pk}/").content.decode()
    assert re.search(r'call to get one: <a href="tel:([^"]+)"', html).group(1) == "+33 1 40 00 00 00"
