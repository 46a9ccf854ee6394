from __future__ import annotations

import datetime as dt
import itertools

import pytest

from accueil.learning import services
from accueil.learning.models import CourseKind, Level
from accueil.territories.models import District
from accueil.testing.factories import OrganisationFactory, UserFactory
from accueil.testing.organisations_factories import coordinator_of, organisation_member

_seq = itertools.count(1)


@pytest.fixture
def districts(city):
    """Three districts 0, ~2.2 and ~4.4 km apart on a line, so that distance rules can be checked."""
    rows = list(District.objects.filter(city=city).order_by("number"))
    for i, district in enumerate(rows):
        district.latitude = f"{48.85 + 0.02 * i:.5f}"
        district.longitude = "2.35000"
        district.save()
    return rows


@pytest.fixture
def association(city):
    return OrganisationFactory(city=city, name="Langues Partagées", slug="langues-partagees")


@pytest.fixture
def other_association(city):
    return OrganisationFactory(city=city, name="Autre Rive", slug="autre-rive")


@pytest.fixture
def partner(association):
    return organisation_member(association, email="teacher@example.org")


@pytest.fixture
def other_partner(other_association):
    return organisation_member(other_association, email="other@example.org")


@pytest.fixture
def coordinator(city):
    return coordinator_of(city, email="coordinator@example.org")


@pytest.fixture
def make_course(association, partner, districts):
    def make(**overrides):
        today = dt.date.today()
        fields = {
            "organisation": association,
            "acting_user": partner,
            "title": f"Français A1 n°{next(_seq)}",
            "kind": CourseKind.FRENCH,
            "level_required": Level.A0,
            "level_reached": Level.A1,
            "days": 1 | 4,
            "starts_at": dt.time(9, 30),
            "ends_at": dt.time(11, 30),
            "start_date": today,
            "end_date": today + dt.timedelta(days=90),
            "address": "12 rue de la Goutte d'Or",
            "district": districts[0],
            "places": 10,
        }
        fields.update(overrides)
        return services.course_create(**fields)

    return make


@pytest.fixture
def make_learner(city):
    def make(level=Level.A0, user=None):
        user = user or UserFactory()
        learner = services.learner_for_user(user=user, city=city)
        services.learner_declare(learner=learner, acting_user=user, level=level)
        return learner, user

    return make


@pytest.fixture
def apply(districts):
    def submit(learner, user, **overrides):
        fields = {"kind": CourseKind.FRENCH, "district": districts[0], "max_km": 5}
        fields.update(overrides)
        return services.application_submit(learner=learner, acting_user=user, **fields)

    return submit
