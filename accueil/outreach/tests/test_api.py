"""API: the pages' rules through tokens and sessions — consent, audit of every read, denials change nothing."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from accueil.audit.models import AuditEvent
from accueil.organisations.models import ApiToken
from accueil.organisations.selectors import token_hash
from accueil.outreach.models import Encounter, Referral

from .scene import CODE_NAME, NAME, Scene, scene_make
from .test_views import COORD, OFFICIAL, OTHER, OUTSIDER, PARTNER, ROLES, VOLUNTEER, WORKER, snapshot, user_for

pytestmark = pytest.mark.django_db
API = "/api/v1/outreach"


@pytest.fixture
def scene(world) -> Scene:  # type: ignore[no-untyped-def]
    return scene_make(world)


def bearer(organisation: Any, created_by: Any, raw: str) -> dict[str, str]:
    ApiToken.objects.create(
        organisation=organisation,
        name="t",
        prefix=raw[:8],
        key_hash=token_hash(raw),
        created_by=created_by,
        scopes="read,write",
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def encounter_body(scene: Scene) -> dict[str, Any]:
    return {
        "client_key": str(uuid.uuid4()),
        "landmark": scene.world.landmark.pk,
        "needs": ["food"],
        "consent": {"follow_up": "given"},
    }


API_CASES = [
    (
        "teams",
        "get",
        lambda s: f"{API}/teams",
        None,
        SET_ALL := {WORKER, OTHER, COORD, OFFICIAL, PARTNER, OUTSIDER, VOLUNTEER},
    ),
    ("encounter", "post", lambda s: f"{API}/teams/{s.world.team.pk}/encounters", encounter_body, {WORKER}),
    ("person", "get", lambda s: f"{API}/persons/{s.person.pk}", None, {WORKER}),
    ("referrals", "get", lambda s: f"{API}/referrals", None, SET_ALL),
    ("referral", "get", lambda s: f"{API}/referrals/{s.referral.pk}", None, {WORKER, PARTNER}),
    (
        "referral_accept",
        "post",
        lambda s: f"{API}/referrals/{s.referral.pk}/status",
        lambda s: {"status": "accepted"},
        {PARTNER},
    ),
    (
        "possible",
        "post",
        lambda s: f"{API}/interpreting/possible",
        lambda s: {"language": "ti", "mode": "phone", "starts_at": "2026-02-02T10:00:00Z"},
        {WORKER, OTHER, COORD, PARTNER, OUTSIDER},
    ),
    (
        "interpreting",
        "post",
        lambda s: f"{API}/interpreting",
        lambda s: {"language": "ti", "mode": "phone", "starts_at": "2026-02-02T10:00:00Z"},
        {WORKER, OTHER, COORD, PARTNER, OUTSIDER},
    ),
    ("figures", "get", lambda s: f"{API}/figures", None, {COORD, OFFICIAL}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", API_CASES, ids=[c[0] for c in API_CASES])
def test_api_authorization_matrix(client, scene, case, role):
    name, method, path, body, allowed = case
    user = user_for(scene, role)
    if user is not None:
        client.force_login(user)
    before = snapshot()
    if method == "get":
        response = client.get(path(scene))
    else:
        response = client.post(path(scene), json.dumps(body(scene) if body else {}), content_type="application/json")
    if role == "anonymous":
        assert response.status_code == 401, name
    elif role in allowed:
        assert response.status_code in (200, 201), (name, role, response.status_code, response.content[:300])
        if method == "post" and name != "possible":
            assert snapshot() != before
        return
    else:
        assert response.status_code in (403, 404, 409), (name, role, response.status_code)
    assert snapshot() == before, f"{name} by {role} changed data"


def test_api_reads_of_a_person_leave_one_audit_row(client, scene):
    reads = AuditEvent.objects.filter(action__in=["outreach.person_viewed", "outreach.referral_viewed"])
    client.force_login(scene.world.worker)
    before = reads.count()
    body = client.get(f"{API}/persons/{scene.person.pk}").json()
    assert body["code_name"] == CODE_NAME and body["name"] == NAME
    assert reads.count() == before + 1
    client.force_login(scene.world.partner_member)
    shared = client.get(f"{API}/referrals/{scene.referral.pk}").json()["shared"]
    assert reads.count() == before + 2
    assert "name" not in shared and shared["vulnerabilities"] == []  # torture is not a shelter's business


def test_a_partner_token_moves_its_referral_and_the_outcome_returns(client, scene):
    headers = bearer(scene.world.shelter, scene.world.partner_member, "outreach-token-0123456789abcdef")
    listed = client.get(f"{API}/referrals", **headers).json()
    assert [r["id"] for r in listed] == [scene.referral.pk]
    for status, extra in (
        ("accepted", {}),
        ("scheduled", {"scheduled_for": "2026-02-02T20:00:00Z"}),
        ("done", {"outcome": "Placé au site X ce soir"}),
    ):
        response = client.post(
            f"{API}/referrals/{scene.referral.pk}/status",
            json.dumps({"status": status, **extra}),
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 200, response.content
    assert Referral.objects.get().outcome == "Placé au site X ce soir"
    again = client.post(
        f"{API}/referrals/{scene.referral.pk}/status",
        json.dumps({"status": "cancelled"}),
        content_type="application/json",
        **headers,
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "transition_not_allowed"


def test_a_token_of_another_organisation_sees_nothing(client, scene):
    headers = bearer(scene.world.health, scene.world.partner_member, "outreach-token-fedcba9876543210")
    assert client.get(f"{API}/referrals/{scene.referral.pk}", **headers).status_code == 404
    assert client.get(f"{API}/referrals", **headers).json() == []


def test_a_team_token_records_encounters_once(client, scene):
    headers = bearer(scene.world.shelter, scene.world.worker, "outreach-team-token-00112233445566")
    body = json.dumps(encounter_body(scene) | {"latitude": 48.8606, "longitude": 2.3376})
    url = f"{API}/teams/{scene.world.team.pk}/encounters"
    first = client.post(url, body, content_type="application/json", **headers)
    second = client.post(url, body, content_type="application/json", **headers)
    assert (first.status_code, second.status_code) == (201, 200)
    encounter = Encounter.objects.get(pk=first.json()["encounter"])
    assert encounter.grid_cell.startswith("G-") and Encounter.objects.count() == 2
