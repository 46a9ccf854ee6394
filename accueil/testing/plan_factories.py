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
from accueil.testing.factories import CityFactory


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    city = factory.SubFactory(CityFactory)
    title_fr = factory.Sequence(lambda n: f"Plan d'accueil {n}")
    title_en = factory.Sequence(lambda n: f"Reception plan {n}")
    adopted_on = dt.date(2015, 9, 29)


class CornerstoneFactory(DjangoModelFactory):
    class Meta:
        model = Cornerstone

    plan = factory.SubFactory(PlanFactory)
    city = factory.SelfAttribute("plan.city")
    number = factory.Sequence(lambda n: n + 1)
    title_fr = factory.Sequence(lambda n: f"Axe {n}")
    title_en = factory.Sequence(lambda n: f"Cornerstone {n}")


class CommitmentFactory(DjangoModelFactory):
    class Meta:
        model = Commitment

    cornerstone = factory.SubFactory(CornerstoneFactory)
    plan = factory.SelfAttribute("cornerstone.plan")
    city = factory.SelfAttribute("cornerstone.city")
    number = factory.Sequence(lambda n: n + 1)
    title_fr = factory.Sequence(lambda n: f"Engagement {n}")
    title_en = factory.Sequence(lambda n: f"Commitment {n}")


class MeasureFactory(DjangoModelFactory):
    class Meta:
        model = Measure

    commitment = factory.SubFactory(CommitmentFactory)
    city = factory.SelfAttribute("commitment.city")
    title_fr = factory.Sequence(lambda n: f"Mesure {n}")
    title_en = factory.Sequence(lambda n: f"Measure {n}")
    status = "in_progress"


class MeasurePartnerFactory(DjangoModelFactory):
    class Meta:
        model = MeasurePartner

    measure = factory.SubFactory(MeasureFactory)
    commitment = factory.SelfAttribute("measure.commitment")
    city = factory.SelfAttribute("measure.city")
    name = factory.Sequence(lambda n: f"Partner {n}")


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    measure = factory.SubFactory(MeasureFactory)
    commitment = None
    city = factory.LazyAttribute(lambda o: (o.measure or o.commitment).city)
    name_fr = factory.Sequence(lambda n: f"Indicateur {n}")
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
