"""Pages: every read of a person's record leaves exactly one audit row, and an authorization matrix over every
outreach page × every role (denials correct, nothing changed after a denied write)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.core import serializers

from accueil.audit.models import AuditEvent
from accueil.outreach.models import Encounter, Person, Referral
from accueil.testing.pageweight import assert_page_weight

from .scene import CODE_NAME, NAME, Scene, scene_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world) -> Scene:  # type: ignore[no-untyped-def]
    return scene_make(world)


def encounter_post(scene: Scene) -> dict[str, Any]:
    return {
        "client_key": str(uuid.uuid4()),
        "landmark": scene.world.landmark.pk,
        "composition": "alone",
        "adults": 1,
        "children": 0,
        "needs": ["food"],
        "consent_follow_up": "given",
    }


# (name, method, path, data, roles allowed)
Case = tuple[str, str, Callable[[Scene], str], Callable[[Scene], dict[str, Any]] | None, set[str]]
WORKER, OTHER, COORD, OFFICIAL, PARTNER, OUTSIDER, VOLUNTEER = (
    "worker",
    "other_worker",
    "coordinator",
    "official",
    "partner",
    "outsider",
    "volunteer",
)
SIGNED_IN = {WORKER, OTHER, COORD, OFFICIAL, PARTNER, OUTSIDER, VOLUNTEER}
CASES: list[Case] = [
    ("home", "get", lambda s: "/fr/outreach/", None, {WORKER, OTHER, COORD, OFFICIAL, PARTNER, OUTSIDER}),
    ("team_list", "get", lambda s: "/fr/outreach/teams/", None, {COORD}),
    (
        "team_create",
        "post",
        lambda s: "/fr/outreach/teams/",
        lambda s: {"name": "Nouvelle", "area_kind": "station"},
        {COORD},
    ),
    ("team_detail", "get", lambda s: f"/fr/outreach/teams/{s.world.team.pk}/", None, {WORKER, COORD}),
    ("team_edit_form", "get", lambda s: f"/fr/outreach/teams/{s.world.team.pk}/edit/", None, {COORD}),
    (
        "team_edit",
        "post",
        lambda s: f"/fr/outreach/teams/{s.world.team.pk}/edit/",
        lambda s: {"name": "Maraude renommée", "area_kind": "district", "district": s.world.team.district.pk},
        {COORD},
    ),
    (
        "member_remove",
        "post",
        lambda s: f"/fr/outreach/teams/{s.world.other_team.pk}/members/{s.world.other_worker.pk}/remove/",
        lambda s: {},
        {COORD},
    ),
    (
        "member_add",
        "post",
        lambda s: f"/fr/outreach/teams/{s.world.team.pk}/members/",
        lambda s: {"email": s.world.other_worker.email},
        {COORD},
    ),
    (
        "round_create",
        "post",
        lambda s: f"/fr/outreach/teams/{s.world.team.pk}/rounds/",
        lambda s: {"date": "2026-01-05", "landmarks": [s.world.landmark.pk], "done": "on"},
        {WORKER, COORD},
    ),
    ("encounter_form", "get", lambda s: f"/fr/outreach/teams/{s.world.team.pk}/encounter/", None, {WORKER}),
    ("encounter_post", "post", lambda s: f"/fr/outreach/teams/{s.world.team.pk}/encounter/", encounter_post, {WORKER}),
    ("person_detail", "get", lambda s: f"/fr/outreach/persons/{s.person.pk}/", None, {WORKER}),
    ("person_edit_form", "get", lambda s: f"/fr/outreach/persons/{s.person.pk}/edit/", None, {WORKER}),
    (
        "person_edit",
        "post",
        lambda s: f"/fr/outreach/persons/{s.person.pk}/edit/",
        lambda s: {"code_name": "Héron", "name": "", "says_minor": ""},
        {WORKER},
    ),
    (
        "person_consent",
        "post",
        lambda s: f"/fr/outreach/persons/{s.person.pk}/consent/",
        lambda s: {"consent_legal": "given"},
        {WORKER},
    ),
    (
        "person_refer",
        "post",
        lambda s: f"/fr/outreach/persons/{s.person.pk}/refer/",
        lambda s: {"kind": "health", "partner": s.world.health.pk},
        {WORKER},
    ),
    ("person_data", "get", lambda s: f"/fr/outreach/persons/{s.person.pk}/data/", None, {WORKER}),
    (
        "person_erase",
        "post",
        lambda s: f"/fr/outreach/persons/{s.person.pk}/erase/",
        lambda s: {"confirm": "erase"},
        {WORKER},
    ),
    ("referral_detail", "get", lambda s: f"/fr/outreach/referrals/{s.referral.pk}/", None, {WORKER, PARTNER}),
    (
        "referral_accept",
        "post",
        lambda s: f"/fr/outreach/referrals/{s.referral.pk}/move/",
        lambda s: {"to_status": "accepted"},
        {PARTNER},
    ),
    (
        "referral_cancel",
        "post",
        lambda s: f"/fr/outreach/referrals/{s.referral.pk}/move/",
        lambda s: {"to_status": "cancelled"},
        {PARTNER, WORKER},
    ),
    ("camp_list", "get", lambda s: "/fr/outreach/camps/", None, {WORKER, OTHER, COORD}),
    (
        "camp_create",
        "post",
        lambda s: "/fr/outreach/camps/",
        lambda s: {
            "name": "Camp 2",
            "district": s.world.team.district.pk,
            "held_on": "2026-01-05",
            "hours_to_decide": 24,
            "teams": [s.world.team.pk],
        },
        {COORD},
    ),
    ("camp_detail", "get", lambda s: f"/fr/outreach/camps/{s.operation.pk}/", None, {WORKER, COORD}),
    (
        "household_add",
        "post",
        lambda s: f"/fr/outreach/camps/{s.operation.pk}/households/",
        lambda s: {"adults": 1, "children": 0},
        {WORKER},
    ),
    (
        "household_decide",
        "post",
        lambda s: f"/fr/outreach/camps/{s.operation.pk}/households/{s.household.pk}/",
        lambda s: {"decision": "accepted"},
        {WORKER},
    ),
    ("interpreting", "get", lambda s: "/fr/outreach/interpreting/", None, {WORKER, OTHER, COORD, PARTNER, OUTSIDER}),
    (
        "interpreting_ask",
        "post",
        lambda s: "/fr/outreach/interpreting/",
        lambda s: {
            "action": "ask",
            "language": "ti",
            "level_needed": 2,
            "domain": "everyday",
            "mode": "phone",
            "urgency": 1,
            "starts_at": "2026-02-02T10:00",
            "duration_minutes": 60,
        },
        {WORKER, OTHER, COORD, PARTNER, OUTSIDER},
    ),
    ("interpreting_match", "post", lambda s: "/fr/outreach/interpreting/match/", lambda s: {}, {COORD}),
    (
        "interpreting_cancel",
        "post",
        lambda s: f"/fr/outreach/interpreting/{s.request.pk}/cancel/",
        lambda s: {},
        {WORKER, COORD},
    ),
    ("interpreters", "get", lambda s: "/fr/outreach/interpreters/", None, {COORD}),
    (
        "interpreter_add",
        "post",
        lambda s: "/fr/outreach/interpreters/",
        lambda s: {
            "kind": "student",
            "display_name": "Étudiante",
            "capacity": 2,
            "modes": ["phone"],
            "language": "ti",
            "level": 3,
        },
        {COORD},
    ),
    ("interpreters_import", "post", lambda s: "/fr/outreach/interpreters/", lambda s: {"action": "import"}, {COORD}),
    (
        "landmark_add",
        "post",
        lambda s: "/fr/outreach/places/",
        lambda s: {"name": "Pont", "district": s.world.team.district.pk, "area_kind": "district"},
        {COORD},
    ),
    ("figures", "get", lambda s: "/fr/outreach/figures/", None, {COORD, OFFICIAL}),
]
ROLES = ["anonymous", *sorted(SIGNED_IN)]


def user_for(scene: Scene, role: str) -> Any:
    w = scene.world
    return {
        WORKER: w.worker,
        OTHER: w.other_worker,
        COORD: w.coordinator,
        OFFICIAL: w.official,
        PARTNER: w.partner_member,
        OUTSIDER: scene.outsider_member,
        VOLUNTEER: w.volunteer,
    }.get(role)


def snapshot() -> str:
    rows = []
    for model in apps.get_app_config("outreach").get_models():
        rows.append(serializers.serialize("json", model.objects.order_by("pk")))
    return "\n".join(rows)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_authorization_matrix(client, scene, case, role):
    name, method, path, data, allowed = case
    user = user_for(scene, role)
    if user is not None:
        client.force_login(user)
    before = snapshot()
    url = path(scene)
    response = client.get(url) if method == "get" else client.post(url, data(scene) if data else {})
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
        assert snapshot() == before
        return
    if role in allowed:
        assert response.status_code in (200, 302), (name, role, response.status_code)
        if method == "post":
            assert snapshot() != before, f"{name} by {role} changed nothing"
    else:
        if method == "get":
            assert response.status_code == 404, (name, role, response.status_code)
        else:
            assert response.status_code in (302, 404), (name, role, response.status_code)
        assert snapshot() == before, f"{name} by {role} changed data"


PERSON_READS = [
    ("person_detail", lambda s: f"/fr/outreach/persons/{s.person.pk}/", "worker", "outreach.person_viewed"),
    ("person_data", lambda s: f"/fr/outreach/persons/{s.person.pk}/data/", "worker", "outreach.person_viewed"),
    ("person_edit", lambda s: f"/fr/outreach/persons/{s.person.pk}/edit/", "worker", "outreach.person_viewed"),
    (
        "person_data_json",
        lambda s: f"/fr/outreach/persons/{s.person.pk}/data/?format=json",
        "worker",
        "outreach.person_viewed",
    ),
    ("referral_team", lambda s: f"/fr/outreach/referrals/{s.referral.pk}/", "worker", "outreach.referral_viewed"),
    ("referral_partner", lambda s: f"/fr/outreach/referrals/{s.referral.pk}/", "partner", "outreach.referral_viewed"),
]


@pytest.mark.parametrize("read", PERSON_READS, ids=[r[0] for r in PERSON_READS])
def test_every_read_of_a_person_leaves_exactly_one_audit_row(client, scene, read):
    _name, path, role, action = read
    user = user_for(scene, role)
    client.force_login(user)
    reads = AuditEvent.objects.filter(action__in=["outreach.person_viewed", "outreach.referral_viewed"])
    before = reads.count()
    response = client.get(path(scene))
    assert response.status_code == 200
    assert reads.count() == before + 1
    row = reads.order_by("-id").first()
    assert row is not None and (row.action, row.actor_id) == (action, user.pk)


def test_the_record_shows_the_decrypted_data_to_the_team_only(client, scene):
    client.force_login(scene.world.worker)
    page = client.get(f"/fr/outreach/persons/{scene.person.pk}/").content.decode()
    assert CODE_NAME in page and NAME in page and "Dort sous le pont" in page
    client.force_login(scene.world.partner_member)
    referral = client.get(f"/fr/outreach/referrals/{scene.referral.pk}/").content.decode()
    assert scene.person.reference in referral
    assert NAME not in referral and CODE_NAME not in referral and "torture" not in referral.lower()


def test_the_encounter_page_is_light_and_works_without_javascript(client, scene):
    client.force_login(scene.world.worker)
    path = f"/fr/outreach/teams/{scene.world.team.pk}/encounter/"
    weight = assert_page_weight(client, path)
    assert weight.total_bytes <= 50 * 1024
    print(weight.report())
    data = encounter_post(scene) | {"code_name": "Nouveau", "says_minor": "on", "consent_shelter": "given"}
    response = client.post(path, data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Abri offert" in page or "Shelter offered" in page or "shelter" in page.lower()
    assert Referral.objects.filter(unconditional=True).count() == 1
    again = client.post(path, data)  # the same form sent twice (a double tap) records once
    assert again.status_code == 302
    assert Encounter.objects.count() == 2 and Person.objects.count() == 2


def test_the_offline_sync_answers_json_once(client, scene):
    client.force_login(scene.world.worker)
    path = f"/fr/outreach/teams/{scene.world.team.pk}/encounter/"
    data = encounter_post(scene)
    first = client.post(path, data, HTTP_ACCEPT="application/json")
    second = client.post(path, data, HTTP_ACCEPT="application/json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["encounter"] == second.json()["encounter"]


def test_volunteers_who_translate_become_interpreters_with_their_levels(client, scene):
    client.force_login(scene.world.coordinator)
    client.post("/fr/outreach/interpreters/", {"action": "import"})
    client.post("/fr/outreach/interpreters/", {"action": "import"})  # a second run updates, never duplicates
    from accueil.outreach.models import Interpreter

    imported = Interpreter.objects.get(user__email="traductrice@example.org")
    assert imported.kind == "volunteer" and imported.display_name == "Traductrice"
    assert [(c.language_id, c.level) for c in imported.languages.all()] == [("am", 2)]  # C2 → fluent
    assert "video" in imported.modes


def test_the_outreach_worker_lands_on_the_outreach_page_after_sign_in(rf, world):
    from accueil.accounts.adapter import AccountAdapter

    request = rf.get("/")
    request.user = world.worker
    request.city = world.city
    assert AccountAdapter().get_login_redirect_url(request) == "/fr/outreach/"
    request.user = world.official
    assert AccountAdapter().get_login_redirect_url(request) == "/fr/accounts/me/"


def test_the_demo_outreach_account_signs_in_with_two_factor_and_lands_on_its_page(client, world):
    from allauth.mfa.models import Authenticator

    from accueil.testing.accounts_factories import PASSWORD, totp_code

    secret = Authenticator.objects.get(user=world.worker, type="totp").wrap().instance.data["secret"]
    from allauth.mfa.totp.internal.auth import decrypt

    response = client.post("/fr/accounts/login/", {"login": world.worker.email, "password": PASSWORD})
    assert response.status_code == 302 and "/2fa/" in response["Location"]
    response = client.post(response["Location"], {"code": totp_code(decrypt(secret))})
    assert response.status_code == 302 and response["Location"] == "/fr/outreach/"
