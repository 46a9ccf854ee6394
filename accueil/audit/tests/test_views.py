"""The audit log page: a coordinator reads their own city's log, and nobody else reads it — both ways, and
reading it changes nothing."""

from __future__ import annotations

import pytest

from accueil.accounts.models import Role
from accueil.audit.models import AuditEvent
from accueil.audit.services import audit_record
from accueil.testing.accounts_factories import totp_activate, user_with_role
from accueil.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

AUDIT = "/en/accounts/audit/"
LYON = {"HTTP_HOST": "lyon.accueil.test"}


def log() -> list[dict]:
    return list(AuditEvent.objects.order_by("pk").values())


def coordinator_of(city):
    user = user_with_role(city=city, role=Role.COORDINATOR)
    totp_activate(user=user)
    return user


@pytest.fixture
def events(city, other_city):
    audit_record(action="accounts.login_failed", city=city, data={"email": "paris-tried@example.org"})
    audit_record(action="accounts.login_failed", city=other_city, data={"email": "lyon-tried@example.org"})


@pytest.mark.usefixtures("events")
@pytest.mark.parametrize(("host", "own", "other"), [({}, "paris", "lyon"), (LYON, "lyon", "paris")])
def test_a_coordinator_reads_their_citys_log_only(client, city, other_city, host, own, other):
    client.force_login(coordinator_of(other_city if host else city))
    before = log()
    response = client.get(AUDIT, **host)
    assert response.status_code == 200
    content = response.content.decode()
    assert f"{own}-tried@example.org" in content
    assert f"{other}-tried@example.org" not in content
    assert log() == before


@pytest.mark.usefixtures("events")
@pytest.mark.parametrize(("host", "where"), [({}, "paris"), (LYON, "lyon")])
def test_the_other_citys_coordinator_is_refused_and_nothing_changes(client, city, other_city, host, where):
    client.force_login(coordinator_of(city if host else other_city))
    before = log()
    response = client.get(AUDIT, **host)
    assert response.status_code == 403
    assert f"{where}-tried@example.org".encode() not in response.content
    assert log() == before


@pytest.mark.usefixtures("events")
@pytest.mark.parametrize("role", [None, Role.VOLUNTEER, Role.ELECTED_OFFICIAL])
def test_people_without_the_coordinator_role_are_refused_and_nothing_changes(client, city, role):
    client.force_login(user_with_role(city=city, role=role) if role else UserFactory())
    before = log()
    response = client.get(AUDIT)
    assert response.status_code == 403
    assert b"paris-tried@example.org" not in response.content
    assert log() == before


@pytest.mark.usefixtures("events")
def test_an_anonymous_visitor_is_sent_to_sign_in_and_nothing_changes(client):
    before = log()
    response = client.get(AUDIT)
    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next={AUDIT}"
    assert log() == before
