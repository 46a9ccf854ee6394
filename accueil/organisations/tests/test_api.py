"""The organisation API: public reads, guarded writes, the one error format and the OpenAPI document."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from accueil.audit.models import AuditEvent
from accueil.languages.models import Language
from accueil.organisations.models import Organisation, Sector
from accueil.testing.organisations_factories import RegistryOrganisationFactory, api_token_for

pytestmark = pytest.mark.django_db

BASE = "/api/v1/organisations"


def patch(client: Client, path: str, body, **headers):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.patch(path, data=data, content_type="application/json", **headers)


def csrf(session: Client) -> str:
    """Give the test client a CSRF cookie, as a browser gets one from any page with a form."""
    secret = "s" * 32
    session.cookies["csrftoken"] = secret
    return secret


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


def snapshot(organisation) -> dict:
    organisation.refresh_from_db()
    return {
        "fields": {f.name: getattr(organisation, f.attname) for f in Organisation._meta.concrete_fields},
        "sectors": sorted(organisation.sectors.values_list("code", flat=True)),
        "languages": sorted(organisation.languages.values_list("code", flat=True)),
    }


@pytest.mark.smoke
def test_public_list_with_filters_and_pagination(client, city, other_city, organisation, other_organisation):
    organisation.sectors.set([Sector.objects.get(code="legal")])
    organisation.languages.set([Language.objects.get(code="ps")])
    RegistryOrganisationFactory(city=other_city, name="Lyon Accueil")
    body = client.get(BASE).json()
    assert body["count"] == 2
    assert [item["name"] for item in body["items"]] == ["Autre Association", "Élan Solidaire"]
    item = body["items"][1]
    assert item["slug"] == "elan-solidaire" and item["sectors"] == ["legal"] and item["languages"] == ["ps"]
    for params in ("q=ELAN", "q=francais", "sector=legal", "language=ps", "type=association&sector=legal"):
        assert [i["slug"] for i in client.get(f"{BASE}?{params}").json()["items"]] == ["elan-solidaire"], params
    assert client.get(f"{BASE}?sector=unknown").json()["count"] == 0
    page = client.get(f"{BASE}?page=2&page_size=1").json()
    assert page["count"] == 2 and [i["name"] for i in page["items"]] == ["Élan Solidaire"]
    assert_error(client.get(f"{BASE}?district=99999999999999999999999"), 422, "invalid")
    assert_error(client.get(f"{BASE}?page=0"), 422, "invalid")


def test_detail_and_404(client, other_city, organisation):
    lyon = RegistryOrganisationFactory(city=other_city, name="Lyon Accueil", slug="lyon-accueil")
    assert client.get(f"{BASE}/elan-solidaire").json()["acronym"] == "ELS"
    assert_error(client.get(f"{BASE}/nope"), 404, "not_found")
    assert_error(client.get(f"{BASE}/{lyon.slug}"), 404, "not_found")
    assert client.get(f"{BASE}/{lyon.slug}", HTTP_HOST="lyon.accueil.test").status_code == 200


@pytest.mark.smoke
def test_patch_with_the_organisations_token(client, organisation):
    raw = api_token_for(organisation)
    response = patch(
        client,
        f"{BASE}/elan-solidaire",
        {"phone": "01 02 03 04 05", "sectors": ["health", "legal"], "districts": [2], "languages": ["am"]},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["phone"], body["sectors"], body["districts"], body["languages"]) == (
        "01 02 03 04 05",
        ["health", "legal"],
        [2],
        ["am"],
    )
    event = AuditEvent.objects.get(action="organisation.updated")
    assert event.actor is None and event.data["api_token"] == raw[:12]


def test_patch_refusals_change_nothing(client, organisation, other_organisation, member, other_admin):
    before = snapshot(organisation)
    other_token = api_token_for(other_organisation)
    path = f"{BASE}/elan-solidaire"
    assert_error(patch(client, path, {"name": "X"}), 401, "unauthenticated")
    assert_error(patch(client, path, {"name": "X"}, HTTP_AUTHORIZATION="Bearer wrong"), 401, "unauthenticated")
    assert_error(patch(client, path, {"name": "X"}, HTTP_AUTHORIZATION=f"Bearer {other_token}"), 403, "forbidden")
    for user in (member, other_admin):
        session = Client(enforce_csrf_checks=True)
        session.force_login(user)
        assert_error(patch(session, path, {"name": "X"}, HTTP_X_CSRFTOKEN=csrf(session)), 403, "forbidden")
    assert snapshot(organisation) == before


def test_patch_by_admin_session_needs_csrf(organisation, admin):
    session = Client(enforce_csrf_checks=True)
    session.force_login(admin)
    path = f"{BASE}/elan-solidaire"
    before = snapshot(organisation)
    assert_error(patch(session, path, {"acronym": "EL"}), 403, "forbidden")
    assert snapshot(organisation) == before
    response = patch(session, path, {"acronym": "EL"}, HTTP_X_CSRFTOKEN=csrf(session))
    assert response.status_code == 200
    organisation.refresh_from_db()
    assert organisation.acronym == "EL" and organisation.search_text.startswith("elan solidaire el ")


@pytest.mark.parametrize(
    "body",
    [
        {"type": "club"},
        {"email": "nope"},
        {"website": "javascript:alert(1)"},
        {"name": ""},
        {"name": "x" * 201},
        {"sectors": ["magic"]},
        {"districts": [42]},
        {"languages": ["zz"]},
        {"unknown": 1},
        {"sectors": "legal"},
        {"name": "a\x00b"},
        [1, 2],
        {"name": {"nested": [{"deep": True}]}},
        {"districts": [10**40]},
    ],
)
def test_patch_bad_input_is_422_and_changes_nothing(client, organisation, body):
    raw = api_token_for(organisation)
    before = snapshot(organisation)
    response = patch(client, f"{BASE}/elan-solidaire", body, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert_error(response, 422, "invalid")
    assert snapshot(organisation) == before


def test_patch_unparsable_body_is_400_and_changes_nothing(client, organisation):
    raw = api_token_for(organisation)
    before = snapshot(organisation)
    response = patch(client, f"{BASE}/elan-solidaire", "not json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert_error(response, 400, "bad_request")
    assert snapshot(organisation) == before


def test_patch_duplicate_name_is_422(client, organisation, other_organisation):
    raw = api_token_for(organisation)
    error = assert_error(
        patch(client, f"{BASE}/elan-solidaire", {"name": "Autre Association"}, HTTP_AUTHORIZATION=f"Bearer {raw}"),
        422,
        "invalid",
    )
    assert error["details"]


def test_members_only_for_the_organisation(client, organisation, admin, member, other_organisation, other_admin):
    path = f"{BASE}/elan-solidaire/members"
    assert_error(client.get(path), 401, "unauthenticated")
    assert_error(client.get(path, HTTP_AUTHORIZATION=f"Bearer {api_token_for(other_organisation)}"), 403, "forbidden")
    for user in (member, other_admin):
        session = Client()
        session.force_login(user)
        assert_error(session.get(path), 403, "forbidden")
    own = client.get(path, HTTP_AUTHORIZATION=f"Bearer {api_token_for(organisation)}").json()
    assert sorted((m["email"], m["role"]) for m in own) == [
        ("admin@elan.example", "admin"),
        ("member@elan.example", "member"),
    ]
    session = Client()
    session.force_login(admin)
    assert len(session.get(path).json()) == 2
    public = client.get(f"{BASE}/elan-solidaire").content.decode() + client.get(BASE).content.decode()
    assert "admin@elan.example" not in public and "member@elan.example" not in public


def test_openapi_document_lists_the_paths(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    assert {"get"} <= set(paths["/api/v1/organisations"])
    assert {"get", "patch"} <= set(paths["/api/v1/organisations/{slug}"])
    assert {"get"} <= set(paths["/api/v1/organisations/{slug}/members"])
    assert "422" in paths["/api/v1/organisations/{slug}"]["patch"]["responses"]
