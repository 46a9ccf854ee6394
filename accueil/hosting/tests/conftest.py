from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accueil.hosting import services
from accueil.hosting.models import VerificationDecision
from accueil.languages.models import Language
from accueil.shelters.tests.conftest import (  # noqa: F401 — shared fixtures
    coordinator,
    departement,
    make_request,
    make_unit,
    operator,
    operator_org,
    other_operator,
    other_operator_org,
    other_partner,
    other_partner_org,
    partner,
    partner_org,
    postgres_only,
    site,
    unverified_org,
)
from accueil.testing.factories import OrganisationFactory, UserFactory
from accueil.testing.organisations_factories import organisation_member


@pytest.fixture
def association(city):
    return OrganisationFactory(city=city, name="SINGA", slug="singa")


@pytest.fixture
def social_worker(association):
    return organisation_member(association, email="worker@example.org")


@pytest.fixture
def other_association(city):
    return OrganisationFactory(city=city, name="Autre asso", slug="autre-asso")


@pytest.fixture
def outsider(other_association):
    return organisation_member(other_association, email="outsider@example.org")


@pytest.fixture
def host(db):
    return UserFactory(email="host@example.org")


@pytest.fixture
def arabic(db):
    return Language.objects.get_or_create(
        code="ar", defaults={"name_en": "Arabic", "native_name": "العربية", "rtl": True}
    )[0]


@pytest.fixture
def make_offer(city, host, association):
    def make(*, user=None, verify_by=None, **kw):
        fields = {
            "acting_user": user or host,
            "city": city,
            "verifier": association,
            "district": city.districts.first(),
            "address": "3 rue de la Paix",
            "available_from": timezone.localdate(),
            "beds": 2,
            "resident_men": 1,
            "resident_women": 1,
        }
        fields.update(kw)
        offer = services.offer_create(**fields)
        if verify_by is not None:
            services.verification_record(
                offer=offer,
                acting_user=verify_by,
                identity_seen=True,
                visit_on=timezone.localdate(),
                reference_checked=True,
                decision=VerificationDecision.VERIFIED,
            )
            offer.refresh_from_db()
        return offer

    return make


@pytest.fixture
def make_household(association, social_worker):
    def make(**kw):
        fields = {"organisation": association, "acting_user": social_worker, "composition": "man_alone"}
        fields.update(kw)
        return services.household_create(**fields)

    return make


@pytest.fixture
def running_stay(make_offer, make_household, social_worker, host, city):
    offer = make_offer(verify_by=social_worker)
    household = make_household()
    [proposal] = services.matching_run(city=city, acting_user=social_worker, organisation=household.organisation)
    services.proposal_answer(proposal=proposal, acting_user=host, accept=True, side="host")
    services.proposal_answer(proposal=proposal, acting_user=social_worker, accept=True, side="household")
    return offer.stays.get()


YESTERDAY = dt.timedelta(days=1)
