"""The sign-up request's SQL cost is pinned: a new query on this path must be a deliberate choice."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from accueil.testing.volunteering_factories import ShiftFactory
from accueil.volunteering.models import Shift, Signup, VolunteerProfile

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


# session, user, shift read and locked (key share) with its mission/organisation/city, profile with both sign-up
# conflict checks, place taken and sign-up written in one statement, outbox message, audit event. SQLite takes the
# place (or counts those waiting) in a statement of its own.
def signup_statements() -> int:
    return 7 if connection.vendor == "postgresql" else 8


def data_statements(context: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in context.captured_queries if not q["sql"].upper().startswith(TRANSACTION_CONTROL)]


@override_settings(ACCUEIL_CITY_CACHE_SECONDS=60)
@pytest.mark.smoke
def test_signup_request_statement_count(mission, make_volunteer):
    volunteer = make_volunteer()
    first = ShiftFactory(mission=mission, capacity=5)
    second = ShiftFactory(mission=mission, capacity=5, starts_at=first.ends_at + dt.timedelta(hours=1))
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(volunteer)
    browser.cookies["csrftoken"] = "c" * 32
    headers = {"HTTP_X_CSRFTOKEN": "c" * 32}
    # The first request of a session fills the per-process city cache and the session's two-factor check.
    assert browser.post(f"/api/v1/shifts/{first.pk}/signups", **headers).status_code == 201

    with CaptureQueriesContext(connection) as context:
        response = browser.post(f"/api/v1/shifts/{second.pk}/signups", **headers)

    assert response.status_code == 201
    assert response.json()["status"] == "accepted"
    statements = data_statements(context)
    assert len(statements) == signup_statements(), "\n".join(statements)
    assert not any('FROM "territories_city"' in sql for sql in statements)
    assert not any("accounts_roleassignment" in sql or "mfa_authenticator" in sql for sql in statements)
    assert Signup.objects.filter(volunteer=volunteer, status="accepted").count() == 2
    assert Shift.objects.get(pk=second.pk).accepted_count == 1


@pytest.mark.smoke
def test_full_shift_waitlists_without_touching_the_counter(client, mission, make_volunteer):
    shift = ShiftFactory(mission=mission, capacity=1)
    first, second = make_volunteer(), make_volunteer()
    client.force_login(first)
    assert client.post(f"/api/v1/shifts/{shift.pk}/signups").json()["status"] == "accepted"
    client.force_login(second)
    with CaptureQueriesContext(connection) as context:
        response = client.post(f"/api/v1/shifts/{shift.pk}/signups")
    assert response.status_code == 201
    assert response.json()["status"] == "waitlisted"
    assert response.json()["waitlist_position"] == 1
    statements = data_statements(context)
    assert not any("UPDATE" in sql and "volunteering_shift" in sql for sql in statements), "\n".join(statements)
    assert Shift.objects.get(pk=shift.pk).accepted_count == 1
    assert list(Signup.objects.filter(shift=shift).order_by("pk").values_list("status", flat=True)) == [
        "accepted",
        "waitlisted",
    ]


def test_volunteer_without_profile_already_signed_up_is_told_so_first(client, shift, volunteer):
    client.force_login(volunteer)
    assert client.post(f"/api/v1/shifts/{shift.pk}/signups").status_code == 201
    VolunteerProfile.objects.filter(user=volunteer).delete()
    again = client.post(f"/api/v1/shifts/{shift.pk}/signups")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_signed_up"
    other = ShiftFactory(mission=shift.mission, starts_at=shift.ends_at + dt.timedelta(hours=1))
    no_profile = client.post(f"/api/v1/shifts/{other.pk}/signups")
    assert no_profile.status_code == 422
    assert no_profile.json()["error"]["details"]["reasons"] == ["no_profile"]
    assert Signup.objects.filter(volunteer=volunteer).count() == 1


@override_settings(ACCUEIL_CITY_CACHE_SECONDS=60)
def test_waitlisted_request_statement_count(mission, make_volunteer):
    full = ShiftFactory(mission=mission, capacity=1)
    Shift.objects.filter(pk=full.pk).update(accepted_count=1)
    other = ShiftFactory(mission=mission, capacity=5, starts_at=full.ends_at + dt.timedelta(hours=1))
    volunteer = make_volunteer()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(volunteer)
    browser.cookies["csrftoken"] = "c" * 32
    headers = {"HTTP_X_CSRFTOKEN": "c" * 32}
    assert browser.post(f"/api/v1/shifts/{other.pk}/signups", **headers).status_code == 201

    with CaptureQueriesContext(connection) as context:
        response = browser.post(f"/api/v1/shifts/{full.pk}/signups", **headers)

    assert response.json() == {
        "status": "waitlisted",
        "signup_id": response.json()["signup_id"],
        "waitlist_position": 1,
    }
    statements = data_statements(context)
    assert len(statements) == signup_statements(), "\n".join(statements)
    assert Shift.objects.get(pk=full.pk).accepted_count == 1


@pytest.mark.smoke
def test_waitlist_position_counts_those_already_waiting(client, mission, make_volunteer):
    shift = ShiftFactory(mission=mission, capacity=1)
    answers = []
    for _ in range(4):
        client.force_login(make_volunteer())
        answers.append(client.post(f"/api/v1/shifts/{shift.pk}/signups").json())
    assert [(a["status"], a["waitlist_position"]) for a in answers] == [
        ("accepted", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
        ("waitlisted", 3),
    ]
    assert Shift.objects.get(pk=shift.pk).accepted_count == 1


def test_unknown_shift_or_another_citys_is_not_found_and_writes_nothing(client, mission, make_volunteer):
    client.force_login(make_volunteer())
    response = client.post("/api/v1/shifts/999999/signups")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert Signup.objects.count() == 0
