"""Factories of the directory: places and published services with hours, ready for the public pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accueil.directory.models import Category, OpeningHours, Place, Service, ServiceStatus
from accueil.directory.services import search_index_service
from accueil.testing.factories import OrganisationFactory


class PlaceFactory(DjangoModelFactory):
    class Meta:
        model = Place

    organisation = factory.SubFactory(OrganisationFactory)
    city = factory.SelfAttribute("organisation.city")
    name = factory.Sequence(lambda n: f"Lieu {n}")
    address = factory.Sequence(lambda n: f"{n} rue de l'Exemple")
    postcode = "75001"
    latitude = "48.86000"
    longitude = "2.35000"


class ServiceFactory(DjangoModelFactory):
    """A published, freshly verified service. Pass `categories=["health"]`, `languages=["ar"]`, `hours=[...]`."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    city = factory.SelfAttribute("organisation.city")
    place = factory.SubFactory(
        PlaceFactory, organisation=factory.SelfAttribute("..organisation"), city=factory.SelfAttribute("..city")
    )
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Accueil et orientation."
    status = ServiceStatus.PUBLISHED
    last_verified_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def categories(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.categories.set(Category.objects.filter(code__in=extracted or ["orientation"]))

    @factory.post_generation
    def languages(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.languages.set(extracted)

    @factory.post_generation
    def hours(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            periods = extracted if extracted is not None else [(d, dt.time(9), dt.time(17)) for d in range(5)]
            OpeningHours.objects.bulk_create(
                OpeningHours(city=self.city, service=self, weekday=d, opens_at=o, closes_at=c) for d, o, c in periods
            )

    @factory.post_generation
    def indexed(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted is not False:
            search_index_service(service=self)
