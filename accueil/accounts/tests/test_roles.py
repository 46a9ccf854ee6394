"""The coordinator's roles page and self-service roles: permissions both ways, nothing changes when refused."""

from __future__ import annotations

import pytest

from accueil.accounts.models import RoleAssignment
from accueil.accounts.services import role_grant
from accueil.audit.models import AuditEvent
from accueil.testing.accounts_factories import totp_activate, user_with_role
from accueil.testing.factories import MembershipFactory, OrganisationFactory, UserFactory

from .conftest import shown

pytestmark = pytest.mark.django_db

ROLES = "/en/accounts/roles/"


@pytest.fixture
def coordinator(city):
    user = user_with_role(city=city, role="coordinator", email="coord@example.org")
    totp_activate(user=user)
    return user


def _snapshot():
    return (
        sorted(RoleAssignment.objects.values_list("user_id", "city_id", "role")),
        AuditEvent.objects.filter(action__startswith="accounts.role_").count(),
    )


@pytest.mark.smoke
def test_coordinator_grants_and_revokes_a_role(client, city, coordinator):
    person = UserFactory(email="nadia@example.org")
    client.force_login(coordinator)
    found = client.post(ROLES, {"action": "find", "email": "NADIA@example.org"})
    assert found["Location"] == f"/en/accounts/roles/?person={person.pk}"
    page = client.get(found["Location"])
    assert page.status_code == 200
    assert b"nadia@example.org" in page.content

    response = client.post(ROLES, {"action": "grant", "user": person.pk, "role": "outreach_worker"})
    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/roles/?person={person.pk}"
    assignment = RoleAssignment.objects.get(user=person, city=city)
    assert (assignment.role, assignment.granted_by) == ("outreach_worker", coordinator)
    event = AuditEvent.objects.get(action="accounts.role_granted")
    assert (event.actor, event.city, event.target_id, event.data) == (
        coordinator,
        city,
        str(person.pk),
        {"role": "outreach_worker"},
    )
    person.refresh_from_db()
    assert person.access_version == 1

    response = client.post(ROLES, {"action": "revoke", "user": person.pk, "role": "outreach_worker"})
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=person).exists()
    assert AuditEvent.objects.filter(action="accounts.role_revoked", actor=coordinator).count() == 1


@pytest.mark.parametrize("role", [None, "volunteer", "elected_official", "outreach_worker"])
def test_non_coordinators_are_refused_and_nothing_changes(client, city, role):
    actor = user_with_role(city=city, role=role) if role else UserFactory()
    if role == "outreach_worker":
        totp_activate(user=actor)
    person = UserFactory(email="nadia@example.org")
    client.force_login(actor)
    before = _snapshot()
    assert client.get(ROLES).status_code == 403
    assert client.post(ROLES, {"action": "find", "email": "nadia@example.org"}).status_code == 403
    response = client.post(ROLES, {"action": "grant", "user": person.pk, "role": "coordinator"})
    assert response.status_code == 403
    response = client.post(ROLES, {"action": "grant", "user": actor.pk, "role": "coordinator"})
    assert response.status_code == 403
    assert _snapshot() == before


def test_coordinator_of_another_city_is_refused(client, city, other_city):
    foreign = user_with_role(city=other_city, role="coordinator")
    totp_activate(user=foreign)
    person = UserFactory()
    client.force_login(foreign)
    before = _snapshot()
    # Requests on Paris's host: the Lyon coordinator has no power here.
    response = client.post(ROLES, {"action": "grant", "user": person.pk, "role": "host"})
    assert response.status_code == 403
    assert _snapshot() == before


def test_anonymous_is_sent_to_login(client, city):
    person = UserFactory()
    before = _snapshot()
    response = client.post(ROLES, {"action": "grant", "user": person.pk, "role": "coordinator"})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert _snapshot() == before


def test_coordinator_cannot_revoke_own_coordinator_role(client, city, coordinator):
    client.force_login(coordinator)
    before = _snapshot()
    response = client.post(ROLES, {"action": "revoke", "user": coordinator.pk, "role": "coordinator"})
    assert response.status_code == 302
    assert _snapshot() == before


@pytest.mark.parametrize(
    "data",
    [
        {"action": "grant", "user": "abc", "role": "host"},
        {"action": "grant", "role": "host"},
        {"action": "grant", "user": 1, "role": "emperor"},
        {"action": "delete-everything", "user": 1, "role": "host"},
    ],
)
def test_bad_input_changes_nothing(client, city, coordinator, data):
    client.force_login(coordinator)
    before = _snapshot()
    response = client.post(ROLES, data)
    assert response.status_code == 302
    assert _snapshot() == before


def test_unknown_person(client, city, coordinator):
    client.force_login(coordinator)
    assert client.post(ROLES, {"action": "grant", "user": 999999, "role": "host"}).status_code == 404
    page = client.post(ROLES, {"action": "find", "email": "ghost@example.org"})
    assert page.status_code == 200
    assert shown("Nobody has an account with this email address.") in page.content.decode()


def test_the_search_is_a_post_and_ids_cannot_be_walked(client, city, coordinator):
    """No address in a URL (history, access log); `?person=` shows only someone found or holding a role."""
    stranger = UserFactory(email="stranger@example.org")
    client.force_login(coordinator)
    assert b"stranger@example.org" not in client.get(ROLES, {"person": stranger.pk}).content
    assert b'method="post" class="filters" role="search"' in client.get(ROLES).content
    found = client.post(ROLES, {"action": "find", "email": "stranger@example.org"})
    assert "stranger" not in found["Location"]
    assert b"stranger@example.org" in client.get(found["Location"]).content


def test_role_list_is_paginated_without_n_plus_one(client, city, coordinator, django_assert_max_num_queries):
    for index in range(30):
        role_grant(
            user=UserFactory(email=f"v{index}@example.org"), city=city, role="volunteer", acting_user=coordinator
        )
    client.force_login(coordinator)
    client.get(ROLES)
    with django_assert_max_num_queries(8):
        page = client.get(ROLES, {"role": "volunteer"})
    assert page.status_code == 200
    assert page.content.count(b"@example.org</a>") == 30


@pytest.mark.parametrize("role", ["volunteer", "host", "translator"])
def test_self_service_roles(client, city, role):
    person = UserFactory()
    client.force_login(person)
    response = client.post("/en/accounts/me/roles/take/", {"role": role})
    assert response.status_code == 302
    assert list(RoleAssignment.objects.filter(user=person).values_list("role", "granted_by")) == [(role, person.pk)]
    assert AuditEvent.objects.filter(action="accounts.role_granted", actor=person).count() == 1
    response = client.post("/en/accounts/me/roles/drop/", {"role": role})
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=person).exists()


@pytest.mark.parametrize("role", ["coordinator", "elected_official", "outreach_worker"])
def test_granted_roles_are_not_self_service(client, city, role):
    person = UserFactory()
    client.force_login(person)
    before = _snapshot()
    response = client.post("/en/accounts/me/roles/take/", {"role": role})
    assert response.status_code == 302
    assert _snapshot() == before


def test_cannot_drop_a_role_granted_by_a_coordinator(client, city):
    person = user_with_role(city=city, role="elected_official")
    client.force_login(person)
    before = _snapshot()
    client.post("/en/accounts/me/roles/drop/", {"role": "elected_official"})
    assert _snapshot() == before


def test_dashboard_shows_roles_organisations_and_links(client, city, coordinator):
    org = OrganisationFactory(city=city, name="France terre d'asile")
    MembershipFactory(organisation=org, user=coordinator, role="admin")
    role_grant(user=coordinator, city=city, role="volunteer", acting_user=coordinator)
    client.force_login(coordinator)
    content = client.get("/en/accounts/me/").content.decode()
    assert shown("Platform coordinator") in content
    assert "France terre d&#x27;asile" in content
    assert shown("Organisation admin") in content
    assert 'href="/en/accounts/roles/"' in content
    assert 'href="/en/accounts/audit/"' in content
    assert 'href="/en/volunteering/"' in content
    assert shown("I want to host someone") in content
    assert shown("I want to volunteer") not in content
    assert 'action="/en/accounts/logout/"' in content


def test_dashboard_for_newcomer_offers_volunteering(client, city):
    client.force_login(UserFactory())
    content = client.get("/en/accounts/me/").content.decode()
    assert shown("I want to volunteer") in content
    assert 'href="/en/accounts/roles/"' not in content
    assert 'href="/en/accounts/audit/"' not in content
