"""Vetting before trust in mentoring: an organisation the City has not verified creates no beneficiary, asks the
engine for no mentor and confirms no pairing — by its pages, its token or its members' services — and nothing
changes when it tries. Once a coordinator has verified it, each of these is allowed."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from accueil.audit.models import AuditEvent
from accueil.mentoring import policies, services
from accueil.mentoring.models import Beneficiary, Mentorship, MentorshipStatus
from accueil.organisations.models import Verification
from accueil.testing.factories import MembershipFactory, OrganisationFactory
from accueil.testing.mentoring_factories import language, mentor_make
from accueil.testing.organisations_factories import api_token_for

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, object]:
    return {
        "beneficiaries": sorted(Beneficiary.objects.values_list("pk", "organisation_id", "closed_at")),
        "mentorships": sorted(Mentorship.objects.values_list("pk", "status", "mentor_id")),
        "audit": AuditEvent.objects.count(),
    }


@pytest.fixture
def setup(city):
    """A verified organisation with one beneficiary and one open proposal, then set back to `verification`."""
    organisation = OrganisationFactory(city=city)
    staff = MembershipFactory(organisation=organisation).user
    services.beneficiary_create(
        organisation=organisation, acting_user=staff, needs=["housing_search"], languages=[language("ti")]
    )
    mentor_make(city=city, languages={"ti": 7})
    [proposal] = services.mentorships_propose(organisation=organisation, acting_user=staff)
    organisation.verification = Verification.PENDING
    organisation.save(update_fields=["verification"])
    return organisation, staff, proposal


def bearer(organisation, staff):  # type: ignore[no-untyped-def]
    """A token that reads and writes, taken by `staff` (the API acts as its creator)."""
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_for(organisation, created_by=staff)}"}


def verify(organisation) -> None:  # type: ignore[no-untyped-def]
    organisation.verification = Verification.VERIFIED
    organisation.save(update_fields=["verification"])


@pytest.mark.parametrize("status", [Verification.PENDING, Verification.REJECTED])
def test_policies_refuse_every_power_until_verified(setup, status):
    organisation, staff, proposal = setup
    organisation.verification = status
    organisation.save(update_fields=["verification"])
    assert not policies.can_manage_beneficiaries(staff, organisation)
    assert not policies.can_confirm(staff, proposal)
    verify(organisation)
    assert policies.can_manage_beneficiaries(staff, organisation)
    assert policies.can_confirm(staff, proposal)


def test_services_refuse_and_change_nothing(setup):
    organisation, staff, proposal = setup
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.beneficiary_create(
            organisation=organisation, acting_user=staff, needs=["housing_search"], languages=[language("ti")]
        )
    with pytest.raises(PermissionDenied):
        services.mentorships_propose(organisation=organisation, acting_user=staff)
    with pytest.raises(PermissionDenied):
        services.mentorship_confirm(mentorship=proposal, acting_user=staff)
    assert snapshot() == before


def test_pages_refuse_with_404_and_change_nothing(client, setup):
    organisation, staff, proposal = setup
    client.force_login(staff)
    before = snapshot()
    assert client.get(f"/fr/mentoring/organisations/{organisation.pk}/new/").status_code == 404
    assert (
        client.post(f"/fr/mentoring/organisations/{organisation.pk}/new/", {"needs": ["housing_search"]}).status_code
        == 404
    )
    assert client.post(f"/fr/mentoring/organisations/{organisation.pk}/propose/").status_code == 404
    assert client.post(f"/fr/mentoring/mentorships/{proposal.pk}/confirm/").status_code == 404
    assert snapshot() == before


def test_pages_allowed_once_verified(client, setup):
    organisation, staff, proposal = setup
    verify(organisation)
    client.force_login(staff)
    response = client.post(
        f"/fr/mentoring/organisations/{organisation.pk}/new/",
        {"languages": ["ar"], "needs": ["employment"], "available_weekdays": ["1"]},
    )
    assert response.status_code == 302
    assert Beneficiary.objects.filter(organisation=organisation).count() == 2
    assert client.post(f"/fr/mentoring/mentorships/{proposal.pk}/confirm/").status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == MentorshipStatus.ACTIVE


def test_token_of_an_unverified_organisation_writes_nothing(client, setup):
    organisation, staff, proposal = setup
    headers = bearer(organisation, staff)
    before = snapshot()
    writes = [
        ("/api/v1/mentoring/beneficiaries", {"organisation": organisation.pk, "needs": ["housing_search"]}),
        (f"/api/v1/mentoring/proposals?organisation={organisation.pk}", {}),
        (f"/api/v1/mentoring/proposals/{proposal.pk}/confirm", {}),
    ]
    for path, body in writes:
        response = client.post(path, body, content_type="application/json", **headers)
        assert response.status_code == 403, path
        assert response.json()["error"]["code"] == "organisation_not_verified"
    assert snapshot() == before


def test_token_of_a_verified_organisation_confirms(client, setup):
    organisation, staff, proposal = setup
    verify(organisation)
    headers = bearer(organisation, staff)
    response = client.post(
        f"/api/v1/mentoring/proposals/{proposal.pk}/confirm", {}, content_type="application/json", **headers
    )
    assert response.status_code == 200, response.content
    proposal.refresh_from_db()
    assert proposal.status == MentorshipStatus.ACTIVE
