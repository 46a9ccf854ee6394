from __future__ import annotations

import pytest
from django.db import connection

from accueil.organisations.models import Verification
from accueil.shelters import services
from accueil.shelters.models import Audience, Availability, HouseholdType, Reception
from accueil.territories.models import Departement
from accueil.testing.factories import OrganisationFactory
from accueil.testing.organisations_factories import coordinator_of, organisation_member


@pytest.fixture
def postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks and parallel transactions)")


@pytest.fixture
def coordinator(city):
    return coordinator_of(city, email="coordinator@example.org")


@pytest.fixture
def operator_org(city):
    return OrganisationFactory(city=city, name="Opérateur Un", slug="operateur-un")


@pytest.fixture
def other_operator_org(city):
    return OrganisationFactory(city=city, name="Opérateur Deux", slug="operateur-deux")


@pytest.fixture
def partner_org(city):
    return OrganisationFactory(city=city, name="Maraude Nord", slug="maraude-nord")


@pytest.fixture
def other_partner_org(city):
    return OrganisationFactory(city=city, name="Plateforme Sud", slug="plateforme-sud")


@pytest.fixture
def unverified_org(city):
    return OrganisationFactory(city=city, name="Pas vérifiée", slug="pas-verifiee", verification=Verification.PENDING)


@pytest.fixture
def operator(operator_org):
    return organisation_member(operator_org, email="operator@example.org")


@pytest.fixture
def other_operator(other_operator_org):
    return organisation_member(other_operator_org, email="operator2@example.org")


@pytest.fixture
def partner(partner_org):
    return organisation_member(partner_org, email="partner@example.org")


@pytest.fixture
def other_partner(other_partner_org):
    return organisation_member(other_partner_org, email="partner2@example.org")


@pytest.fixture
def departement(city):
    return Departement.objects.create(city=city, code="75", name="Paris", population=1_000_000, places_per_1000="3.9")


@pytest.fixture
def site(city, coordinator, operator_org, departement):
    return services.site_create(
        city=city,
        acting_user=coordinator,
        operator=operator_org,
        name="Centre Jean-Quarré",
        district=city.districts.first(),
        departement=departement,
    )


@pytest.fixture
def make_unit(coordinator):
    def make(
        site,
        *,
        beds=10,
        audiences=(Audience.MEN_ALONE,),
        private=False,
        step_free=False,
        reception=Reception.EXCLUSIVE,
        household_type=HouseholdType.ADULTS_ONLY,
        name="Dortoir",
        availability=Availability.YEAR_ROUND,
    ):
        return services.unit_create(
            site=site,
            acting_user=coordinator,
            name=name,
            household_type=household_type,
            audiences=list(audiences),
            beds=beds,
            is_private=private,
            step_free=step_free,
            reception=reception,
            availability=availability,
        )

    return make


@pytest.fixture
def make_request(partner, partner_org):
    def make(*, audience=Audience.MEN_ALONE, adults=1, children=0, user=None, organisation=None, **kwargs):
        return services.place_request_create(
            organisation=organisation or partner_org,
            acting_user=user or partner,
            audience=audience,
            adults=adults,
            children=children,
            **kwargs,
        )

    return make
