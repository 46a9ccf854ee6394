"""Missions near an address: the place is read as a district (no geocoder) and results come nearest first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accueil.core.geo import distance_km
from accueil.territories.models import District
from accueil.territories.places import district_from_text, postcodes_of
from accueil.testing.factories import CityFactory, DistrictFactory
from accueil.testing.volunteering_factories import MissionFactory, ShiftFactory

pytestmark = pytest.mark.django_db

PARIS = Path(__file__).resolve().parents[2] / "territories" / "data" / "paris.json"


@pytest.fixture
def paris(city):
    """The `city` fixture with the 20 real arrondissements (codes, names and centres of the demo data)."""
    for row in json.loads(PARIS.read_text(encoding="utf-8"))["districts"]:
        District.objects.update_or_create(
            city=city,
            number=row["number"],
            defaults={"code": row["code"], "name": row["name"], "latitude": row["lat"], "longitude": row["lon"]},
        )
    return city


def number(city, text):  # type: ignore[no-untyped-def]
    district = district_from_text(city, text)
    return district.number if district is not None else None


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("75011", 11),
        ("75111", 11),
        ("75001", 1),
        ("75020", 20),
        ("75016", 16),
        ("75116", 16),
        ("11", 11),
        ("11e", 11),
        ("11ème", 11),
        ("11 ème arrondissement", 11),
        ("XIe", 11),
        ("xi", 11),
        ("Ier", 1),
        ("1er", 1),
        ("XXe", 20),
        ("Paris 11e", 11),
        ("Paris XVIe", 16),
        ("16e arrondissement", 16),
        ("12 rue de la Roquette, 75011 Paris", 11),
        ("3 avenue Foch 75116 Paris", 16),
        ("rue Oberkampf, 11e arrondissement", 11),
        ("75021", None),
        ("93200 Saint-Denis", None),
        ("12 rue de la Roquette", None),
        ("Lyon", None),
        ("21", None),
        ("", None),
        ("   ", None),
        ("x" * 500, None),
    ],
)
def test_district_from_text(paris, text, expected):
    assert number(paris, text) == expected


def test_postcode_rule_is_generic_for_other_cities(db):
    lyon = CityFactory(slug="lyon-test", name="Lyon")
    third = DistrictFactory(city=lyon, number=3, code="69383", name="Lyon 3e")
    marseille = CityFactory(slug="marseille-test", name="Marseille")
    thirteenth = DistrictFactory(city=marseille, number=13, code="13213", name="13e arrondissement")
    assert postcodes_of(third) == {"69383", "69003"}
    assert district_from_text(lyon, "20 rue Paul Bert, 69003 Lyon") == third
    assert district_from_text(lyon, "3e") == third
    assert district_from_text(lyon, "75011") is None
    assert district_from_text(marseille, "13013") == thirteenth
    assert district_from_text(marseille, "XIIIe arrondissement") == thirteenth


def test_a_city_only_reads_its_own_districts(paris, other_city):
    assert district_from_text(other_city, "75011") is None
    assert district_from_text(other_city, "11e") is None


def test_haversine_distance():
    # Paris (Notre-Dame) to Lyon (Bellecour): about 392 km as the crow flies.
    assert round(distance_km(48.8530, 2.3499, 45.7578, 4.8320)) == 392
    assert distance_km("48.85660", "2.35220", "48.85660", "2.35220") == 0


@pytest.fixture
def missions(paris):
    """One mission per place, created in an order unrelated to distance."""
    districts = {d.number: d for d in District.objects.filter(city=paris)}
    made = {}
    for key, district, remote in [
        ("d16", 16, False),
        ("remote", None, True),
        ("d1", 1, False),
        ("nowhere", None, False),
        ("d20", 20, False),
        ("d11", 11, False),
        ("d4", 4, False),
    ]:
        mission = MissionFactory(
            city=paris, title=f"Mission {key}", district=districts.get(district) if district else None, remote=remote
        )
        ShiftFactory(mission=mission)
        made[key] = mission
    return made


def titles(response):  # type: ignore[no-untyped-def]
    return [item["title"] for item in response.json()["results"]]


@pytest.mark.smoke
def test_api_orders_by_distance_remote_last(client, missions):
    response = client.get("/api/v1/missions", {"near": "75011"})
    assert response.status_code == 200
    body = response.json()
    assert body["near_district"] == 11
    # 11e 0 km, 20e 1.62 km, 4e 1.73 km, 1er 3.22 km, 16e 8.63 km, then no district, then remote.
    assert titles(response) == [
        "Mission d11",
        "Mission d20",
        "Mission d4",
        "Mission d1",
        "Mission d16",
        "Mission nowhere",
        "Mission remote",
    ]
    distances = [item["distance_km"] for item in body["results"]]
    assert [round(km, 1) if km is not None else None for km in distances] == [0.0, 1.6, 1.7, 3.2, 8.6, None, None]


def test_api_other_origins_and_filters(client, missions):
    assert titles(client.get("/api/v1/missions", {"near": "XVIe"})) == [
        "Mission d16",
        "Mission d1",
        "Mission d4",
        "Mission d11",
        "Mission d20",
        "Mission nowhere",
        "Mission remote",
    ]
    assert titles(client.get("/api/v1/missions", {"near": "2 place du Louvre 75001 Paris", "remote": "false"})) == [
        "Mission d1",
        "Mission d4",
        "Mission d11",
        "Mission d20",
        "Mission d16",
        "Mission nowhere",
    ]
    assert titles(client.get("/api/v1/missions", {"near": "11", "remote": "true"})) == ["Mission remote"]
    # Without `near` the order is unchanged: newest first.
    assert titles(client.get("/api/v1/missions"))[0] == "Mission d4"


def test_api_unknown_place_is_a_clear_422(client, missions):
    response = client.get("/api/v1/missions", {"near": "12 rue de la Roquette"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "unknown_place"
    assert error["details"] == {"near": "12 rue de la Roquette"}
    assert "12 rue de la Roquette" in error["message"]


def test_page_orders_by_distance(client, missions):
    response = client.get("/fr/volunteering/", {"near": "75020"})
    assert response.status_code == 200
    assert response.context["near"].number == 20
    assert [m.title for m in response.context["missions"]] == [
        "Mission d20",
        "Mission d11",
        "Mission d4",
        "Mission d1",
        "Mission d16",
        "Mission nowhere",
        "Mission remote",
    ]
    assert "km" in response.content.decode()


@pytest.mark.parametrize(("lang", "fragment"), [("en", "We could not find a district"), ("fr", "75011")])
def test_page_unknown_place_shows_a_message_and_keeps_other_filters(client, missions, lang, fragment):
    response = client.get(f"/{lang}/volunteering/", {"near": "Atlantis", "remote": "yes"})
    assert response.status_code == 200
    [message] = response.context["form"].errors["near"]
    assert "Atlantis" in message
    assert fragment in response.content.decode()
    assert response.context["near"] is None
    assert [m.title for m in response.context["missions"]] == ["Mission remote"]
