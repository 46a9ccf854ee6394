"""The mentoring API: organisation tokens and sessions, pseudonymous views, audited reads, error shapes."""

from __future__ import annotations

import pytest
from django.utils import translation

from accueil.audit.models import AuditEvent
from accueil.mentoring import services
from accueil.mentoring.models import Beneficiary, Mentorship, MentorshipStatus
from accueil.mentoring.reasons import REASON_LABELS, reason_rows
from accueil.organisations.models import ApiToken
from accueil.organisations.selectors import token_hash
from accueil.testing.factories import MembershipFactory, OrganisationFactory
from accueil.testing.mentoring_factories import language, mentor_make

pytestmark = pytest.mark.django_db

SECRET = "Suivi psychologique, ne pas divulguer"
VIEWED = "mentoring.beneficiary_viewed"


def bearer(organisation, created_by, raw):  # type: ignore[no-untyped-def]
    ApiToken.objects.create(
        organisation=organisation,
        name="t",
        prefix=raw[:8],
        key_hash=token_hash(raw),
        created_by=created_by,
        scopes="read,write",
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def setup(city):
    organisation = OrganisationFactory(city=city, name="France terre d'asile")
    staff = MembershipFactory(organisation=organisation).user
    district = city.districts.get(number=2)
    beneficiary = services.beneficiary_create(
        organisation=organisation,
        acting_user=staff,
        needs=["housing_search"],
        available_weekdays=[5],
        district=district,
        sensitive_notes=SECRET,
        languages=[language("ti")],
    )
    mentor = mentor_make(city=city, languages={"ti": 7}, districts=[district], weekdays=[5], display_name="Marie")
    [proposal] = services.mentorships_propose(organisation=organisation, acting_user=staff)
    other = OrganisationFactory(city=city, name="Autre association")
    other_staff = MembershipFactory(organisation=other).user
    return {
        "organisation": organisation,
        "staff": staff,
        "beneficiary": beneficiary,
        "mentor": mentor,
        "proposal": proposal,
        "token": bearer(organisation, staff, "acc_mentoring_token_aaaa"),
        "other_token": bearer(other, other_staff, "acc_mentoring_token_bbbb"),
        "other_staff": other_staff,
    }


@pytest.mark.smoke
def test_token_lists_pseudonymous_beneficiaries_without_notes(client, setup):
    response = client.get("/api/v1/mentoring/beneficiaries", **setup["token"])
    assert response.status_code == 200
    beneficiary = setup["beneficiary"]
    body = response.json()
    assert body["count"] == 1
    [row] = body["results"]
    assert {k: row[k] for k in ("id", "pseudonym", "languages", "district", "needs", "available_weekdays")} == {
        "id": beneficiary.pk,
        "pseudonym": beneficiary.pseudonym,
        "languages": ["ti"],
        "district": 2,
        "needs": ["housing_search"],
        "available_weekdays": [5],
    }
    assert row["has_active_mentor"] is False
    assert SECRET not in response.content.decode()
    assert "sensitive_notes" not in row


def test_detail_read_is_audited(client, setup):
    beneficiary = setup["beneficiary"]
    response = client.get(f"/api/v1/mentoring/beneficiaries/{beneficiary.pk}", **setup["token"])
    assert response.status_code == 200
    assert response.json()["pseudonym"] == beneficiary.pseudonym
    assert SECRET not in response.content.decode()
    viewed = AuditEvent.objects.filter(action=VIEWED, target_id=str(beneficiary.pk))
    assert list(viewed.values_list("actor_id", "data")) == [(setup["staff"].pk, {"scope": "api"})]


def test_another_organisation_token_sees_nothing(client, setup):
    beneficiary, proposal = setup["beneficiary"], setup["proposal"]
    token = setup["other_token"]
    listing = client.get("/api/v1/mentoring/beneficiaries", **token)
    assert listing.status_code == 200
    assert listing.json() == {"count": 0, "page": 1, "page_size": 20, "results": []}
    assert client.get("/api/v1/mentoring/proposals", **token).json() == []
    detail = client.get(f"/api/v1/mentoring/beneficiaries/{beneficiary.pk}", **token)
    assert detail.status_code == 404
    assert detail.json() == {
        "error": {"code": "not_found", "message": detail.json()["error"]["message"], "details": None}
    }
    confirm = client.post(f"/api/v1/mentoring/proposals/{proposal.pk}/confirm", **token)
    assert confirm.status_code == 404
    assert confirm.json()["error"]["code"] == "not_found"
    # Naming the other organisation with one's own token does not help either.
    named = client.get(f"/api/v1/mentoring/beneficiaries?organisation={setup['organisation'].pk}", **token)
    assert named.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == MentorshipStatus.PROPOSED
    assert not AuditEvent.objects.filter(action=VIEWED).exists()
    assert not AuditEvent.objects.filter(action="mentoring.mentorship_confirmed").exists()


def test_another_organisation_session_sees_nothing(client, setup):
    client.force_login(setup["other_staff"])
    beneficiary = setup["beneficiary"]
    assert client.get("/api/v1/mentoring/beneficiaries").json()["count"] == 0
    assert client.get(f"/api/v1/mentoring/beneficiaries/{beneficiary.pk}").status_code == 404
    response = client.get(f"/api/v1/mentoring/beneficiaries?organisation={setup['organisation'].pk}")
    assert response.status_code == 404
    assert client.post(f"/api/v1/mentoring/proposals/{setup['proposal'].pk}/confirm").status_code == 404
    assert Mentorship.objects.get().status == MentorshipStatus.PROPOSED
    assert not AuditEvent.objects.filter(action=VIEWED).exists()


def test_anonymous_and_bad_token_get_401(client, setup):
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer nope"}):
        response = client.get("/api/v1/mentoring/beneficiaries", **headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"
    response = client.post("/api/v1/mentoring/beneficiaries", {"languages": ["ar"]}, content_type="application/json")
    assert response.status_code == 401
    assert Beneficiary.objects.count() == 1


def test_volunteer_without_organisation_is_refused(client, setup):
    client.force_login(setup["mentor"])
    response = client.get("/api/v1/mentoring/beneficiaries")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_proposals_with_translated_reasons(client, setup):
    response = client.get("/api/v1/mentoring/proposals", HTTP_ACCEPT_LANGUAGE="en", **setup["token"])
    assert response.status_code == 200
    [proposal] = response.json()
    assert proposal["mentor"] == {"id": setup["mentor"].pk, "name": "Marie"}
    assert proposal["beneficiary"]["pseudonym"] == setup["beneficiary"].pseudonym
    assert proposal["score"] == 9.0
    assert {r["code"]: r["points"] for r in proposal["reasons"]} == {
        "base": 1.0,
        "shared_languages": 2.0,
        "strong_language": 1.0,
        "same_district": 3.0,
        "availability": 2.0,
        "needs_skills": 0.0,
    }
    assert {r["code"]: r["label"] for r in proposal["reasons"]}["shared_languages"] == "Shared languages"


def test_confirm_and_error_shapes(client, setup):
    proposal = setup["proposal"]
    response = client.post(f"/api/v1/mentoring/proposals/{proposal.pk}/confirm", **setup["token"])
    assert response.status_code == 200
    assert response.json()["status"] == "active"
    proposal.refresh_from_db()
    assert proposal.status == MentorshipStatus.ACTIVE
    again = client.post(f"/api/v1/mentoring/proposals/{proposal.pk}/confirm", **setup["token"])
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "not_a_proposal"
    assert again.json()["error"]["details"] == {"status": "active"}
    missing = client.post("/api/v1/mentoring/proposals/999999/confirm", **setup["token"])
    assert missing.status_code == 404
    listing = client.get("/api/v1/mentoring/beneficiaries", **setup["token"]).json()
    assert listing["results"][0]["has_active_mentor"] is True


def test_create_by_token_and_session(client, city, setup):
    language("ar")
    response = client.post(
        "/api/v1/mentoring/beneficiaries",
        {"languages": ["ar", "ti"], "district": 3, "needs": ["employment"], "sensitive_notes": "confidentiel"},
        content_type="application/json",
        **setup["token"],
    )
    assert response.status_code == 201, response.content
    body = response.json()
    created = Beneficiary.objects.get(pk=body["id"])
    assert created.organisation == setup["organisation"]
    assert created.created_by == setup["staff"]
    assert created.sensitive_notes == "confidentiel"
    assert body["languages"] == ["ar", "ti"]
    assert body["district"] == 3
    assert "confidentiel" not in response.content.decode()
    assert AuditEvent.objects.filter(action="mentoring.beneficiary_created", target_id=str(created.pk)).exists()

    client.force_login(setup["staff"])
    by_session = client.post("/api/v1/mentoring/beneficiaries", {"languages": ["ar"]}, content_type="application/json")
    assert by_session.status_code == 201
    assert Beneficiary.objects.filter(organisation=setup["organisation"]).count() == 3


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        ({"languages": []}, "invalid", None),
        ({"languages": ["zz"]}, "invalid", "languages"),
        ({"languages": ["ti"], "district": 99}, "invalid", "district"),
        ({"languages": ["ti"], "needs": ["flying"]}, "invalid", None),
        ({"languages": ["ti"], "available_weekdays": [9]}, "invalid", "available_weekdays"),
    ],
)
def test_create_refusals_leave_nothing(client, setup, payload, code, field):
    response = client.post(
        "/api/v1/mentoring/beneficiaries", payload, content_type="application/json", **setup["token"]
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == code
    assert set(error) == {"code", "message", "details"}
    if field:
        assert field in error["details"]
    assert Beneficiary.objects.count() == 1


def test_session_in_two_organisations_must_name_one(client, city, setup):
    staff = setup["staff"]
    MembershipFactory(organisation=OrganisationFactory(city=city), user=staff)
    client.force_login(staff)
    response = client.get("/api/v1/mentoring/beneficiaries")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "organisation_required"
    named = client.get(f"/api/v1/mentoring/beneficiaries?organisation={setup['organisation'].pk}")
    assert named.status_code == 200
    assert named.json()["count"] == 1


def test_run_proposals_by_api(client, setup):
    response = client.post("/api/v1/mentoring/proposals", **setup["token"])
    assert response.status_code == 201
    [proposal] = response.json()
    assert proposal["mentor"]["id"] == setup["mentor"].pk
    assert Mentorship.objects.filter(status=MentorshipStatus.PROPOSED).count() == 1


def test_reason_labels_are_translated_in_every_language():
    codes = ["base", "shared_languages", "strong_language", "same_district", "availability", "needs_skills"]
    assert set(REASON_LABELS) == set(codes)
    for lang in ("fr", "en", "ar", "fa", "ps", "ti", "am"):
        with translation.override(lang):
            rows = reason_rows([[code, 1] for code in codes] + [["unknown_rule", 0.5], "junk"])
            assert [row.code for row in rows] == [*codes, "unknown_rule"]
            assert all(row.label and row.label != row.code for row in rows[:-1])
            assert rows[-1].label == "unknown_rule"
    with translation.override("en"):
        assert reason_rows([["shared_languages", 2]])[0].label == "Shared languages"


def test_proposal_page_shows_labels_not_codes(client, setup):
    client.force_login(setup["staff"])
    with translation.override("en"):
        page = client.get(f"/en/mentoring/organisations/{setup['organisation'].pk}/").content.decode()
    assert "Shared languages" in page
    assert "shared_languages" not in page
