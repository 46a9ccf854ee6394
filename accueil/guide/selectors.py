"""Reads of the rights guide, with texts in the reader's language (French fallback marked)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, QuerySet

from accueil.territories.models import District
from accueil.translations.models import TARGET_LANGUAGES, TranslationStatus
from accueil.translations.registry import translatable_fields
from accueil.translations.selectors import TranslatedText, translated_texts

from .models import Article, RoadMap, RoadMapStage, Status, Step

if TYPE_CHECKING:
    from accueil.territories.models import City


@dataclass
class Shown:
    """A guide record with its translated texts: ``shown.title.text``, ``shown.title.language_shown`` …"""

    obj: Any
    texts: dict[str, TranslatedText]
    children: list[Shown] = field(default_factory=list)
    services: list[Any] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        texts = self.__dict__.get("texts", {})
        if name in texts:
            return texts[name]
        raise AttributeError(name)

    @property
    def has_fallback(self) -> bool:
        return any(t.is_fallback or t.outdated for t in self.texts.values() if t.text)


def _shown(objects: list[Any], fields: list[str], lang: str) -> list[Shown]:
    texts = translated_texts(objects, fields, lang)
    return [Shown(obj, {f: texts[(obj.pk, f)] for f in fields}) for obj in objects]


def published_articles(*, city: City) -> QuerySet[Article]:
    return Article.objects.filter(city=city, published=True).order_by("order", "slug")


def articles_shown(*, city: City, lang: str) -> list[Shown]:
    return _shown(list(published_articles(city=city)), ["title", "summary"], lang)


def article_get(*, city: City, slug: str) -> Article | None:
    return (
        published_articles(city=city)
        .filter(slug=slug)
        .prefetch_related(Prefetch("steps", queryset=Step.objects.order_by("order", "pk")))
        .first()
    )


def article_shown(*, article: Article, lang: str) -> Shown:
    shown = _shown([article], ["title", "summary", "body"], lang)[0]
    shown.children = _shown(list(article.steps.all()), ["title", "body"], lang)
    return shown


def road_maps(*, city: City) -> QuerySet[RoadMap]:
    return RoadMap.objects.filter(city=city).order_by("order", "status")


def road_maps_shown(*, city: City, lang: str) -> list[Shown]:
    return _shown(list(road_maps(city=city)), ["title", "summary"], lang)


def road_map_shown(*, city: City, status: str, lang: str) -> Shown | None:
    road_map = (
        road_maps(city=city)
        .filter(status=status)
        .prefetch_related(
            Prefetch("stages", queryset=RoadMapStage.objects.select_related("article").order_by("order", "pk"))
        )
        .first()
    )
    if road_map is None:
        return None
    shown = _shown([road_map], ["title", "summary"], lang)[0]
    stages = list(road_map.stages.all())
    shown.children = _shown(stages, ["title", "body"], lang)
    articles = [s.article for s in stages if s.article is not None and s.article.published]
    titles = translated_texts(articles, ["title"], lang)
    for child in shown.children:
        article = child.obj.article
        child.services = [titles[(article.pk, "title")]] if article is not None and article.published else []
    return shown


def articles_for_editor(*, city: City) -> QuerySet[Article]:
    """Every article of the city, drafts included, in reading order."""
    return Article.objects.filter(city=city).annotate(step_count=Count("steps")).order_by("order", "slug", "pk")


def article_for_editor(*, city: City, pk: int) -> Article | None:
    return (
        Article.objects.filter(city=city, pk=pk)
        .prefetch_related(Prefetch("steps", queryset=Step.objects.order_by("order", "pk")))
        .first()
    )


def translated_counts(*, articles: list[Article]) -> dict[int, list[tuple[str, int, int]]]:
    """{article pk: [(language, translated fields, fields with French text), …]} — published translations of
    the article's own texts (title, summary, body), one pair of queries per language."""
    fields = list(translatable_fields(Article))
    result: dict[int, list[tuple[str, int, int]]] = {a.pk: [] for a in articles}
    for language, _name in TARGET_LANGUAGES:
        texts = translated_texts(articles, fields, language)
        for article in articles:
            present = [f for f in fields if str(getattr(article, f) or "").strip()]
            done = sum(1 for f in present if texts[(article.pk, f)].status == TranslationStatus.PUBLISHED)
            result[article.pk].append((language, done, len(present)))
    return result


def district_choice(*, city: City, value: Any) -> District | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return District.objects.filter(city=city, number=number).first()


def status_label(status: str) -> str:
    return str(dict(Status.choices).get(status, status))


def road_maps_for_editor(*, city: City) -> QuerySet[RoadMap]:
    """Every road map of the city with its number of stages, in reading order."""
    return road_maps(city=city).annotate(stage_count=Count("stages")).order_by("order", "status", "pk")


def road_map_for_editor(*, city: City, pk: int) -> RoadMap | None:
    return (
        RoadMap.objects.filter(city=city, pk=pk)
        .prefetch_related(Prefetch("stages", queryset=RoadMapStage.objects.order_by("order", "pk")))
        .first()
    )


def statuses_without_road_map(*, city: City) -> list[tuple[str, str]]:
    """The situations (value, label) for which the city has no road map yet, in the order of the choices."""
    taken = set(RoadMap.objects.filter(city=city).values_list("status", flat=True))
    return [(value, str(label)) for value, label in Status.choices if value not in taken]


def articles_to_link(*, city: City) -> list[tuple[int, str, bool]]:
    """(pk, French title, published) of every article of the city a road map stage may point to, drafts included."""
    return list(
        Article.objects.filter(city=city).order_by("order", "slug", "pk").values_list("pk", "title", "published")
    )
