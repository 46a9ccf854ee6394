"""HSDS 3.0: every endpoint validates against the specification's schemas made strict; CSV round trip."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from accueil.directory.hsds import export_zip, import_zip
from accueil.directory.hsds_schemas import errors
from accueil.directory.models import Service
from accueil.testing.directory_factories import PlaceFactory, ServiceFactory
from accueil.testing.factories import OrganisationFactory


@pytest.fixture
def published(city):
    org = OrganisationFactory(
        city=city, name="Association Exemple", email="contact@example.org", phone="01 02 03 04 05"
    )
    district = city.districts.get(number=2)
    place = PlaceFactory(organisation=org, district=district, postcode="75002", directions="Métro Bourse")
    first = ServiceFactory(
        organisation=org,
        place=place,
        name="Point d'accès au droit",
        description="Avocats gratuits.",
        categories=["legal-access-point", "asylum"],
        languages=["ar", "ps"],
        documents="Pièce d'identité si possible",
        phone="01 00 00 00 00",
        audiences=",refugees,women,",
        interpreting=True,
        hours=[(0, dt.time(9), dt.time(12)), (2, dt.time(14), dt.time(18))],
    )
    second = ServiceFactory(organisation=org, place=place, name="Douches", categories=["wash-showers"])
    ServiceFactory(organisation=org, place=place, name="Brouillon", status="draft")
    return first, second


def get(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.smoke
def test_root_and_services_list_validate_strictly(client, published):
    root = get(client, "/api/hsds/")
    assert root["version"] == "3.0"
    listing = get(client, "/api/hsds/services?per_page=1")
    assert listing["total_items"] == 2 and listing["total_pages"] == 2 and listing["size"] == 1
    assert listing["first_page"] is True and listing["last_page"] is False and listing["empty"] is False
    for item in listing["contents"]:
        assert errors("compiled/service_list.json", item) == []


@pytest.mark.parametrize("lang", ["fr", "ar", "ti"])
def test_service_detail_validates_strictly_in_each_language(client, published, lang):
    first, _second = published
    record = get(client, f"/api/hsds/services/{first.uuid}?lang={lang}")
    assert errors("service.json", record) == []
    assert record["id"] == str(first.uuid)
    assert {t["taxonomy_term"]["code"] for t in record["attributes"]} == {"legal-access-point", "asylum"}
    assert {language["code"] for language in record["languages"]} == {"ar", "ps"}
    assert [s["byday"] for s in record["schedules"]] == ["MO", "WE"]
    assert record["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "75002"


def test_same_ids_in_every_language_feed(client, published):
    fr = get(client, "/api/hsds/taxonomy_terms?lang=fr&per_page=200")
    ar = get(client, "/api/hsds/taxonomy_terms?lang=ar&per_page=200")
    assert [t["id"] for t in fr["contents"]] == [t["id"] for t in ar["contents"]]
    assert {t["language"] for t in ar["contents"]} == {"ar"}
    fr_services = get(client, "/api/hsds/services?lang=fr")
    ti_services = get(client, "/api/hsds/services?lang=ti")
    assert [s["id"] for s in fr_services["contents"]] == [s["id"] for s in ti_services["contents"]]


def test_organizations_and_taxonomies_validate_strictly(client, published):
    listing = get(client, "/api/hsds/organizations")
    assert listing["total_items"] == 1
    for item in listing["contents"]:
        assert errors("compiled/organization_list.json", item) == []
    detail = get(client, f"/api/hsds/organizations/{listing['contents'][0]['id']}")
    assert errors("organization.json", detail) == []
    assert len(detail["locations"]) == 1
    taxonomies = get(client, "/api/hsds/taxonomies")
    assert taxonomies["total_items"] == 1
    assert errors("taxonomy.json", taxonomies["contents"][0]) == []
    terms = get(client, "/api/hsds/taxonomy_terms?per_page=200")
    assert terms["total_items"] == Service.categories.field.related_model.objects.count()
    for term in terms["contents"]:
        assert errors("taxonomy_term.json", term) == []


def test_strict_validation_rejects_unknown_properties(published):
    assert (
        errors("taxonomy.json", {"id": "9b1c3f0e-1111-4222-8333-444455556666", "name": "x", "description": "y"}) == []
    )
    bad = {"id": "9b1c3f0e-1111-4222-8333-444455556666", "name": "x", "description": "y", "colour": "red"}
    assert errors("taxonomy.json", bad) != []


def test_unknown_ids_are_404_and_drafts_hidden(client, published):
    assert client.get("/api/hsds/services/not-a-uuid").status_code == 404
    draft = Service.objects.get(name="Brouillon")
    assert client.get(f"/api/hsds/services/{draft.uuid}").status_code == 404
    assert client.get("/api/hsds/organizations/9b1c3f0e-1111-4222-8333-444455556666").status_code == 404


def test_csv_export_has_the_tabular_shape_and_round_trips(client, city, other_city, published):
    response = client.get("/api/hsds/export.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {"services.csv", "organizations.csv", "locations.csv", "schedules.csv", "taxonomy_terms.csv"} <= names
    header = archive.read("services.csv").decode().splitlines()[0]
    assert header.startswith("id,organization_id,program_id,name,alternate_name,description")
    result = import_zip(city=other_city, data=response.content)
    assert result["services"] == 2

    def shape(city_):
        return sorted(
            (
                s.name,
                s.description,
                sorted(c.code for c in s.categories.all()),
                sorted(lang.code for lang in s.languages.all()),
                [(h.weekday, h.opens_at, h.closes_at) for h in s.opening_hours.all()],
                s.documents,
                s.interpreting,
                s.audiences,
                s.place.address,
                s.organisation.name,
            )
            for s in Service.objects.filter(city=city_, status="published")
        )

    assert shape(other_city) == shape(city)
    exported_again = export_zip(list(Service.objects.filter(city=other_city)), "fr")
    assert zipfile.ZipFile(io.BytesIO(exported_again)).read("services.csv").decode().count("\n") == 3


def test_import_rejects_garbage_without_writing(other_city):
    from accueil.directory.hsds import DatasetRefused

    before = Service.objects.count()
    with pytest.raises(DatasetRefused):
        import_zip(city=other_city, data=b"not a zip")
    assert Service.objects.count() == before
