"""factory_boy factories for the reception plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from accueil.plan.models import (
    Commitment,
    Cornerstone,
    Indicator,
    IndicatorValue,
    Measure,
    MeasurePartner,
    Plan,
    Review,
)
from accueil.testing.content_translations import TranslatedFactory
from accueil.testing.factories import CityFactory


class PlanFactory(TranslatedFactory):
    class Meta:
        model = Plan

    city = factory.SubFactory(CityFactory)
    title = factory.Sequence(lambda n: f"Plan d'accueil {n}")
    title_en = factory.Sequence(lambda n: f"Reception plan {n}")
    adopted_on = dt.date(2015, 9, 29)


class CornerstoneFactory(TranslatedFactory):
    class Meta:
        model = Cornerstone

    plan = factory.SubFactory(PlanFactory)
    city = factory.SelfAttribute("plan.city")
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Axe {n}")
    title_en = factory.Sequence(lambda n: f"Cornerstone {n}")


class CommitmentFactory(TranslatedFactory):
    class Meta:
        model = Commitment

    cornerstone = factory.SubFactory(CornerstoneFactory)
    plan = factory.SelfAttribute("cornerstone.plan")
    city = factory.SelfAttribute("cornerstone.city")
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Engagement {n}")
    title_en = factory.Sequence(lambda n: f"Commitment {n}")


class MeasureFactory(TranslatedFactory):
    class Meta:
        model = Measure

    commitment = factory.SubFactory(CommitmentFactory)
    city = factory.SelfAttribute("commitment.city")
    title = factory.Sequence(lambda n: f"Mesure {n}")
    title_en = factory.Sequence(lambda n: f"Measure {n}")
    status = "in_progress"


class MeasurePartnerFactory(DjangoModelFactory):
    class Meta:
        model = MeasurePartner

    measure = factory.SubFactory(MeasureFactory)
    commitment = factory.SelfAttribute("measure.commitment")
    city = factory.SelfAttribute("measure.city")
    name = factory.Sequence(lambda n: f"Partner {n}")


class IndicatorFactory(TranslatedFactory):
    class Meta:
        model = Indicator

    measure = factory.SubFactory(MeasureFactory)
    commitment = None
    city = factory.LazyAttribute(lambda o: (o.measure or o.commitment).city)
    name = factory.Sequence(lambda n: f"Indicateur {n}")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "people"
    baseline = Decimal(0)
    target = Decimal(100)


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    city = factory.SelfAttribute("indicator.city")
    date = dt.date(2016, 1, 1)
    value = Decimal(50)


class ReviewFactory(DjangoModelFactory):
    class Meta:
        model = Review

    plan = factory.SubFactory(PlanFactory)
    city = factory.SelfAttribute("plan.city")
    held_on = dt.date(2016, 4, 15)
    title = factory.Sequence(lambda n: f"Review {n}")
