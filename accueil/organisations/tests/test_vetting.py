"""Vetting before trust: an organisation the City has not verified (pending or refused) describes itself and
nothing more. Each power verification gates is tried as its admin or member — refused with one status, nothing
changed — then allowed once a coordinator has verified it: API tokens that write, writing through the API,
(missions, the resource library and mentoring have theirs in their own apps)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from accueil.audit.models import AuditEvent
from accueil.organisations import policies, services
from accueil.organisations.models import ApiToken, Organisation, TokenScopes, Verification
from accueil.testing.organisations_factories import api_token_for

from .conftest import client_for

pytestmark = pytest.mark.django_db

PATH = "/api/v1/organisations/elan-solidaire"


def set_verification(organisation: Organisation, status: str) -> None:
    organisation.verification = status
    organisation.save(update_fields=["verification"])


def snapshot(organisation: Organisation) -> dict[str, object]:
    organisation.refresh_from_db()
    return {
        "profile": (organisation.name, organisation.phone, organisation.verification),
        "tokens": sorted(ApiToken.objects.values_list("pk", "scopes", "revoked_at")),
        "audit": sorted(AuditEvent.objects.exclude(action__startswith="accounts.").values_list("action", flat=True)),
    }


@pytest.fixture
def pending(organisation):
    set_verification(organisation, Verification.PENDING)
    return organisation


@pytest.mark.parametrize("status", [Verification.PENDING, Verification.REJECTED])
def test_only_a_verified_organisation_is_trusted(organisation, status):
    set_verification(organisation, status)
    assert not policies.organisation_is_trusted(organisation)
    set_verification(organisation, Verification.VERIFIED)
    assert policies.organisation_is_trusted(organisation)


# --- describing itself stays open ---------------------------------------------------------------------


def test_unverified_organisation_still_edits_its_profile_and_invites(pending, admin):
    services.organisation_update(organisation=pending, acting_user=admin, phone="01 02 03 04 05")
    services.invitation_create(organisation=pending, email="new@elan.example", role="member", acting_user=admin)
    pending.refresh_from_db()
    assert pending.phone == "01 02 03 04 05"
    assert pending.invitations.count() == 1


def test_profile_page_says_why_and_what_happens_next(pending, member):
    page = client_for(member).get(reverse("organisations:detail", args=[pending.slug])).content.decode()
    assert "Tant qu'un coordinateur de la Ville n'a pas vérifié votre organisation" in page
    set_verification(pending, Verification.VERIFIED)
    page = client_for(member).get(reverse("organisations:detail", args=[pending.slug])).content.decode()
    assert "Tant qu'un coordinateur de la Ville n'a pas vérifié votre organisation" not in page


# --- API tokens -----------------------------------------------------------------------------------------


def test_unverified_admin_gets_no_token_that_writes(pending, admin):
    before = snapshot(pending)
    client = client_for(admin)
    url = reverse("organisations:tokens", args=[pending.slug])
    response = client.post(url, {"name": "Site", "scopes": TokenScopes.READ_WRITE})
    assert response.status_code == 400
    assert "Un jeton qui peut écrire est délivré une fois que la Ville a vérifié votre organisation." in (
        response.content.decode()
    )
    with pytest.raises(ValidationError):
        services.api_token_create(organisation=pending, name="x", scopes=TokenScopes.READ_WRITE, acting_user=admin)
    assert snapshot(pending) == before
    assert client.post(url, {"name": "Site", "scopes": TokenScopes.READ}).status_code == 200
    assert list(ApiToken.objects.values_list("scopes", flat=True)) == [TokenScopes.READ]


def test_verified_admin_chooses_the_scope(organisation, admin):
    client = client_for(admin)
    url = reverse("organisations:tokens", args=[organisation.slug])
    assert client.post(url, {"name": "Lecture", "scopes": TokenScopes.READ}).status_code == 200
    assert client.post(url, {"name": "Écriture", "scopes": TokenScopes.READ_WRITE}).status_code == 200
    assert client.post(url, {"name": "Par défaut"}).status_code == 200
    assert sorted(ApiToken.objects.values_list("name", "scopes")) == [
        ("Lecture", "read"),
        ("Par défaut", "read"),
        ("Écriture", "read,write"),
    ]


def test_read_only_token_reads_but_never_writes(client, organisation):
    before = snapshot(organisation)
    raw = api_token_for(organisation, scopes=TokenScopes.READ)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(f"{PATH}/members", **headers).status_code == 200
    before["tokens"] = sorted(ApiToken.objects.values_list("pk", "scopes", "revoked_at"))
    response = client.patch(PATH, {"name": "Pirate"}, content_type="application/json", **headers)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "token_read_only"
    assert snapshot(organisation) == before


@pytest.mark.parametrize("status", [Verification.PENDING, Verification.REJECTED])
def test_token_of_an_unverified_organisation_never_writes(client, organisation, status):
    raw = api_token_for(organisation, scopes=TokenScopes.READ_WRITE)  # taken before its verification was undone
    set_verification(organisation, status)
    before = snapshot(organisation)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    response = client.patch(PATH, {"name": "Pirate"}, content_type="application/json", **headers)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "organisation_not_verified"
    assert snapshot(organisation) == before
    set_verification(organisation, Verification.VERIFIED)
    response = client.patch(PATH, {"phone": "01 02 03 04 05"}, content_type="application/json", **headers)
    assert response.status_code == 200, response.content


def test_existing_tokens_keep_writing_only_when_verified(organisation, other_organisation):
    set_verification(other_organisation, Verification.PENDING)
    api_token_for(organisation, scopes=TokenScopes.READ)
    api_token_for(other_organisation, scopes=TokenScopes.READ)
    migration = importlib.import_module("accueil.organisations.migrations.0005_api_token_scopes")
    migration.keep_write_for_verified(apps, None)
    assert sorted(ApiToken.objects.values_list("organisation__slug", "scopes")) == [
        ("autre-association", "read"),
        ("elan-solidaire", "read,write"),
    ]
