"""factory_boy factories for events and registrations."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accueil.participation.models import Event, EventKind, EventStatus, Registration, RegistrationStatus
from accueil.testing.factories import CityFactory, OrganisationFactory, UserFactory


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    city = factory.SubFactory(CityFactory)
    organiser = factory.SubFactory(OrganisationFactory, city=factory.SelfAttribute("..city"))
    title = factory.Sequence(lambda n: f"Information session {n}")
    description = "Learn how the reception scheme works."
    kind = EventKind.INFORMATION_SESSION
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    place = "Hôtel de Ville"
    capacity = 10
    status = EventStatus.PUBLISHED


class RegistrationFactory(DjangoModelFactory):
    """Builds a row directly (no counter update): use the services to test capacity."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    city = factory.SelfAttribute("event.city")
    user = factory.SubFactory(UserFactory)
    status = RegistrationStatus.REGISTERED
