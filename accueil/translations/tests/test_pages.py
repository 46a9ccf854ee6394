"""Translation workflow pages, backlog ranking and coverage figures."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from accueil.testing.factories import RoleAssignmentFactory, UserFactory
from accueil.testing.guide_factories import ArticleFactory
from accueil.testing.organisations_factories import coordinator_of
from accueil.testing.translations_factories import translator
from accueil.translations import selectors, services
from accueil.translations.models import Translation, TranslationStatus, TranslatorLanguage

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(city):
    article = ArticleFactory(city=city, title="Se soigner", summary="", body="Texte.")
    services.source_changed_all(article)
    return article


def _propose_url(obj, field, language):
    return f"/fr/translations/propose/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/{field}/{language}/"


@pytest.mark.smoke
def test_backlog_page_lists_missing_texts(client, city, article):
    client.force_login(translator(city=city))
    response = client.get("/fr/translations/?language=ar")
    assert response.status_code == 200
    assert _propose_url(article, "title", "ar") in response.content.decode()


def test_backlog_refused_to_non_translator(client, city):
    user = UserFactory()
    RoleAssignmentFactory(user=user, city=city, role="volunteer")
    client.force_login(user)
    assert client.get("/fr/translations/").status_code == 403


def test_propose_through_the_form(client, city, article):
    user = translator(city=city)
    client.force_login(user)
    url = _propose_url(article, "title", "ar")
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "العلاج"})
    assert response.status_code == 302
    proposal = Translation.objects.get()
    assert (proposal.text, proposal.status, proposal.translator) == ("العلاج", "proposed", user)


def test_empty_proposal_shows_error_and_writes_nothing(client, city, article):
    client.force_login(translator(city=city))
    response = client.post(_propose_url(article, "title", "ar"), {"text": "   "})
    assert response.status_code == 200
    assert Translation.objects.count() == 0


def test_other_city_object_is_not_found(client, city, other_city):
    foreign = ArticleFactory(city=other_city)
    client.force_login(translator(city=city))
    assert client.post(_propose_url(foreign, "title", "ar"), {"text": "x"}).status_code == 404
    assert Translation.objects.count() == 0


def test_unregistered_field_is_not_found(client, city, article):
    client.force_login(translator(city=city))
    assert client.post(_propose_url(article, "slug", "ar"), {"text": "x"}).status_code == 404
    assert Translation.objects.count() == 0


def test_review_publish_and_refusal(client, city, article):
    proposer = translator(city=city)
    proposal = services.translation_propose(acting_user=proposer, obj=article, field="title", language="ar", text="x")
    client.force_login(proposer)
    assert client.post(f"/fr/translations/review/{proposal.pk}/", {"action": "publish"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == TranslationStatus.PROPOSED
    expert = translator(city=city, reviewer_for=["ar"])
    client.force_login(expert)
    page = client.get("/fr/translations/review/")
    assert page.status_code == 200 and f"/fr/translations/review/{proposal.pk}/" in page.content.decode()
    assert client.post(f"/fr/translations/review/{proposal.pk}/", {"action": "publish"}).status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reviewer) == ("published", expert)


def test_reject_without_comment_through_page_keeps_proposal(client, city, article):
    proposer = translator(city=city)
    proposal = services.translation_propose(acting_user=proposer, obj=article, field="title", language="ar", text="x")
    client.force_login(translator(city=city, reviewer_for=["ar"]))
    client.post(f"/fr/translations/review/{proposal.pk}/", {"action": "reject", "comment": ""})
    proposal.refresh_from_db()
    assert proposal.status == TranslationStatus.PROPOSED


def test_coordinator_manages_translators_and_translator_cannot(client, city):
    person = translator(city=city, languages=[])
    coordinator = coordinator_of(city)
    client.force_login(person)
    data = {"email": person.email, "language": "ti", "is_reviewer": "on"}
    assert client.post("/fr/translations/translators/", data).status_code == 403
    assert TranslatorLanguage.objects.count() == 0
    client.force_login(coordinator)
    assert client.post("/fr/translations/translators/", data).status_code == 302
    entry = TranslatorLanguage.objects.get()
    assert (entry.user, entry.language, entry.is_reviewer, entry.granted_by) == (person, "ti", True, coordinator)


def test_backlog_ranks_by_readers_and_missing_fields(city):
    quiet = ArticleFactory(city=city, title="Peu lu", summary="", body="Texte.")
    read = ArticleFactory(city=city, title="Très lu", summary="", body="Texte.")
    for _ in range(5):
        services.page_view_record(obj=read, language="ar")
    services.page_view_record(obj=quiet, language="ar")
    items = selectors.backlog(city=city, languages=["ar"])
    assert [item.obj for item in items][:2] == [read, quiet]
    assert items[0].views == 5
    assert items[0].missing == ["title", "body"]


def test_backlog_ranks_missing_above_outdated(city):
    expert = translator(city=city, reviewer_for=["ar"])
    outdated = ArticleFactory(city=city, title="A", summary="", body="")
    missing = ArticleFactory(city=city, title="B", summary="", body="")
    proposal = services.translation_propose(acting_user=expert, obj=outdated, field="title", language="ar", text="x")
    services.translation_publish(acting_user=expert, translation=proposal)
    outdated.title = "A2"
    outdated.save()
    services.source_changed(outdated, "title")
    for obj in (outdated, missing):
        services.page_view_record(obj=obj, language="ar")
    items = selectors.backlog(city=city, languages=["ar"])
    assert [(i.obj, i.missing, i.outdated) for i in items] == [(missing, ["title"], []), (outdated, [], ["title"])]


def test_backlog_favours_languages_of_the_public(city):
    article = ArticleFactory(city=city, title="A", summary="", body="")
    other = ArticleFactory(city=city, title="B", summary="", body="")
    for _ in range(3):
        services.page_view_record(obj=other, language="ti")
    items = selectors.backlog(city=city, languages=["ti", "am"])
    assert (items[0].obj, items[0].language) == (other, "ti")
    assert {(i.obj.pk, i.language) for i in items[1:2]} == {(article.pk, "ti")}


def test_page_view_counter_increments(city, article):
    for _ in range(3):
        services.page_view_record(obj=article, language="ti")
    assert selectors.language_demand(city=city) == {"ti": 3}


def test_coverage_counts_and_percentages(client, city):
    expert = translator(city=city, reviewer_for=["ar"])
    first = ArticleFactory(city=city, title="A", summary="", body="Texte 1")
    ArticleFactory(city=city, title="B", summary="", body="Texte 2")
    for field in ("title", "body"):
        proposal = services.translation_propose(acting_user=expert, obj=first, field=field, language="ar", text="x")
        services.translation_publish(acting_user=expert, translation=proposal)
    first.body = "Texte 1 modifié"
    first.save()
    services.source_changed(first, "body")
    row = next(r for r in selectors.coverage(city=city) if r.content_type.model == "article" and r.language == "ar")
    assert (row.total, row.published, row.outdated, row.missing, row.percent) == (4, 1, 1, 2, 25)
    coordinator = coordinator_of(city)
    client.force_login(coordinator)
    response = client.get("/fr/translations/coverage/")
    assert response.status_code == 200
    assert "25 %" in response.content.decode()
