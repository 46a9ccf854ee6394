"""Vetting before trust in the resource library: a membership of an organisation the City has not verified opens
no members-only resource (page or token) and shares or edits nothing; once verified, it does."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accueil.audit.models import AuditEvent
from accueil.organisations.models import Organisation, TokenScopes, Verification
from accueil.participation.models import Resource, ResourceVisibility
from accueil.participation.resources import policies as resource_policies
from accueil.participation.resources import services as resource_services
from accueil.testing.factories import OrganisationFactory
from accueil.testing.organisations_factories import api_token_for, organisation_admin, organisation_member

pytestmark = pytest.mark.django_db


def set_verification(organisation: Organisation, status: str) -> None:
    organisation.verification = status
    organisation.save(update_fields=["verification"])


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def audit_actions() -> list[str]:
    return sorted(AuditEvent.objects.exclude(action__startswith="accounts.").values_list("action", flat=True))


@pytest.fixture
def organisation(city):  # type: ignore[no-untyped-def]
    return OrganisationFactory(city=city, name="Élan Solidaire", slug="elan-solidaire")


@pytest.fixture
def other_organisation(city):  # type: ignore[no-untyped-def]
    return OrganisationFactory(city=city, name="Autre Association", slug="autre-association")


@pytest.fixture
def admin(organisation):  # type: ignore[no-untyped-def]
    return organisation_admin(organisation, email="admin@elan.example")


def snapshot() -> tuple[object, ...]:
    return sorted(Resource.objects.values_list("pk", "version", "title")), audit_actions()


# --- resource library -----------------------------------------------------------------------------------


def _share(organisation: Organisation, user, **fields):  # type: ignore[no-untyped-def]
    return resource_services.resource_create(
        city=organisation.city,
        acting_user=user,
        organisation=organisation,
        title="Compte rendu interne",
        body="Réservé aux membres.",
        **fields,
    )


def test_unverified_membership_opens_no_members_only_resource(client, organisation, other_organisation, admin):
    resource = _share(organisation, admin)
    assert resource.visibility == ResourceVisibility.MEMBERS
    set_verification(other_organisation, Verification.PENDING)
    outsider = organisation_member(other_organisation, email="pending@autre.example")
    newcomer = client_for(outsider)
    assert not resource_policies.is_city_member(outsider, organisation.city)
    assert newcomer.get(f"/fr/events/resources/{resource.pk}/").status_code == 404
    listing_page = newcomer.get("/fr/events/resources/").content.decode()
    assert "Compte rendu interne" not in listing_page
    assert "Tant qu'un coordinateur de la Ville n'a pas vérifié votre organisation" in listing_page
    raw = api_token_for(other_organisation, scopes=TokenScopes.READ)
    listing = client.get("/api/v1/events/resources", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert [row["id"] for row in listing["items"]] == []
    set_verification(other_organisation, Verification.VERIFIED)
    assert newcomer.get(f"/fr/events/resources/{resource.pk}/").status_code == 200
    listing = client.get("/api/v1/events/resources", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert [row["id"] for row in listing["items"]] == [resource.pk]


def test_unverified_organisation_shares_and_edits_nothing(organisation, admin):
    pending = organisation
    set_verification(pending, Verification.VERIFIED)
    resource = _share(pending, admin)
    set_verification(pending, Verification.PENDING)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        _share(pending, admin, upload=SimpleUploadedFile("cr.txt", b"x"))
    with pytest.raises(PermissionDenied):
        resource_services.resource_update(resource=resource, acting_user=admin, title="Autre", body="x")
    client = client_for(admin)
    assert client.get("/fr/events/resources/new/").status_code == 403
    assert client.get(f"/fr/events/resources/{resource.pk}/edit/").status_code == 404  # members-only: not seen
    assert snapshot() == before
    set_verification(pending, Verification.VERIFIED)
    resource_services.resource_update(resource=resource, acting_user=admin, title="Relu", body="Texte relu")
    resource.refresh_from_db()
    assert resource.version == 2
