"""Sensitive text at rest: every free-text column of mentoring encrypted, the old rows migrated, the keys
rotated, the demo database holding no note in clear, and every read of a record audited once."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import sqlite3
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models
from django.db.models import Value

from accueil.audit.models import AuditEvent
from accueil.core.sensitive import PREFIX, encrypted_fields
from accueil.mentoring import demo, services
from accueil.mentoring.models import Beneficiary, MentoringMeeting, Mentorship, MentorshipStatus
from accueil.organisations.models import ApiToken
from accueil.organisations.selectors import token_hash
from accueil.testing.factories import MembershipFactory, OrganisationFactory
from accueil.testing.mentoring_factories import language, mentor_make

pytestmark = pytest.mark.django_db

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
TEXTS = {
    (Beneficiary, "sensitive_notes"): "Victime de violences, suivi psychologique",
    (Beneficiary, "availability_notes"): "Pas le mardi : audience à la CNDA",
    (Mentorship, "outcome_notes"): "Titre de séjour obtenu après recours",
    (MentoringMeeting, "topics"): "Recours contre le refus d'asile",
    (MentoringMeeting, "notes"): "Enceinte, rendez-vous à la PMI le 12",
}
VIEWED = "mentoring.beneficiary_viewed"
LISTED = "mentoring.beneficiaries_listed"


def raw_values(model: type[models.Model], field: str) -> list[str]:
    """The column as stored, read past the field's decryption."""
    with connection.cursor() as cursor:
        table, column = model._meta.db_table, model._meta.get_field(field).column
        quoted = connection.ops.quote_name
        cursor.execute(f"SELECT {quoted(column)} FROM {quoted(table)}")  # noqa: S608 (names from the model)
        return [row[0] for row in cursor.fetchall()]


def write_in_clear(model: type[models.Model], field: str, text: str) -> None:
    model._base_manager.update(**{field: Value(text, output_field=models.TextField())})


@pytest.fixture
def records(city):
    organisation = OrganisationFactory(city=city)
    staff = MembershipFactory(organisation=organisation).user
    beneficiary = services.beneficiary_create(
        organisation=organisation,
        acting_user=staff,
        languages=[language("ti")],
        availability_notes=TEXTS[Beneficiary, "availability_notes"],
        sensitive_notes=TEXTS[Beneficiary, "sensitive_notes"],
    )
    mentor = mentor_make(city=city, languages={"ti": 7})
    mentorship = Mentorship.objects.create(
        city=city,
        beneficiary=beneficiary,
        mentor=mentor,
        supervisor=staff,
        status=MentorshipStatus.ACTIVE,
        outcome_notes=TEXTS[Mentorship, "outcome_notes"],
    )
    MentoringMeeting.objects.create(
        city=city,
        mentorship=mentorship,
        date=dt.date(2026, 11, 2),
        duration_minutes=60,
        topics=TEXTS[MentoringMeeting, "topics"],
        notes=TEXTS[MentoringMeeting, "notes"],
        created_by=mentor,
    )
    return {"organisation": organisation, "staff": staff, "beneficiary": beneficiary, "mentorship": mentorship}


def read_back() -> dict[tuple[type[models.Model], str], str]:
    return {(model, field): getattr(model._base_manager.get(), field) for model, field in TEXTS}


def assert_nothing_in_clear() -> None:
    for (model, field), text in TEXTS.items():
        [stored] = raw_values(model, field)
        assert stored.startswith(PREFIX), (model, field)
        assert text not in stored


def test_every_free_text_column_of_mentoring_is_encrypted(records):
    assert {(model, field.name) for model, field in encrypted_fields() if model._meta.app_label == "mentoring"} == set(
        TEXTS
    )
    assert read_back() == TEXTS
    assert_nothing_in_clear()


def test_the_field_shows_no_value_and_checks_the_length_of_the_text(records):
    meeting = MentoringMeeting.objects.get()
    assert TEXTS[MentoringMeeting, "notes"] not in repr(meeting) + str(meeting)
    assert repr(MentoringMeeting._meta.get_field("notes")) == "<accueil.core.sensitive.EncryptedTextField: notes>"
    meeting.topics = "x" * 301
    with pytest.raises(Exception, match="300"):
        meeting.full_clean()


def test_the_migration_encrypts_rows_written_in_clear_and_its_reverse_decrypts_them(records):
    migration = importlib.import_module("accueil.mentoring.migrations.0002_encrypt_free_text")
    for (model, field), text in TEXTS.items():
        write_in_clear(model, field, text)
    assert raw_values(MentoringMeeting, "notes") == [TEXTS[MentoringMeeting, "notes"]]
    assert read_back() == TEXTS  # a value in clear still reads

    migration.encrypt_rows(apps, None)
    assert_nothing_in_clear()
    assert read_back() == TEXTS

    migration.decrypt_rows(apps, None)
    for (model, field), text in TEXTS.items():
        if field == "sensitive_notes":  # encrypted before this migration, it stays so
            assert raw_values(model, field)[0].startswith(PREFIX)
        else:
            assert raw_values(model, field) == [text]
    migration.encrypt_rows(apps, None)
    assert read_back() == TEXTS


def test_keys_rotate_from_a_to_b_and_every_value_still_reads(settings, records):
    settings.ACCUEIL_FIELD_ENCRYPTION_KEYS = [KEY_A, *settings.ACCUEIL_FIELD_ENCRYPTION_KEYS]  # from the test key to A
    call_command("rotate_field_keys", stdout=io.StringIO())
    assert_nothing_in_clear()
    only_a, only_b = Fernet(KEY_A.encode()), Fernet(KEY_B.encode())
    for model, field in TEXTS:
        [stored] = raw_values(model, field)
        only_a.decrypt(stored[len(PREFIX) :].encode())

    settings.ACCUEIL_FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    out = io.StringIO()
    call_command("rotate_field_keys", batch_size=1, stdout=out)
    assert "5 values re-encrypted" in out.getvalue()
    assert_nothing_in_clear()
    for model, field in TEXTS:
        [stored] = raw_values(model, field)
        only_b.decrypt(stored[len(PREFIX) :].encode())  # the new key alone opens it
    before = {(model, field): raw_values(model, field) for model, field in TEXTS}
    again = io.StringIO()
    call_command("rotate_field_keys", stdout=again)
    assert "0 values re-encrypted" in again.getvalue()  # idempotent: nothing rewritten
    assert {(model, field): raw_values(model, field) for model, field in TEXTS} == before

    settings.ACCUEIL_FIELD_ENCRYPTION_KEYS = [KEY_B]
    assert read_back() == TEXTS
    assert_nothing_in_clear()


def test_rotation_encrypts_a_value_left_in_clear(records):
    write_in_clear(MentoringMeeting, "notes", TEXTS[MentoringMeeting, "notes"])
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "mentoring.MentoringMeeting.notes: 1 re-encrypted" in out.getvalue()
    assert_nothing_in_clear()
    assert read_back() == TEXTS


# --- The demo database -----------------------------------------------------------------------------------------------


def demo_texts(city) -> set[str]:  # type: ignore[no-untyped-def]
    """Every non-empty value of an encrypted field in the city's demo, read through the fields."""
    found = set()
    for model, field in encrypted_fields():
        if model._meta.app_label == "mentoring":
            found |= {value for value in model._base_manager.values_list(field.name, flat=True) if value}
    return found


def every_stored_cell() -> list[str]:
    cells = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (the tables' names)
            cells += [str(cell) for row in cursor.fetchall() for cell in row if cell is not None]
    return cells


def test_the_demo_database_holds_no_note_in_clear(city, tmp_path: Path):
    for name in ("Croix-Rouge française", "Secours populaire", "Secours catholique"):
        MembershipFactory(organisation=OrganisationFactory(city=city, name=name))
    demo.load_demo(city=city)
    texts = demo_texts(city)
    assert set(demo.MEETING_NOTES) - {""} <= texts
    assert set(demo.OUTCOME_NOTES) & texts
    assert {"Plutôt l'après-midi", "Dossier de demande d'asile"} <= texts

    cells = every_stored_cell()
    assert any("B-D001" in cell for cell in cells)  # the scan reads the records
    assert not [text for text in texts if any(text in cell for cell in cells)]

    if connection.vendor == "sqlite":  # and as a database file, its pages, indexes and free space included
        copy = tmp_path / "demo.sqlite3"
        target = sqlite3.connect(copy)
        target.executescript("\n".join(connection.connection.iterdump()))  # the test's own, uncommitted view
        target.close()
        content = copy.read_bytes()
        assert b"B-D001" in content
        assert not [text for text in texts if text.encode("utf-8") in content]


# --- Every read of a record audited once -----------------------------------------------------------------------------


@pytest.fixture
def shown(client, records):
    AuditEvent.objects.all().delete()
    return records


def rows(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


@pytest.mark.parametrize(
    "path",
    [
        "/fr/mentoring/beneficiaries/{beneficiary}/",
        "/fr/mentoring/beneficiaries/{beneficiary}/edit/",
        "/fr/mentoring/mentorships/{mentorship}/",
    ],
)
def test_each_page_of_one_record_leaves_one_row(client, shown, path):
    client.force_login(shown["staff"])
    beneficiary = shown["beneficiary"]
    response = client.get(path.format(beneficiary=beneficiary.pk, mentorship=shown["mentorship"].pk))
    assert response.status_code == 200
    [viewed] = rows(VIEWED)
    assert (viewed.actor, viewed.target_type, viewed.target_id) == (
        shown["staff"],
        "mentoring.beneficiary",
        str(beneficiary.pk),
    )
    assert viewed.data == {"scope": "organisation"}
    assert rows(LISTED) == []


def test_the_mentor_page_leaves_one_row_of_the_mentor(client, shown):
    mentor = shown["mentorship"].mentor
    client.force_login(mentor)
    assert client.get(f"/fr/mentoring/mentorships/{shown['mentorship'].pk}/").status_code == 200
    [viewed] = rows(VIEWED)
    assert (viewed.actor, viewed.data) == (mentor, {"scope": "mentor"})


def test_the_list_page_leaves_one_row_with_the_ids_shown(client, shown):
    organisation, staff = shown["organisation"], shown["staff"]
    second = services.beneficiary_create(organisation=organisation, acting_user=staff, languages=[language("ar")])
    AuditEvent.objects.all().delete()
    client.force_login(staff)
    response = client.get(f"/fr/mentoring/organisations/{organisation.pk}/")
    assert response.status_code == 200
    shown_ids = [b.pk for b in response.context["beneficiaries"]]
    assert sorted(shown_ids) == sorted([shown["beneficiary"].pk, second.pk])
    [listed] = rows(LISTED)
    assert (listed.actor, listed.target_id, listed.data) == (
        staff,
        str(organisation.pk),
        {"scope": "organisation", "ids": shown_ids},
    )
    assert rows(VIEWED) == []


def test_the_api_leaves_one_row_per_record_or_per_page(client, shown):
    organisation, staff, beneficiary = shown["organisation"], shown["staff"], shown["beneficiary"]
    raw = "acc_mentoring_token_cccc"
    ApiToken.objects.create(
        organisation=organisation,
        name="t",
        prefix=raw[:8],
        key_hash=token_hash(raw),
        created_by=staff,
        scopes="read,write",
    )
    token = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    page = client.get("/api/v1/mentoring/beneficiaries?page_size=100", **token)
    assert page.status_code == 200
    [listed] = rows(LISTED)
    assert listed.data == {"scope": "api", "ids": [row["id"] for row in page.json()["results"]]}
    assert rows(VIEWED) == []

    AuditEvent.objects.all().delete()
    assert client.get(f"/api/v1/mentoring/beneficiaries/{beneficiary.pk}", **token).status_code == 200
    [viewed] = rows(VIEWED)
    assert (viewed.target_id, viewed.data) == (str(beneficiary.pk), {"scope": "api"})

    AuditEvent.objects.all().delete()
    created = client.post(
        "/api/v1/mentoring/beneficiaries",
        {"languages": ["ti"], "availability_notes": "Le soir"},
        content_type="application/json",
        **token,
    )
    assert created.status_code == 201
    [viewed] = rows(VIEWED)
    assert (viewed.target_id, viewed.data) == (str(created.json()["id"]), {"scope": "api"})
    assert rows(LISTED) == []


def test_an_empty_page_or_a_refused_read_leaves_no_row(client, shown):
    outsider = MembershipFactory(organisation=OrganisationFactory(city=shown["organisation"].city)).user
    client.force_login(outsider)
    assert client.get(f"/fr/mentoring/beneficiaries/{shown['beneficiary'].pk}/").status_code == 404
    assert client.get(f"/fr/mentoring/mentorships/{shown['mentorship'].pk}/").status_code == 404
    assert client.get("/api/v1/mentoring/beneficiaries").json()["count"] == 0
    assert AuditEvent.objects.filter(action__in=[VIEWED, LISTED]).count() == 0
