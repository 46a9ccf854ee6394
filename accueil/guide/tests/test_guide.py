"""Public guide pages in French, Arabic and Tigrinya, steps linked to nearby services, demo loader, page weight."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from django.utils.translation import gettext

from accueil.guide import demo
from accueil.guide.models import Article, RoadMap
from accueil.testing.guide_factories import ArticleFactory, StepFactory
from accueil.testing.pageweight import assert_page_weight
from accueil.testing.translations_factories import translator
from accueil.translations import services as translation_services
from accueil.translations.models import PageView, Translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(city):
    demo.load_demo(city=city)
    return city


@pytest.mark.smoke
@pytest.mark.parametrize("lang", ["fr", "en", "ar", "ti", "fa", "ps", "am"])
def test_index_in_every_language(client, guide, lang):
    response = client.get(f"/{lang}/guide/")
    assert response.status_code == 200
    assert "/guide/demande-asile/" in response.content.decode()


def test_arabic_article_shows_translation_and_marks_french_fallback(client, guide):
    html = client.get("/ar/guide/demande-asile/").content.decode()
    assert 'dir="rtl"' in html
    assert "طلب اللجوء خطوة بخطوة" in html
    # the body has no Arabic translation: shown in French, marked as such
    assert 'lang="fr" dir="ltr"' in html
    assert "structure de premier accueil (SPADA)" in html
    with translation.override("ar"):
        notice = gettext("Not yet translated into your language: shown in French.")
    assert notice != "Not yet translated into your language: shown in French."
    assert notice in html


def test_tigrinya_article_and_road_map(client, guide):
    assert "ሕቶ ዑቕባ ብደረጃ" in client.get("/ti/guide/demande-asile/").content.decode()
    html = client.get("/ti/guide/road-map/asylum_seeker/").content.decode()
    assert "ሓታቲ ዑቕባ እየ" in html
    assert html.index("Premier accueil (SPADA)") < html.index("Entretien à l")


def test_english_article_fully_translated(client, guide):
    html = client.get("/en/guide/sante/").content.decode()
    assert "Health care: PUMa, CSS, AME and PASS (demo)" in html
    assert "Get care now" in html
    assert "Not yet translated" not in html
    assert "Translated on" in html


def test_outdated_translation_is_marked(client, guide):
    article = Article.objects.get(city=guide, slug="sante")
    article.body = article.body + " Texte mis à jour."
    article.save()
    translation_services.source_changed(article, "body")
    html = client.get("/en/guide/sante/").content.decode()
    assert "This translation is older than the French text" in html


def test_article_view_counts_readers(client, guide):
    client.get("/ar/guide/sante/")
    client.get("/ar/guide/sante/")
    article = Article.objects.get(city=guide, slug="sante")
    row = PageView.objects.get(content_type=ContentType.objects.get_for_model(Article), object_id=article.pk)
    assert (row.language, row.count) == ("ar", 2)


def test_unknown_article_status_and_other_city(client, guide, other_city):
    ArticleFactory(city=other_city, slug="ailleurs")
    assert client.get("/fr/guide/ailleurs/").status_code == 404
    assert client.get("/fr/guide/road-map/tourist/").status_code == 404
    assert client.get("/fr/guide/?district=abc").status_code == 200


def test_unpublished_article_is_hidden(client, city):
    ArticleFactory(city=city, slug="brouillon", published=False)
    assert client.get("/fr/guide/brouillon/").status_code == 404


@pytest.mark.parametrize("path", ["/fr/guide/", "/ar/guide/demande-asile/", "/ti/guide/road-map/asylum_seeker/"])
def test_page_weight(client, guide, path):
    assert_page_weight(client, path)


def test_demo_is_idempotent(city):
    first = demo.load_demo(city=city)
    counts = (Article.objects.count(), RoadMap.objects.count(), Translation.objects.count())
    second = demo.load_demo(city=city)
    assert counts == (Article.objects.count(), RoadMap.objects.count(), Translation.objects.count())
    assert first == second
    assert Article.objects.filter(is_demo=False).count() == 0
    ar = Translation.objects.filter(language="ar").first()
    assert ar.meta["needs_review"] is True


def test_index_queries_do_not_grow_with_articles(client, city, django_assert_max_num_queries):
    for _ in range(12):
        ArticleFactory(city=city)
    with django_assert_max_num_queries(12):
        assert client.get("/ar/guide/").status_code == 200


def test_steps_link_to_nearest_services(client, city):
    pytest.importorskip("accueil.directory.selectors")
    from accueil.directory.services import categories_sync
    from accueil.territories.models import District
    from accueil.testing.directory_factories import PlaceFactory, ServiceFactory

    categories_sync()
    near, far = District.objects.get(city=city, number=1), District.objects.get(city=city, number=3)
    near.latitude, near.longitude = "48.86000", "2.34000"
    near.save()
    far.latitude, far.longitude = "48.80000", "2.20000"
    far.save()
    far_service = ServiceFactory(
        city=city,
        name="Centre de santé loin",
        categories=["health-doctor"],
        place=PlaceFactory(city=city, district=far, latitude="48.80000", longitude="2.20000"),
    )
    near_service = ServiceFactory(
        city=city,
        name="Centre de santé proche",
        categories=["health-doctor"],
        place=PlaceFactory(city=city, district=near, latitude="48.86000", longitude="2.34000"),
    )
    article = ArticleFactory(city=city, slug="soins")
    StepFactory(article=article, service_category_code="health")
    html = client.get("/fr/guide/soins/?district=1").content.decode()
    assert f"/fr/services/{near_service.pk}/" in html and f"/fr/services/{far_service.pk}/" in html
    assert html.index("Centre de santé proche") < html.index("Centre de santé loin")
    html = client.get("/fr/guide/soins/?district=3").content.decode()
    assert html.index("Centre de santé loin") < html.index("Centre de santé proche")


def test_translator_can_translate_guide_article(city):
    article = ArticleFactory(city=city)
    user = translator(city=city, languages=["ti"], reviewer_for=["ti"])
    proposal = translation_services.translation_propose(
        acting_user=user, obj=article, field="title", language="ti", text="ክንክን"
    )
    translation_services.translation_publish(acting_user=user, translation=proposal)
    from accueil.translations.selectors import translated_text

    assert translated_text(article, "title", "ti").text == "ክንክን"


def test_api_lists_articles_with_freshness(client, guide):
    data = client.get("/api/v1/guide/articles?lang=ar").json()
    first = next(a for a in data if a["slug"] == "demande-asile")
    assert (first["title"]["text"], first["title"]["status"]) == ("طلب اللجوء خطوة بخطوة", "published")
    detail = client.get("/api/v1/guide/articles/demande-asile?lang=ti").json()
    assert detail["body"]["status"] == "missing" and detail["body"]["language_shown"] == "fr"
    assert len(detail["steps"]) == 4
    assert client.get("/api/v1/guide/articles/nope").status_code == 404
    assert client.get("/api/v1/guide/articles?lang=xx").status_code == 422


def test_article_save_outdates_translations_and_refuses_non_coordinators(city):
    from django.core.exceptions import PermissionDenied

    from accueil.guide.services import article_save
    from accueil.testing.organisations_factories import coordinator_of
    from accueil.translations.selectors import translated_text

    demo.load_demo(city=city)
    article = Article.objects.get(city=city, slug="sante")
    volunteer = translator(city=city)
    article.title = "Titre changé par un traducteur"
    with pytest.raises(PermissionDenied):
        article_save(acting_user=volunteer, article=article)
    article.refresh_from_db()
    assert article.title == "Se soigner : PUMa, CSS, AME et PASS (démo)"
    assert translated_text(article, "title", "en").outdated is False
    article.title = "Se soigner à Paris (démo)"
    article_save(acting_user=coordinator_of(city), article=article)
    shown = translated_text(article, "title", "en")
    assert (shown.text, shown.outdated) == ("Health care: PUMa, CSS, AME and PASS (demo)", True)
    assert translated_text(article, "summary", "en").outdated is False
