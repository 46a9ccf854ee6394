import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from accueil.organisations.models import ApiToken
from accueil.organisations.selectors import token_hash
from accueil.testing.factories import OrganisationFactory
from accueil.testing.volunteering_factories import MissionFactory, ShiftFactory
from accueil.volunteering import services
from accueil.volunteering.models import Mission, Shift, Signup


def bearer(organisation, raw="acc_test_token_123456"):
    ApiToken.objects.create(
        organisation=organisation, name="t", prefix=raw[:8], key_hash=token_hash(raw), scopes="read,write"
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.smoke
def test_public_mission_list_and_detail(client, mission, shift):
    ShiftFactory(mission=MissionFactory(city=mission.city, status="draft"))
    response = client.get("/api/v1/missions")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["id"] == mission.pk
    assert body["results"][0]["shifts"][0]["places_left"] == 2
    detail = client.get(f"/api/v1/missions/{mission.pk}").json()
    assert detail["shifts"] == [
        {
            "id": shift.pk,
            "starts_at": shift.starts_at.isoformat().replace("+00:00", "Z"),
            "ends_at": shift.ends_at.isoformat().replace("+00:00", "Z"),
            "capacity": 2,
            "places_left": 2,
        }
    ]


def test_mission_list_filters(client, city, organisation):
    sport = MissionFactory(city=city, organisation=organisation, category="sport", remote=True)
    ShiftFactory(mission=sport)
    long_one = MissionFactory(city=city, organisation=organisation, category="legal_help")
    start = timezone.now() + dt.timedelta(days=2)
    ShiftFactory(mission=long_one, starts_at=start, ends_at=start + dt.timedelta(hours=8))
    assert [m["id"] for m in client.get("/api/v1/missions?category=sport").json()["results"]] == [sport.pk]
    assert [m["id"] for m in client.get("/api/v1/missions?max_hours=3").json()["results"]] == [sport.pk]
    assert [m["id"] for m in client.get("/api/v1/missions?remote=false").json()["results"]] == [long_one.pk]
    bad = client.get("/api/v1/missions?category=nonsense")
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid"


def test_unknown_mission_is_404_in_error_format(client, city):
    response = client.get("/api/v1/missions/999999")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.smoke
def test_signup_requires_session(client, shift):
    response = client.post(f"/api/v1/shifts/{shift.pk}/signups")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert not Signup.objects.exists()


def test_signup_requires_csrf_token(shift, volunteer):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(volunteer)
    response = strict.post(f"/api/v1/shifts/{shift.pk}/signups")
    assert response.status_code == 403
    assert not Signup.objects.exists()


def test_signup_statuses_and_refusals(client, shift, volunteer, make_volunteer):
    client.force_login(volunteer)
    first = client.post(f"/api/v1/shifts/{shift.pk}/signups")
    assert first.status_code == 201
    assert first.json() == {"status": "accepted", "signup_id": Signup.objects.get().pk, "waitlist_position": None}
    again = client.post(f"/api/v1/shifts/{shift.pk}/signups")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_signed_up"
    overlapping = ShiftFactory(
        mission=MissionFactory(city=shift.city), starts_at=shift.starts_at, ends_at=shift.ends_at
    )
    clash = client.post(f"/api/v1/shifts/{overlapping.pk}/signups")
    assert clash.status_code == 409
    assert clash.json()["error"]["code"] == "overlap"
    young = make_volunteer(birth_year=timezone.now().year - 15)
    client.force_login(young)
    refused = client.post(f"/api/v1/shifts/{shift.pk}/signups")
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "not_eligible"
    assert Signup.objects.count() == 1


def test_my_signups_and_cancel(client, shift, volunteer, make_volunteer):
    other = make_volunteer()
    mine = services.shift_sign_up(shift=shift, volunteer=volunteer, acting_user=volunteer)
    theirs = services.shift_sign_up(shift=shift, volunteer=other, acting_user=other)
    client.force_login(volunteer)
    assert [s["id"] for s in client.get("/api/v1/me/signups").json()] == [mine.pk]
    forbidden = client.delete(f"/api/v1/signups/{theirs.pk}")
    assert forbidden.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "accepted"
    assert client.delete(f"/api/v1/signups/{mine.pk}").status_code == 204
    mine.refresh_from_db()
    assert mine.status == "cancelled"


def test_organisation_token_manages_its_missions(client, organisation, city):
    headers = bearer(organisation)
    payload = {
        "title": "Permanence juridique",
        "description": "Aide aux recours",
        "category": "legal_help",
        "district": 2,
        "languages": [{"code": "ar", "min_level": 5}],
        "skills": ["legal_advice"],
    }
    created = client.post("/api/v1/organisation/missions", json.dumps(payload), "application/json", **headers)
    assert created.status_code == 201, created.content
    mission_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    assert created.json()["district"] == 2
    start = (timezone.now() + dt.timedelta(days=1)).replace(microsecond=0)
    shifts = client.post(
        f"/api/v1/organisation/missions/{mission_id}/shifts",
        json.dumps(
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
                "capacity": 3,
                "repeat_weekly_until": (start + dt.timedelta(days=14)).date().isoformat(),
            }
        ),
        "application/json",
        **headers,
    )
    assert shifts.status_code == 201
    assert len(shifts.json()) == 3
    published = client.patch(
        f"/api/v1/organisation/missions/{mission_id}",
        json.dumps({"status": "published"}),
        "application/json",
        **headers,
    )
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    listing = client.get("/api/v1/organisation/missions", **headers).json()
    assert [m["id"] for m in listing] == [mission_id]


def test_organisation_token_refusals(client, organisation, mission, shift, city):
    headers = bearer(OrganisationFactory(city=city, name="Other", slug="other"))
    response = client.patch(
        f"/api/v1/organisation/missions/{mission.pk}", json.dumps({"title": "Hijacked"}), "application/json", **headers
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert client.get(f"/api/v1/organisation/shifts/{shift.pk}/signups", **headers).status_code == 404
    mission.refresh_from_db()
    assert mission.title == "Atelier conversation"
    bad = client.post(
        "/api/v1/organisation/missions",
        json.dumps({"title": "Interprétariat", "description": "x", "category": "interpreting", "languages": []}),
        "application/json",
        **headers,
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid"
    assert not Mission.objects.filter(title="Interprétariat").exists()
    no_token = client.get("/api/v1/organisation/missions")
    assert no_token.status_code == 401


def test_capacity_below_accepted_via_shift_update_is_refused_by_database(shift):
    from django.db import IntegrityError, transaction

    Shift.objects.filter(pk=shift.pk).update(accepted_count=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Shift.objects.filter(pk=shift.pk).update(capacity=1)


def test_shift_signups_contact_only_after_acceptance(client, organisation, city, make_volunteer):
    mission = MissionFactory(city=city, organisation=organisation, acceptance="manual")
    shift = ShiftFactory(mission=mission, capacity=3)
    person = make_volunteer("applicant@example.org")
    signup = services.shift_sign_up(shift=shift, volunteer=person, acting_user=person)
    headers = bearer(organisation)
    before = client.get(f"/api/v1/organisation/shifts/{shift.pk}/signups", **headers).json()
    assert before[0]["email"] is None
    assert before[0]["name"] == f"Volunteer #{person.pk}"
    services.signup_decide(signup=signup, acting_user=None, accept=True)
    after = client.get(f"/api/v1/organisation/shifts/{shift.pk}/signups", **headers).json()
    assert after[0]["email"] == "applicant@example.org"


def test_openapi_lists_volunteering_paths(client, city):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/missions",
        "/api/v1/missions/{mission_id}",
        "/api/v1/shifts/{shift_id}/signups",
        "/api/v1/me/signups",
        "/api/v1/signups/{signup_id}",
        "/api/v1/organisation/missions",
        "/api/v1/organisation/missions/{mission_id}",
        "/api/v1/organisation/missions/{mission_id}/shifts",
        "/api/v1/organisation/shifts/{shift_id}/signups",
    ]:
        assert path in paths
