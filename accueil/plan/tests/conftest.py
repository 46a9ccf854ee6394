"""Plan fixtures: people with roles, and a small plan."""

from __future__ import annotations

import pytest

from accueil.testing.accounts_factories import totp_activate
from accueil.testing.factories import MembershipFactory, OrganisationFactory, RoleAssignmentFactory, UserFactory
from accueil.testing.plan_factories import CommitmentFactory, IndicatorFactory, MeasureFactory, PlanFactory


@pytest.fixture
def coordinator(city):
    user = UserFactory(email="coordinator@example.org")
    RoleAssignmentFactory(user=user, city=city, role="coordinator")
    totp_activate(user=user)  # coordinators must use two-factor authentication
    return user


@pytest.fixture
def elected(city):
    user = UserFactory(email="elected@example.org")
    RoleAssignmentFactory(user=user, city=city, role="elected_official")
    return user


@pytest.fixture
def owner_org(city):
    return OrganisationFactory(city=city, name="Owner association", slug="owner-association")


@pytest.fixture
def owner(owner_org):
    user = UserFactory(email="owner@example.org")
    MembershipFactory(user=user, organisation=owner_org)
    return user


@pytest.fixture
def stranger(city):
    other = OrganisationFactory(city=city, name="Other association", slug="other-association")
    user = UserFactory(email="stranger@example.org")
    MembershipFactory(user=user, organisation=other)
    return user


@pytest.fixture
def plan(city):
    return PlanFactory(city=city)


@pytest.fixture
def commitment(plan):
    return CommitmentFactory(cornerstone__plan=plan, number=1, title="Protéger les mineurs", title_en="Protect minors")


@pytest.fixture
def measure(commitment, owner_org):
    return MeasureFactory(commitment=commitment, owner_organisation=owner_org, title="Mesure A", title_en="Measure A")


@pytest.fixture
def indicator(measure):
    return IndicatorFactory(measure=measure, baseline=0, target=100)


@pytest.fixture(scope="module")
def shared_demo(django_db_setup, django_db_blocker):
    """The Paris city with the organisations and plan demos, loaded once per test module inside a transaction that
    is rolled back when the module ends. Each test still runs in its own savepoint on top of it (the ``db``
    fixture), so what a test changes is undone before the next one. Modules using it override ``city`` with
    ``shared_city`` and must not use ``transaction=True`` tests."""
    from django.db import transaction

    from accueil.organisations import demo as organisations_demo
    from accueil.plan import demo
    from accueil.testing.factories import CityFactory, DistrictFactory

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            city = CityFactory(slug="paris", name="Paris")
            for number in range(1, 4):
                DistrictFactory(city=city, number=number)
            organisations_demo.load_demo(city=city)
            plan = demo.load_demo(city=city)
            yield city, plan
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def shared_city(shared_demo, db):
    return shared_demo[0]


@pytest.fixture
def shared_demo_plan(shared_demo, db):
    from accueil.plan.models import Plan

    return Plan.objects.select_related("city").get(pk=shared_demo[1].pk)
