"""factory_boy factories for the donations module."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accueil.donations.models import (
    CollectionPoint,
    Item,
    ItemCategory,
    Need,
    OpeningHours,
    Stock,
    Vehicle,
)
from accueil.testing.content_translations import TranslatedFactory
from accueil.testing.factories import CityFactory, DistrictFactory, OrganisationFactory


class ItemCategoryFactory(TranslatedFactory):
    class Meta:
        model = ItemCategory

    city = factory.SubFactory(CityFactory)
    code = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Catégorie {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


class ItemFactory(TranslatedFactory):
    class Meta:
        model = Item

    city = factory.SubFactory(CityFactory)
    category = factory.SubFactory(ItemCategoryFactory, city=factory.SelfAttribute("..city"))
    code = factory.Sequence(lambda n: f"item-{n}")
    name = factory.Sequence(lambda n: f"Article {n}")
    name_en = factory.Sequence(lambda n: f"Item {n}")


class CollectionPointFactory(DjangoModelFactory):
    class Meta:
        model = CollectionPoint
        skip_postgeneration_save = True

    city = factory.SubFactory(CityFactory)
    district = factory.LazyAttribute(
        lambda o: o.city.districts.order_by("number").first() or DistrictFactory(city=o.city)
    )
    slug = factory.Sequence(lambda n: f"point-{n}")
    name = factory.Sequence(lambda n: f"Point {n}")
    address = "1 rue de Rivoli"
    managed_by = factory.SubFactory(OrganisationFactory, city=factory.SelfAttribute("..city"))

    @factory.post_generation
    def every_day(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        """Open every day 00:00–23:59 unless every_day=False, so slots always exist in tests."""
        if create and extracted is not False:
            for weekday in range(7):
                OpeningHours.objects.create(point=self, weekday=weekday, opens=dt.time(0, 0), closes=dt.time(23, 59))


class StockFactory(DjangoModelFactory):
    class Meta:
        model = Stock

    point = factory.SubFactory(CollectionPointFactory)
    city = factory.SelfAttribute("point.city")
    item = factory.SubFactory(ItemFactory, city=factory.SelfAttribute("..point.city"))
    size = ""
    quantity = 10
    last_received_at = factory.LazyFunction(timezone.now)


class NeedFactory(DjangoModelFactory):
    class Meta:
        model = Need

    city = factory.SubFactory(CityFactory)
    site = factory.SubFactory(OrganisationFactory, city=factory.SelfAttribute("..city"))
    district = factory.LazyAttribute(lambda o: o.city.districts.order_by("number").first())
    item = factory.SubFactory(ItemFactory, city=factory.SelfAttribute("..city"))
    quantity = 10
    urgency = "normal"
    needed_by = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))


class VehicleFactory(DjangoModelFactory):
    class Meta:
        model = Vehicle

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"Utilib {n}")
    capacity_units = 50
    electric = True
