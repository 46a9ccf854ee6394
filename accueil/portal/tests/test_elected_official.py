"""The elected official reads every dashboard a coordinator reads, and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accueil.accounts.models import Role
from accueil.audit.models import AuditEvent
from accueil.directory.models import Service, ServiceStatus
from accueil.hosting.models import Proposal
from accueil.testing.accounts_factories import totp_activate, user_with_role
from accueil.testing.directory_factories import ServiceFactory
from accueil.volunteering.models import ShiftProposal

pytestmark = pytest.mark.django_db

DASHBOARDS = ("volunteering:coordination", "directory:moderation", "directory:gaps", "hosting:overview")


def _with_role(city, role):
    user = user_with_role(city=city, role=role)
    totp_activate(user=user)
    return user


def test_elected_official_reads_every_coordinator_dashboard_without_their_buttons(city, client):
    ServiceFactory(organisation__city=city, status=ServiceStatus.DRAFT)
    client.force_login(_with_role(city, Role.ELECTED_OFFICIAL))
    pages = {name: client.get(reverse(name)) for name in DASHBOARDS}
    assert {name: page.status_code for name, page in pages.items()} == dict.fromkeys(DASHBOARDS, 200)
    assert reverse("volunteering:coordination_fill") not in pages["volunteering:coordination"].content.decode()
    assert 'method="post"' not in pages["directory:moderation"].content.decode()
    assert reverse("hosting:matching_run") not in pages["hosting:overview"].content.decode()
    home = client.get(reverse("accounts:dashboard")).content.decode()
    assert [reverse(name) in home for name in DASHBOARDS] == [True] * len(DASHBOARDS)


def test_coordinator_still_gets_the_buttons(city, client):
    ServiceFactory(organisation__city=city, status=ServiceStatus.DRAFT)
    client.force_login(_with_role(city, Role.COORDINATOR))
    coordination = client.get(reverse("volunteering:coordination")).content.decode()
    assert reverse("volunteering:coordination_fill") in coordination
    assert 'method="post"' in client.get(reverse("directory:moderation")).content.decode()
    assert reverse("hosting:matching_run") in client.get(reverse("hosting:overview")).content.decode()


def test_elected_official_writes_are_refused_and_nothing_changes(city, client):
    draft = ServiceFactory(organisation__city=city, status=ServiceStatus.DRAFT)
    client.force_login(_with_role(city, Role.ELECTED_OFFICIAL))
    audit_before = AuditEvent.objects.count()
    day = "2030-01-07"
    fill = client.post(reverse("volunteering:coordination_fill"), {"start": day, "end": day})
    publish = client.post(reverse("directory:service_publish", args=[draft.pk]))
    assert (fill.status_code, publish.status_code) == (403, 403)
    client.post(reverse("hosting:matching_run"))
    assert Service.objects.get(pk=draft.pk).status == ServiceStatus.DRAFT
    assert ShiftProposal.objects.count() == 0
    assert Proposal.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_elected_official_of_another_city_and_a_volunteer_are_refused(city, other_city, client):
    for user in (_with_role(other_city, Role.ELECTED_OFFICIAL), _with_role(city, Role.VOLUNTEER)):
        client.force_login(user)
        assert [client.get(reverse(name)).status_code for name in DASHBOARDS] == [403, 403, 403, 404]
