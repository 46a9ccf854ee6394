"""The coordinators' page of organisations awaiting verification."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accueil.audit.models import AuditEvent
from accueil.organisations.models import Organisation, Verification
from accueil.testing.organisations_factories import RegistryOrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/fr/organisations/verification/"


@pytest.fixture
def pending(city, other_city, organisation):
    organisation.verification = Verification.VERIFIED
    organisation.save()
    first = RegistryOrganisationFactory(city=city, name="Accueil Nord", slug="accueil-nord")
    second = RegistryOrganisationFactory(city=city, name="Bienvenue Est", slug="bienvenue-est")
    RegistryOrganisationFactory(city=city, name="Déjà refusée", slug="deja-refusee", verification=Verification.REJECTED)
    RegistryOrganisationFactory(city=other_city, name="Lyon Accueil", slug="lyon-accueil")
    for org in (first, second):
        org.verification = Verification.PENDING
        org.save()
    return first, second


@pytest.mark.smoke
def test_coordinator_sees_the_city_pending_organisations(as_user, coordinator, pending):
    response = as_user(coordinator).get(URL)
    assert response.status_code == 200
    assert [o.name for o in response.context["organisations"]] == ["Accueil Nord", "Bienvenue Est"]
    html = response.content.decode()
    assert "Lyon Accueil" not in html
    assert "Déjà refusée" not in html
    assert reverse("organisations:verify", args=["accueil-nord"]) in html
    assert reverse("organisations:detail", args=["bienvenue-est"]) + "#verification-title" in html


def test_verify_from_the_page_comes_back_to_it(as_user, coordinator, pending):
    client = as_user(coordinator)
    response = client.post(
        reverse("organisations:verify", args=["accueil-nord"]), {"status": "verified", "reason": "", "next": URL}
    )
    assert response.status_code == 302
    assert response["Location"] == URL
    assert Organisation.objects.get(slug="accueil-nord").verification == Verification.VERIFIED
    assert [o.name for o in client.get(URL).context["organisations"]] == ["Bienvenue Est"]
    # Any other `next` is ignored: back to the organisation's page.
    other = client.post(
        reverse("organisations:verify", args=["bienvenue-est"]),
        {"status": "verified", "next": "https://example.com/"},
    )
    assert other["Location"] == reverse("organisations:detail", args=["bienvenue-est"])


@pytest.mark.parametrize("who", ["anonymous", "admin", "member", "lyon_coordinator"])
def test_others_are_refused_and_nothing_changes(request, as_user, pending, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = as_user(user)
    before = list(Organisation.objects.order_by("pk").values_list("pk", "verification"))
    events = AuditEvent.objects.count()
    response = client.get(URL)
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/fr/accounts/login/?next=")
    else:
        assert response.status_code == 403
    verify = client.post(reverse("organisations:verify", args=["accueil-nord"]), {"status": "verified", "next": URL})
    if who == "anonymous":
        assert verify.status_code == 302
        assert verify["Location"].startswith("/fr/accounts/login/?next=")
    else:
        assert verify.status_code == 403
    assert list(Organisation.objects.order_by("pk").values_list("pk", "verification")) == before
    assert AuditEvent.objects.count() == events
