"""People and organisations used across the registry's tests.

Paris (the default city, served on "testserver") has: `organisation` (verified) with `admin` and `member`;
`other_organisation` with `other_admin`; `coordinator` of Paris. Lyon has its own coordinator.
"""

from __future__ import annotations

import pytest
from django.test import Client

from accueil.testing.organisations_factories import (
    RegistryOrganisationFactory,
    coordinator_of,
    organisation_admin,
    organisation_member,
)


@pytest.fixture
def organisation(city):
    return RegistryOrganisationFactory(
        city=city, name="Élan Solidaire", slug="elan-solidaire", acronym="ELS", description="Cours de français"
    )


@pytest.fixture
def other_organisation(city):
    return RegistryOrganisationFactory(city=city, name="Autre Association", slug="autre-association")


@pytest.fixture
def admin(organisation):
    return organisation_admin(organisation, email="admin@elan.example")


@pytest.fixture
def member(organisation):
    return organisation_member(organisation, email="member@elan.example")


@pytest.fixture
def other_admin(other_organisation):
    return organisation_admin(other_organisation, email="admin@autre.example")


@pytest.fixture
def coordinator(city):
    return coordinator_of(city, email="coordination@paris.example")


@pytest.fixture
def lyon_coordinator(other_city):
    return coordinator_of(other_city, email="coordination@lyon.example")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_user():
    return client_for
