"""Two admins removing each other at the same moment: the organisation always keeps one admin."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from accueil.organisations import services
from accueil.organisations.models import Membership, MembershipRole
from accueil.testing.organisations_factories import RegistryOrganisationFactory, organisation_admin


@pytest.fixture
def needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_admins_removing_each_other_leave_one_admin(needs_postgres, city):
    organisation = RegistryOrganisationFactory(city=city, name="Deux Admins")
    first = organisation_admin(organisation, email="un@example.org")
    second = organisation_admin(organisation, email="deux@example.org")
    memberships = {m.user_id: m for m in Membership.objects.filter(organisation=organisation)}
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def remove(actor, target) -> None:
        try:
            barrier.wait()
            services.membership_remove(membership=memberships[target.pk], acting_user=actor)
            outcomes.append("removed")
        except (ValidationError, PermissionDenied):
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=remove, args=(first, second)),
        threading.Thread(target=remove, args=(second, first)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    admins = Membership.objects.filter(organisation=organisation, role=MembershipRole.ADMIN).count()
    assert admins == 1
    assert sorted(outcomes) == ["refused", "removed"]
