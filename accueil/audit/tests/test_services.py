"""`audit_record` appends exactly one row: who, in which city, did what, to which record, from which address."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, override_settings

from accueil.audit.models import AuditEvent
from accueil.audit.services import audit_record
from accueil.testing.factories import UserFactory
from accueil.testing.organisations_factories import RegistryOrganisationFactory

pytestmark = pytest.mark.django_db


def test_one_row_with_actor_city_action_target_address_and_data(city):
    actor = UserFactory()
    organisation = RegistryOrganisationFactory(city=city)
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
    event = audit_record(
        action="organisation.verified",
        actor=actor,
        city=city,
        target=organisation,
        data={"status": "verified"},
        request=request,
    )
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [event.pk]
    event.refresh_from_db()
    assert (event.action, event.actor, event.city) == ("organisation.verified", actor, city)
    assert (event.target_type, event.target_id) == ("organisations.organisation", str(organisation.pk))
    assert (event.data, event.ip_address) == ({"status": "verified"}, "203.0.113.7")
    assert event.created_at is not None


def test_the_city_is_the_targets_when_not_given(city):
    organisation = RegistryOrganisationFactory(city=city)
    assert audit_record(action="organisation.viewed", target=organisation).city == city


@pytest.mark.parametrize("actor", [None, AnonymousUser()])
def test_an_anonymous_actor_is_recorded_as_nobody(city, actor):
    event = audit_record(action="accounts.login_failed", actor=actor, city=city, data={"email": "x@example.org"})
    event.refresh_from_db()
    assert (event.actor, event.target_type, event.target_id) == (None, "", "")


def test_without_a_request_no_address_is_recorded(city):
    assert audit_record(action="plan.report_generated", city=city).ip_address is None
    assert AuditEvent.objects.get().data == {}


@override_settings(ACCUEIL_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_visitors_address_is_recorded_not_the_proxys(city):
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.66, 203.0.113.7")
    assert audit_record(action="accounts.login_failed", city=city, request=request).ip_address == "203.0.113.7"


@override_settings(ACCUEIL_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_a_request_without_the_header_records_no_address(city):
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.2")
    assert audit_record(action="accounts.login_failed", city=city, request=request).ip_address is None
