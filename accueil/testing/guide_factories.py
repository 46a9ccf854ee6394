"""factory_boy factories of the rights guide."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from accueil.guide.models import Article, RoadMap, RoadMapStage, Step
from accueil.testing.factories import CityFactory


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = Article

    city = factory.SubFactory(CityFactory)
    slug = factory.Sequence(lambda n: f"article-{n}")
    category_code = "health"
    title = factory.Sequence(lambda n: f"Se soigner {n}")
    summary = "Comment accéder aux soins."
    body = "Vous avez droit à des soins."
    statuses = factory.LazyFunction(lambda: ["asylum_seeker"])
    published = True


class StepFactory(DjangoModelFactory):
    class Meta:
        model = Step

    article = factory.SubFactory(ArticleFactory)
    city = factory.SelfAttribute("article.city")
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Étape {n}")
    body = "Allez au centre de santé."
    service_category_code = "health"


class RoadMapFactory(DjangoModelFactory):
    class Meta:
        model = RoadMap

    city = factory.SubFactory(CityFactory)
    status = "asylum_seeker"
    title = "Demandeur d'asile"


class RoadMapStageFactory(DjangoModelFactory):
    class Meta:
        model = RoadMapStage

    road_map = factory.SubFactory(RoadMapFactory)
    city = factory.SelfAttribute("road_map.city")
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Étape {n}")
