"""Two admins removing each other at the same moment: the organisation always keeps one admin."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accueil.organisations import services
from accueil.organisations.models import Membership, MembershipRole
from accueil.testing.concurrency import run_together
from accueil.testing.organisations_factories import RegistryOrganisationFactory, organisation_admin


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_admins_removing_each_other_leave_one_admin(postgres_only, city):
    organisation = RegistryOrganisationFactory(city=city, name="Deux Admins")
    first = organisation_admin(organisation, email="un@example.org")
    second = organisation_admin(organisation, email="deux@example.org")
    memberships = {m.user_id: m for m in Membership.objects.filter(organisation=organisation)}

    def remove(actor, target):
        return lambda: services.membership_remove(membership=memberships[target.pk], acting_user=actor)

    outcomes = run_together([remove(first, second), remove(second, first)])
    admins = Membership.objects.filter(organisation=organisation, role=MembershipRole.ADMIN).count()
    assert admins == 1
    assert len(outcomes.errors) == outcomes.raised(ValidationError) + outcomes.raised(PermissionDenied) == 1
