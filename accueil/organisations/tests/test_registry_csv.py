"""CSV export and import of the registry: all-or-nothing, every error with its line, round trip."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from accueil.languages.models import Language
from accueil.organisations import services
from accueil.organisations.models import Organisation, Sector
from accueil.organisations.registry_csv import registry_csv_read
from accueil.organisations.selectors import organisation_export_rows
from accueil.territories.models import District
from accueil.testing.factories import DistrictFactory
from accueil.testing.organisations_factories import RegistryOrganisationFactory

pytestmark = pytest.mark.django_db

HEADER = "name,acronym,type,sectors,districts,languages,email,phone,website,address,verification\n"


@pytest.fixture
def registry(city):
    first = RegistryOrganisationFactory(
        city=city, name="Élan Solidaire", acronym="ELS", email="a@elan.example", phone="+33 1 23 45 67 89"
    )
    first.sectors.set(Sector.objects.filter(code__in=["legal", "housing"]))
    first.districts.set(District.objects.filter(city=city, number__in=[1, 3]))
    first.languages.set(Language.objects.filter(code__in=["ar", "fr"]))
    second = RegistryOrganisationFactory(
        city=city, name="Bénévoles, Paris", type="foundation", website="https://b.example", address='1 rue "X"'
    )
    second.verification = "pending"
    second.save()
    return [first, second]


def export_text(city) -> str:
    out = io.StringIO()
    call_command("organisations_export", "--city", city.slug, stdout=out)
    return out.getvalue()


@pytest.mark.smoke
def test_export_lists_public_columns(client, city, registry):
    response = client.get(reverse("organisations:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert text.splitlines()[0] == HEADER.strip()
    assert "Bénévoles, Paris" in text
    assert "Élan Solidaire,ELS,association,housing|legal,1|3,ar|fr,a@elan.example,'+33 1 23 45 67 89,,,verified" in text
    assert text == export_text(city)


def test_round_trip_into_an_empty_city_and_back(city, other_city, registry):
    text = export_text(city)
    for number in (2, 3):
        DistrictFactory(city=other_city, number=number, code=f"6938{number}")
    result = services.organisations_import_rows(city=other_city, rows=registry_csv_read(text), acting_user=None)
    assert (result.ok, result.created, result.updated) == (True, 2, 0)
    assert export_text(other_city) == text
    # Importing the same file again into the original city changes nothing.
    result = services.organisations_import_rows(city=city, rows=registry_csv_read(text), acting_user=None)
    assert (result.ok, result.created, result.updated) == (True, 0, 2)
    assert export_text(city) == text
    assert Organisation.objects.filter(city=city).count() == 2


def test_every_error_is_reported_with_its_line_and_nothing_is_written(city, registry):
    before = export_text(city)
    rows = [
        {"name": "Nouvelle", "type": "association"},
        {"name": "", "type": "association"},
        {"name": "Bad type", "type": "club"},
        {
            "name": "Bad lists",
            "type": "association",
            "sectors": "legal|magic",
            "districts": "2|42|x",
            "languages": "zz",
        },
        {"name": "Bad contact", "type": "association", "email": "not-an-email", "website": "ftp//nope"},
        {"name": "nouvelle", "type": "association"},
        {"name": "Élan Solidaire", "type": "association", "verification": "maybe"},
    ]
    with translation.override("en"):
        result = services.organisations_import_rows(city=city, rows=rows, acting_user=None)
        messages = [str(error) for error in result.errors]
    assert not result.ok
    assert [(e.line, e.column) for e in result.errors] == [
        (3, "name"),
        (4, "type"),
        (5, "sectors"),
        (5, "districts"),
        (5, "districts"),
        (5, "languages"),
        (6, "email"),
        (6, "website"),
        (7, "name"),
        (8, "verification"),
    ]
    assert messages[0] == "Line 3, name: The name is missing."
    assert messages[1] == "Line 4, type: Unknown type “club”."
    assert messages[8] == "Line 7, name: “nouvelle” already appears on line 2."
    assert export_text(city) == before
    assert not Organisation.objects.filter(name="Nouvelle").exists()


def test_errors_are_in_the_persons_language(city):
    rows = [{"name": "", "type": "x"}]
    with translation.override("en"):
        english = [str(e) for e in services.organisations_import_rows(city=city, rows=rows, acting_user=None).errors]
    with translation.override("fr"):
        french = [str(e) for e in services.organisations_import_rows(city=city, rows=rows, acting_user=None).errors]
    assert english == ["Line 2, name: The name is missing.", "Line 2, type: Unknown type “x”."]
    assert len(french) == 2 and all("2" in message for message in french)


def test_existing_names_are_updated_new_ones_created(city, registry):
    rows = [
        {"name": "ÉLAN SOLIDAIRE", "type": "foundation", "sectors": "health", "districts": "2", "languages": "ti"},
        {"name": "Nouvelle Asso", "type": "association", "email": "n@example.org"},
    ]
    result = services.organisations_import_rows(city=city, rows=rows, acting_user=None)
    assert (result.ok, result.created, result.updated) == (True, 1, 1)
    first = Organisation.objects.get(pk=registry[0].pk)
    assert first.type == "foundation" and first.name == "ÉLAN SOLIDAIRE"
    assert list(first.sectors.values_list("code", flat=True)) == ["health"]
    assert list(first.districts.values_list("number", flat=True)) == [2]
    new = Organisation.objects.get(name="Nouvelle Asso")
    assert (new.city, new.verification, new.search_text) == (city, "pending", "nouvelle asso")


def test_coordinator_imports_through_the_form(as_user, city, registry, coordinator, other_admin):
    url = reverse("organisations:import")
    upload = SimpleUploadedFile("r.csv", (HEADER + "Nouvelle,,association,legal,2,ar,,,,,\n").encode())
    assert as_user(other_admin).post(url, {"file": upload}).status_code == 403
    assert not Organisation.objects.filter(name="Nouvelle").exists()
    bad = SimpleUploadedFile("r.csv", (HEADER + "Nouvelle,,association,legal,2,ar,,,,,\n,,club,,,,,,,,\n").encode())
    response = as_user(coordinator).post(url, {"file": bad})
    assert response.status_code == 400
    assert len(response.context["result"].errors) == 2
    assert not Organisation.objects.filter(name="Nouvelle").exists()
    not_csv = SimpleUploadedFile("r.csv", b"\xff\xfe\x00garbage")
    assert as_user(coordinator).post(url, {"file": not_csv}).status_code == 400
    good = SimpleUploadedFile("r.csv", (HEADER + "Nouvelle,,association,legal,2,ar,,,,,\n").encode())
    assert as_user(coordinator).post(url, {"file": good}).status_code == 302
    assert Organisation.objects.get(name="Nouvelle").sectors.get().code == "legal"


def test_import_command(tmp_path, city, registry, coordinator):
    path = tmp_path / "r.csv"
    path.write_text(HEADER + "Nouvelle,,association,,,,,,,,\nX,,club,,,,,,,,\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("organisations_import", str(path), "--city", "paris", "--language", "en", stderr=err)
    assert "Line 3, type: Unknown type “club”." in err.getvalue()
    assert not Organisation.objects.filter(name="Nouvelle").exists()
    path.write_text(HEADER + "Nouvelle,,association,,,,,,,,\n", encoding="utf-8")
    out = io.StringIO()
    call_command("organisations_import", str(path), "--city", "paris", "--as", coordinator.email, stdout=out)
    assert "1 created, 0 updated" in out.getvalue()
    assert Organisation.objects.filter(name="Nouvelle", city=city).exists()


def test_export_rows_function_matches_columns(city, registry):
    rows = list(organisation_export_rows(city=city))
    assert [row["name"] for row in rows] == ["Bénévoles, Paris", "Élan Solidaire"]
    assert tuple(rows[0]) == services.REGISTRY_COLUMNS
