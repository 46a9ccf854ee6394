"""factory_boy factories for the volunteering app."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accueil.testing.factories import CityFactory, OrganisationFactory, UserFactory
from accueil.volunteering.models import (
    Mission,
    MissionCategory,
    MissionStatus,
    QualificationType,
    Shift,
    Signup,
    SignupStatus,
    VolunteerProfile,
)


class VolunteerProfileFactory(DjangoModelFactory):
    class Meta:
        model = VolunteerProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    city = factory.SubFactory(CityFactory)
    birth_year = 1990
    hours_per_month = 8


class QualificationTypeFactory(DjangoModelFactory):
    class Meta:
        model = QualificationType
        django_get_or_create = ("city", "code")

    city = factory.SubFactory(CityFactory)
    code = factory.Sequence(lambda n: f"qualification-{n}")
    name = factory.Sequence(lambda n: f"Qualification {n}")
    validity_days = 365


class MissionFactory(DjangoModelFactory):
    class Meta:
        model = Mission

    city = factory.SubFactory(CityFactory)
    organisation = factory.SubFactory(OrganisationFactory, city=factory.SelfAttribute("..city"))
    title = factory.Sequence(lambda n: f"Mission {n}")
    description = "Help welcome newcomers."
    category = MissionCategory.FRENCH_TEACHING
    status = MissionStatus.PUBLISHED


class ShiftFactory(DjangoModelFactory):
    class Meta:
        model = Shift

    mission = factory.SubFactory(MissionFactory)
    city = factory.LazyAttribute(lambda o: o.mission.city)
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + dt.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    capacity = 5


class SignupFactory(DjangoModelFactory):
    """Creates a row directly (no capacity bookkeeping): use services in tests of behaviour."""

    class Meta:
        model = Signup

    shift = factory.SubFactory(ShiftFactory)
    city = factory.LazyAttribute(lambda o: o.shift.city)
    volunteer = factory.SubFactory(UserFactory)
    status = SignupStatus.ACCEPTED
    starts_at = factory.LazyAttribute(lambda o: o.shift.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.shift.ends_at)
