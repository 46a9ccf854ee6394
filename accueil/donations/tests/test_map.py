"""The city page draws every collection point on a server-side SVG map, beside the list."""

from __future__ import annotations

import re

import pytest

from accueil.donations.map import points_map
from accueil.testing.donations_factories import CollectionPointFactory

pytestmark = pytest.mark.django_db


def test_every_point_is_a_link_on_the_map(client, city):
    districts = list(city.districts.order_by("number"))
    first = CollectionPointFactory(city=city, district=districts[0], name="Point A")
    second = CollectionPointFactory(city=city, district=districts[0], name="Point B")
    third = CollectionPointFactory(city=city, district=districts[1], name="Point C")

    html = client.get("/fr/donations/").content.decode()

    svg = html[html.index("<svg") : html.index("</svg>")]
    links = re.findall(r'<a href="([^"]+)"', svg)
    assert links == [f"/fr/donations/points/{p.slug}/" for p in (first, second, third)]
    # Coordinates are written with a dot whatever the language.
    assert re.findall(r'cx="([0-9.]+)"', svg) and "," not in "".join(re.findall(r'c[xy]="([^"]+)"', svg))


def test_points_of_one_district_are_spread_and_stay_inside_the_frame(city):
    district = city.districts.order_by("number").first()
    points = [CollectionPointFactory(city=city, district=district) for _ in range(3)]
    drawn = points_map(points)
    assert drawn is not None
    positions = {(spot.x, spot.y) for spot in drawn.points}
    assert len(positions) == 3
    assert all(0 <= spot.x <= drawn.width and 0 <= spot.y <= drawn.height for spot in drawn.points)


def test_no_map_without_points(client, city):
    assert points_map([]) is None
    assert "<svg" not in client.get("/fr/donations/").content.decode()
