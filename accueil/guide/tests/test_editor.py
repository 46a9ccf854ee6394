"""The coordinators' editor of the rights guide: articles and their steps, all or nothing, translations told."""

from __future__ import annotations

import html

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext

from accueil.accounts.models import Role
from accueil.audit.models import AuditEvent
from accueil.guide import services
from accueil.guide.models import Article, Step
from accueil.testing.accounts_factories import user_with_role
from accueil.testing.factories import OrganisationFactory
from accueil.testing.guide_factories import ArticleFactory, StepFactory
from accueil.testing.organisations_factories import coordinator_of, organisation_member
from accueil.translations import services as translation_services
from accueil.translations.models import SourceVersion, Translation, TranslationStatus

pytestmark = pytest.mark.django_db

EXTRA = 3  # empty step forms the page offers


def form_data(article: dict, steps: list[dict], initial: int = 0) -> dict:
    """What the edit page posts: the article's fields, then the step forms (existing ones first)."""
    data = {
        "slug": "",
        "title": "",
        "summary": "",
        "body": "",
        "category_code": "",
        "statuses": [],
        "audiences": [],
        "order": "0",
        **article,
    }
    if not data.get("published"):
        data.pop("published", None)
    if not data.get("mark_reviewed"):
        data.pop("mark_reviewed", None)
    forms = steps + [{}] * EXTRA
    data["steps-TOTAL_FORMS"] = str(len(forms))
    data["steps-INITIAL_FORMS"] = str(initial)
    data["steps-MIN_NUM_FORMS"] = "0"
    data["steps-MAX_NUM_FORMS"] = "1000"
    for index, step in enumerate(forms):
        for key in ("id", "title", "body", "service_category_code", "order"):
            data[f"steps-{index}-{key}"] = str(step.get(key, "") or "")
        if step.get("DELETE"):
            data[f"steps-{index}-DELETE"] = "on"
    return data


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def existing_steps(article: Article) -> list[dict]:
    return [
        {
            "id": s.pk,
            "title": s.title,
            "body": s.body,
            "service_category_code": s.service_category_code,
            "order": s.order,
        }
        for s in article.steps.order_by("order", "pk")
    ]


def article_fields(article: Article, **changes) -> dict:
    fields = {
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "category_code": article.category_code,
        "statuses": list(article.statuses),
        "audiences": list(article.audiences),
        "order": str(article.order),
        "published": "on" if article.published else "",
    }
    fields.update(changes)
    return fields


def snapshot(article: Article) -> tuple:
    article.refresh_from_db()
    steps = tuple(Step.objects.filter(article=article).order_by("pk").values_list("pk", "title", "body", "order"))
    return (article.slug, article.title, article.body, article.published, article.last_reviewed_at, steps)


@pytest.fixture
def coordinator(city):
    return coordinator_of(city, email="coordination@paris.example")


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def article(city):
    article = ArticleFactory(city=city, slug="sante", title="Se soigner", body="Vous avez droit à des soins.")
    StepFactory(article=article, order=1, title="Demander la PUMa", body="À la CPAM.")
    StepFactory(article=article, order=2, title="Trouver un médecin", body="Dans un centre de santé.")
    StepFactory(article=article, order=3, title="Aller à la PASS", body="À l'hôpital.")
    return article


@pytest.mark.smoke
def test_coordinator_creates_an_article_with_steps(signed_in, city, coordinator):
    data = form_data(
        {
            "slug": "ecole",
            "title": "Inscrire son enfant à l'école",
            "summary": "L'école est obligatoire de 3 à 16 ans.",
            "body": "Tous les enfants ont droit à l'école, quels que soient les papiers des parents.",
            "category_code": "school",
            "statuses": ["asylum_seeker", "undocumented"],
            "audiences": ["families"],
            "order": "5",
            "published": "on",
            "mark_reviewed": "on",
        },
        [{"title": "Aller à la mairie d'arrondissement", "service_category_code": "orientation", "order": "1"}],
    )
    response = signed_in.post("/fr/guide/manage/new/", data)
    article = Article.objects.get(city=city, slug="ecole")
    assert response.status_code == 302
    assert response["Location"] == f"/fr/guide/manage/{article.pk}/"
    assert (article.title, article.category_code, article.statuses, article.audiences, article.order) == (
        "Inscrire son enfant à l'école",
        "school",
        ["asylum_seeker", "undocumented"],
        ["families"],
        5,
    )
    assert article.published is True and article.last_reviewed_at is not None
    assert list(article.steps.values_list("title", "body", "service_category_code", "order", "city")) == [
        ("Aller à la mairie d'arrondissement", "", "orientation", 1, city.pk)
    ]
    event = AuditEvent.objects.get(action="guide.article_created")
    assert (event.actor_id, event.target_id, event.data["steps_added"]) == (coordinator.pk, str(article.pk), 1)
    # the French texts are recorded for the translators
    assert (
        SourceVersion.objects.filter(
            content_type=ContentType.objects.get_for_model(Article), object_id=article.pk
        ).count()
        == 3
    )
    page = page_text(signed_in.get(response["Location"]))
    assert "L'article est créé." in page
    assert 'href="/fr/guide/ecole/"' in page


def test_edit_adds_changes_and_deletes_steps(signed_in, article):
    first, second, third = article.steps.order_by("order")
    translation_services.translation_load_published(obj=second, field="title", language="ar", text="العثور على طبيب")
    steps = existing_steps(article)
    steps[0]["title"] = "Demander la PUMa à la CPAM"
    steps[1]["DELETE"] = True
    data = form_data(
        article_fields(article, mark_reviewed="on"),
        [*steps, {"title": "Garder ses ordonnances", "body": "Dans un dossier.", "order": "4"}],
        initial=3,
    )
    response = signed_in.post(f"/fr/guide/manage/{article.pk}/", data)
    assert response.status_code == 302
    rows = list(Step.objects.filter(article=article).order_by("order").values_list("pk", "title", "body", "order"))
    new = Step.objects.get(article=article, title="Garder ses ordonnances")
    assert rows == [
        (first.pk, "Demander la PUMa à la CPAM", "À la CPAM.", 1),
        (third.pk, "Aller à la PASS", "À l'hôpital.", 3),
        (new.pk, "Garder ses ordonnances", "Dans un dossier.", 4),
    ]
    article.refresh_from_db()
    assert article.last_reviewed_at is not None
    # nothing of the deleted step is left in the translation workflow
    step_type = ContentType.objects.get_for_model(Step)
    assert not Translation.objects.filter(content_type=step_type, object_id=second.pk).exists()
    assert not SourceVersion.objects.filter(content_type=step_type, object_id=second.pk).exists()
    event = AuditEvent.objects.get(action="guide.article_edited")
    assert (event.data["steps_added"], event.data["steps_changed"], event.data["steps_deleted"]) == (1, 1, 1)
    # the public page shows the new steps, in Arabic too
    assert signed_in.get("/ar/guide/sante/").status_code == 200
    shown = signed_in.get("/fr/guide/sante/").content.decode()
    assert "Garder ses ordonnances" in shown and "Trouver un médecin" not in shown


def test_duplicate_slug_is_refused_with_a_message(signed_in, city, article):
    before = (Article.objects.count(), Step.objects.count(), AuditEvent.objects.count())
    data = form_data({"slug": "sante", "title": "Un autre article", "body": "Texte."}, [{"title": "Une étape"}])
    response = signed_in.post("/fr/guide/manage/new/", data)
    assert response.status_code == 200
    assert "Un autre article du guide a déjà cette adresse : choisissez-en une autre." in page_text(response)
    assert (Article.objects.count(), Step.objects.count(), AuditEvent.objects.count()) == before
    # the addresses of the guide's own pages are taken too
    response = signed_in.post("/en/guide/manage/new/", {**data, "slug": "manage"})
    assert response.status_code == 200
    assert "This address is used by the guide's own pages: choose another one." in page_text(response)
    assert (Article.objects.count(), Step.objects.count(), AuditEvent.objects.count()) == before


def test_an_invalid_step_refuses_the_whole_save(signed_in, article):
    before = snapshot(article)
    steps = existing_steps(article)
    steps[2]["title"] = ""  # a step without its title
    data = form_data(article_fields(article, title="Titre qui ne doit pas passer"), steps, initial=3)
    response = signed_in.post(f"/fr/guide/manage/{article.pk}/", data)
    assert response.status_code == 200
    assert "field-invalid" in response.content.decode()
    assert snapshot(article) == before


def test_service_rolls_back_the_article_when_a_step_fails(city, coordinator, article):
    before = snapshot(article)
    first = article.steps.order_by("order").first()
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        services.article_edit(
            acting_user=coordinator,
            city=city,
            article=article,
            title="Titre modifié",
            steps=[
                services.StepInput(id=first.pk, title="Première étape modifiée"),
                services.StepInput(id=None, title="x" * 201),
            ],
        )
    assert caught.value.messages[0].startswith("Step 2:")
    assert snapshot(article) == before
    assert not AuditEvent.objects.filter(action="guide.article_edited").exists()


def test_a_step_of_another_article_is_refused(signed_in, city, article):
    stranger = StepFactory(article=ArticleFactory(city=city, slug="logement"), title="Étape d'ailleurs")
    before = snapshot(article)
    steps = [*existing_steps(article), {"id": stranger.pk, "title": "Volée", "DELETE": True}]
    response = signed_in.post(
        f"/fr/guide/manage/{article.pk}/", form_data(article_fields(article, title="Autre"), steps, initial=3)
    )
    assert response.status_code == 200
    assert "Étape 4 : cette étape ne fait pas partie de l'article." in page_text(response)
    assert snapshot(article) == before
    assert Step.objects.filter(pk=stranger.pk, title="Étape d'ailleurs").exists()


def test_changed_french_title_outdates_the_arabic_translation(signed_in, article):
    translation_services.translation_load_published(obj=article, field="title", language="ar", text="العلاج")
    translation_services.translation_load_published(obj=article, field="body", language="ar", text="لك الحق في العلاج.")
    data = form_data(article_fields(article, title="Se soigner à Paris"), existing_steps(article), initial=3)
    assert signed_in.post(f"/fr/guide/manage/{article.pk}/", data).status_code == 302
    statuses = dict(Translation.objects.filter(object_id=article.pk, language="ar").values_list("field", "status"))
    assert statuses == {"title": TranslationStatus.OUTDATED, "body": TranslationStatus.PUBLISHED}
    # readers of Arabic still see the older text, marked as to be updated
    shown = signed_in.get("/ar/guide/").content.decode()
    with translation.override("ar"):
        badge = gettext("translation to update")
    assert badge != "translation to update"
    assert "العلاج" in shown and badge in shown


@pytest.mark.smoke
@pytest.mark.parametrize("who", ["volunteer", "member", "other_coordinator", "translator"])
def test_others_are_refused_and_nothing_changes(client, city, other_city, article, who):
    person = {
        "volunteer": lambda: user_with_role(city=city, role=Role.VOLUNTEER),
        "member": lambda: organisation_member(OrganisationFactory(city=city)),
        "other_coordinator": lambda: coordinator_of(other_city),
        "translator": lambda: user_with_role(city=city, role=Role.TRANSLATOR),
    }[who]()
    client.force_login(person)
    before = (
        snapshot(article),
        Article.objects.count(),
        AuditEvent.objects.filter(action__startswith="guide.").count(),
    )
    assert client.get("/fr/guide/manage/").status_code == 403
    assert client.get(f"/fr/guide/manage/{article.pk}/").status_code == 403
    assert client.get("/fr/guide/manage/new/").status_code == 403
    data = form_data(article_fields(article, title="Piraté"), existing_steps(article), initial=3)
    assert client.post(f"/fr/guide/manage/{article.pk}/", data).status_code == 403
    assert client.post("/fr/guide/manage/new/", {**data, "slug": "nouveau"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.article_edit(acting_user=person, city=city, article=article, title="Piraté")
    after = (snapshot(article), Article.objects.count(), AuditEvent.objects.filter(action__startswith="guide.").count())
    assert after == before
    assert "/fr/guide/manage/" not in client.get("/fr/guide/").content.decode()


def test_anonymous_visitor_is_sent_to_sign_in(client, article):
    before = snapshot(article)
    response = client.post(f"/fr/guide/manage/{article.pk}/", form_data(article_fields(article, title="X"), []))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert snapshot(article) == before


def test_article_of_another_city_is_not_found(signed_in, other_city):
    elsewhere = ArticleFactory(city=other_city, slug="ailleurs", title="Ailleurs")
    assert signed_in.get(f"/fr/guide/manage/{elsewhere.pk}/").status_code == 404
    data = form_data(article_fields(elsewhere, title="Changé"), [])
    assert signed_in.post(f"/fr/guide/manage/{elsewhere.pk}/", data).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.title == "Ailleurs"


def test_drafts_are_listed_for_editors_but_hidden_from_the_public(signed_in, client, city, article):
    data = form_data(
        {"slug": "brouillon", "title": "Article en préparation", "body": "Bientôt.", "category_code": "health"}, []
    )
    assert signed_in.post("/fr/guide/manage/new/", data).status_code == 302
    draft = Article.objects.get(city=city, slug="brouillon")
    assert draft.published is False
    manage = signed_in.get("/fr/guide/manage/").content.decode()
    assert "Article en préparation" in manage and "Brouillon" in manage and "Publié" in manage
    assert f'href="/fr/guide/manage/{draft.pk}/"' in manage and 'href="/fr/guide/manage/new/"' in manage
    index = signed_in.get("/fr/guide/").content.decode()
    assert 'href="/fr/guide/manage/"' in index
    assert "Article en préparation" not in index and "Se soigner" in index
    assert signed_in.get("/fr/guide/brouillon/").status_code == 404
    # published from the editor: now the public sees it
    data = form_data(article_fields(draft, published="on"), [])
    assert signed_in.post(f"/fr/guide/manage/{draft.pk}/", data).status_code == 302
    assert signed_in.get("/fr/guide/brouillon/").status_code == 200
    assert "Article en préparation" in signed_in.get("/fr/guide/").content.decode()


def test_manage_counts_translated_fields(signed_in, article):
    translation_services.translation_load_published(obj=article, field="title", language="ar", text="العلاج")
    shown = signed_in.get("/en/guide/manage/").content.decode()
    # title, summary and body have French text; one of them is in Arabic
    assert ">ar</abbr> 1 of 3" in shown
    assert ">ti</abbr> 0 of 3" in shown


def test_manage_queries_do_not_grow_with_articles(signed_in, city, django_assert_max_num_queries):
    for _ in range(15):
        StepFactory(article=ArticleFactory(city=city))
    with django_assert_max_num_queries(30):
        assert signed_in.get("/fr/guide/manage/").status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_edits_an_article_in_arabic(page, live_server, city):
    from django.conf import settings
    from django.test import Client

    from accueil.testing.browser import axe_violations

    article = ArticleFactory(city=city, slug="sante", title="Se soigner", body="Vous avez droit à des soins.")
    StepFactory(article=article, order=1, title="Demander la PUMa")
    client = Client()
    client.force_login(coordinator_of(city))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])

    page.goto(f"{live_server.url}/ar/guide/manage/{article.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    page.fill("#id_title", "Se soigner à Paris")
    page.fill("#id_steps-1-title", "Garder ses ordonnances")
    page.locator("form.guide-edit-form button[type=submit]").click()
    assert page.url.endswith(f"/ar/guide/manage/{article.pk}/")
    assert page.locator(".messages").count() == 1
    assert axe_violations(page) == []
    article.refresh_from_db()
    assert article.title == "Se soigner à Paris"
    assert list(article.steps.order_by("order").values_list("title", "order")) == [
        ("Demander la PUMa", 1),
        ("Garder ses ordonnances", 2),
    ]
    page.goto(f"{live_server.url}/ar/guide/manage/")
    assert axe_violations(page) == []


@pytest.mark.parametrize("lang", ["fr", "en", "ar", "fa", "ps", "ti", "am"])
def test_editor_pages_answer_in_every_language_within_the_page_budget(signed_in, city, article, lang):
    from accueil.testing.guide_factories import RoadMapFactory, RoadMapStageFactory
    from accueil.testing.pageweight import assert_page_weight

    road_map = RoadMapFactory(city=city, status="asylum_seeker", title="Je demande l'asile")
    RoadMapStageFactory(road_map=road_map, city=city, order=1, title="Se présenter à la SPADA")
    for path in (
        f"/{lang}/guide/manage/",
        f"/{lang}/guide/manage/{article.pk}/",
        f"/{lang}/guide/manage/new/",
        f"/{lang}/guide/manage/road-maps/{road_map.pk}/",
    ):
        response = signed_in.get(path)
        assert response.status_code == 200, path
        direction = "rtl" if lang in ("ar", "fa", "ps") else "ltr"
        assert f'<html lang="{lang}" dir="{direction}">' in response.content.decode(), path
        assert_page_weight(signed_in, path)
