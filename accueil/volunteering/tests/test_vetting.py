"""Vetting before trust in volunteering: an organisation the City has not verified publishes no mission — by
its pages, its services or its token — and nothing changes; once verified, it publishes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accueil.audit.models import AuditEvent
from accueil.organisations.models import Organisation, Verification
from accueil.testing.factories import OrganisationFactory
from accueil.testing.organisations_factories import api_token_for, organisation_member
from accueil.testing.volunteering_factories import MissionFactory
from accueil.volunteering import services as volunteering_services
from accueil.volunteering.models import Mission, MissionStatus

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


def missions() -> list[tuple[int, str]]:
    return sorted(Mission.objects.values_list("pk", "status"))


@pytest.fixture
def pending(city):  # type: ignore[no-untyped-def]
    organisation = OrganisationFactory(city=city, verification=Verification.PENDING)
    return organisation, organisation_member(organisation, email="member@pending.example")


def test_unverified_organisation_publishes_no_mission(pending):
    organisation, member = pending
    mission = MissionFactory(city=organisation.city, organisation=organisation, status=MissionStatus.DRAFT)
    before = (missions(), audit_actions())
    with pytest.raises(ValidationError):
        volunteering_services.mission_set_status(mission=mission, acting_user=member, status=MissionStatus.PUBLISHED)
    response = client_for(member).post(
        reverse("volunteering:mission_status", args=[mission.pk]), {"status": MissionStatus.PUBLISHED}
    )
    assert response.status_code == 302
    assert (missions(), audit_actions()) == before
    set_verification(organisation, Verification.VERIFIED)
    volunteering_services.mission_set_status(mission=mission, acting_user=member, status=MissionStatus.PUBLISHED)
    mission.refresh_from_db()
    assert mission.status == MissionStatus.PUBLISHED


@pytest.mark.parametrize("status", [Verification.PENDING, Verification.REJECTED])
def test_token_of_an_unverified_organisation_publishes_nothing(client, pending, status):
    organisation, _member = pending
    set_verification(organisation, status)
    raw = api_token_for(organisation)  # a token that could write, taken before the verification was undone
    mission = MissionFactory(city=organisation.city, organisation=organisation, status=MissionStatus.DRAFT)
    before = (missions(), audit_actions())
    response = client.patch(
        f"/api/v1/organisation/missions/{mission.pk}",
        {"status": "published"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "organisation_not_verified"
    assert (missions(), audit_actions()) == before
