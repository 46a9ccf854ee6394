"""The coordinators' editor of the guide's road maps: one per situation, stages all or nothing, translations told."""

from __future__ import annotations

import html

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from accueil.accounts.models import Role
from accueil.audit.models import AuditEvent
from accueil.guide import events, services
from accueil.guide.models import RoadMap, RoadMapStage
from accueil.testing.accounts_factories import user_with_role
from accueil.testing.factories import OrganisationFactory
from accueil.testing.guide_factories import ArticleFactory, RoadMapFactory, RoadMapStageFactory
from accueil.testing.organisations_factories import coordinator_of, organisation_member
from accueil.translations import services as translation_services
from accueil.translations.models import SourceVersion, Translation, TranslationStatus

pytestmark = pytest.mark.django_db

EXTRA = 3  # empty stage forms the page offers


def form_data(road_map: dict, stages: list[dict], initial: int = 0) -> dict:
    """What the edit page posts: the road map's fields, then the stage forms (existing ones first)."""
    data = {"status": "", "title": "", "summary": "", "order": "0", **road_map}
    forms = stages + [{}] * EXTRA
    data["stages-TOTAL_FORMS"] = str(len(forms))
    data["stages-INITIAL_FORMS"] = str(initial)
    data["stages-MIN_NUM_FORMS"] = "0"
    data["stages-MAX_NUM_FORMS"] = "1000"
    for index, stage in enumerate(forms):
        for key in ("id", "title", "body", "article", "order"):
            data[f"stages-{index}-{key}"] = str(stage.get(key, "") or "")
        if stage.get("DELETE"):
            data[f"stages-{index}-DELETE"] = "on"
    return data


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def road_map_fields(road_map: RoadMap, **changes) -> dict:
    fields = {
        "status": road_map.status,
        "title": road_map.title,
        "summary": road_map.summary,
        "order": str(road_map.order),
    }
    fields.update(changes)
    return fields


def existing_stages(road_map: RoadMap) -> list[dict]:
    return [
        {"id": s.pk, "title": s.title, "body": s.body, "article": s.article_id or "", "order": s.order}
        for s in road_map.stages.order_by("order", "pk")
    ]


def snapshot(road_map: RoadMap) -> tuple:
    road_map.refresh_from_db()
    stages = tuple(
        RoadMapStage.objects.filter(road_map=road_map)
        .order_by("pk")
        .values_list("pk", "title", "body", "order", "article_id")
    )
    return (road_map.status, road_map.title, road_map.summary, road_map.order, stages)


def counts() -> tuple:
    return (
        RoadMap.objects.count(),
        RoadMapStage.objects.count(),
        AuditEvent.objects.filter(action__startswith="guide.").count(),
        SourceVersion.objects.count(),
    )


@pytest.fixture
def coordinator(city):
    return coordinator_of(city, email="coordination@paris.example")


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def article(city):
    return ArticleFactory(city=city, slug="demande-asile", title="Demander l'asile", published=True)


@pytest.fixture
def road_map(city, article):
    road_map = RoadMapFactory(city=city, status="asylum_seeker", title="Je demande l'asile", summary="Les étapes.")
    RoadMapStageFactory(road_map=road_map, order=1, title="Se présenter à la SPADA", body="Sur rendez-vous.")
    RoadMapStageFactory(road_map=road_map, order=2, title="Passer au guichet unique", article=article)
    RoadMapStageFactory(road_map=road_map, order=3, title="Envoyer le dossier à l'OFPRA", body="Dans les 21 jours.")
    return road_map


@pytest.mark.smoke
def test_coordinator_creates_a_road_map_with_stages(signed_in, city, coordinator, article):
    draft = ArticleFactory(city=city, slug="hebergement", title="Être hébergé", published=False)
    form = page_text(signed_in.get("/fr/guide/manage/road-maps/new/?status=refugee"))
    assert '<option value="refugee" selected>' in form
    assert "Être hébergé (brouillon)" in form and "Demander l'asile" in form
    data = form_data(
        {"status": "refugee", "title": "J'ai obtenu une protection", "summary": "Et maintenant ?", "order": "2"},
        [
            {"title": "Recevoir la décision", "body": "Par courrier de l'OFPRA.", "order": "1"},
            {"title": "Trouver un logement", "article": draft.pk, "order": "2"},
        ],
    )
    response = signed_in.post("/fr/guide/manage/road-maps/new/", data)
    road_map = RoadMap.objects.get(city=city, status="refugee")
    assert response.status_code == 302
    assert response["Location"] == f"/fr/guide/manage/road-maps/{road_map.pk}/"
    assert (road_map.title, road_map.summary, road_map.order, road_map.is_demo) == (
        "J'ai obtenu une protection",
        "Et maintenant ?",
        2,
        False,
    )
    assert list(road_map.stages.order_by("order").values_list("title", "body", "order", "article_id", "city")) == [
        ("Recevoir la décision", "Par courrier de l'OFPRA.", 1, None, city.pk),
        ("Trouver un logement", "", 2, draft.pk, city.pk),
    ]
    event = AuditEvent.objects.get(action=events.ROAD_MAP_CREATED)
    assert (event.actor_id, event.target_id, event.data) == (
        coordinator.pk,
        str(road_map.pk),
        {"status": "refugee", "stages_added": 2, "stages_changed": 0, "stages_deleted": 0},
    )
    # the French texts (title and summary) are recorded for the translators
    road_map_type = ContentType.objects.get_for_model(RoadMap)
    assert SourceVersion.objects.filter(content_type=road_map_type, object_id=road_map.pk).count() == 2
    page = page_text(signed_in.get(response["Location"]))
    assert "Le parcours est créé." in page
    assert 'href="/fr/guide/road-map/refugee/"' in page
    # the manage page lists it and no longer offers to create one for this situation
    manage = page_text(signed_in.get("/fr/guide/manage/"))
    assert f'href="/fr/guide/manage/road-maps/{road_map.pk}/"' in manage
    assert "road-maps/new/?status=refugee" not in manage and "road-maps/new/?status=undocumented" in manage


def test_edit_adds_changes_and_deletes_stages(signed_in, city, road_map, article):
    first, second, third = road_map.stages.order_by("order")
    translation_services.translation_load_published(obj=third, field="title", language="ar", text="إرسال الملف")
    assert Translation.objects.filter(object_id=third.pk, language="ar").exists()
    stages = existing_stages(road_map)
    stages[0]["title"] = "Se présenter à la SPADA de son arrondissement"
    stages[0]["article"] = article.pk
    stages[2]["DELETE"] = True
    data = form_data(
        road_map_fields(road_map),
        [*stages, {"title": "Passer l'entretien à l'OFPRA", "body": "Avec un interprète.", "order": "4"}],
        initial=3,
    )
    response = signed_in.post(f"/fr/guide/manage/road-maps/{road_map.pk}/", data)
    assert response.status_code == 302
    new = RoadMapStage.objects.get(road_map=road_map, title="Passer l'entretien à l'OFPRA")
    rows = list(
        RoadMapStage.objects.filter(road_map=road_map).order_by("order").values_list("pk", "title", "order", "article")
    )
    assert rows == [
        (first.pk, "Se présenter à la SPADA de son arrondissement", 1, article.pk),
        (second.pk, "Passer au guichet unique", 2, article.pk),
        (new.pk, "Passer l'entretien à l'OFPRA", 4, None),
    ]
    # nothing of the deleted stage is left in the translation workflow
    stage_type = ContentType.objects.get_for_model(RoadMapStage)
    assert not Translation.objects.filter(content_type=stage_type, object_id=third.pk).exists()
    assert not SourceVersion.objects.filter(content_type=stage_type, object_id=third.pk).exists()
    event = AuditEvent.objects.get(action=events.ROAD_MAP_EDITED)
    assert (event.data["stages_added"], event.data["stages_changed"], event.data["stages_deleted"]) == (1, 1, 1)
    # the public page shows the new stage, in Arabic too
    assert signed_in.get("/ar/guide/road-map/asylum_seeker/").status_code == 200
    shown = page_text(signed_in.get("/fr/guide/road-map/asylum_seeker/"))
    assert "Passer l'entretien à l'OFPRA" in shown and "Envoyer le dossier à l'OFPRA" not in shown
    assert shown.count('href="/fr/guide/demande-asile/"') == 2


def test_second_road_map_for_a_situation_is_refused(signed_in, road_map):
    before = counts()
    data = form_data({"status": "asylum_seeker", "title": "Une autre"}, [{"title": "Une étape"}])
    response = signed_in.post("/fr/guide/manage/road-maps/new/", data)
    assert response.status_code == 200
    assert "Cette situation a déjà son parcours : modifiez plutôt celui-ci." in page_text(response)
    assert counts() == before
    # moving another road map onto a taken situation is refused as well
    other = RoadMapFactory(city=road_map.city, status="refugee", title="Protégé")
    before = (counts(), snapshot(other))
    response = signed_in.post(
        f"/en/guide/manage/road-maps/{other.pk}/", form_data(road_map_fields(other, status="asylum_seeker"), [])
    )
    assert response.status_code == 200
    assert "This situation already has its road map: edit that one instead." in page_text(response)
    assert (counts(), snapshot(other)) == before


def test_an_invalid_stage_refuses_the_whole_save(signed_in, road_map):
    before = (snapshot(road_map), counts())
    stages = existing_stages(road_map)
    stages[0]["title"] = "Premier changement"
    stages[1]["title"] = ""  # a stage without its title
    data = form_data(road_map_fields(road_map, title="Titre qui ne doit pas passer"), stages, initial=3)
    response = signed_in.post(f"/fr/guide/manage/road-maps/{road_map.pk}/", data)
    assert response.status_code == 200
    assert "field-invalid" in response.content.decode()
    assert (snapshot(road_map), counts()) == before


def test_service_rolls_back_the_road_map_when_a_stage_fails(city, coordinator, road_map):
    before = (snapshot(road_map), counts())
    first = road_map.stages.order_by("order").first()
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        services.road_map_edit(
            acting_user=coordinator,
            city=city,
            road_map=road_map,
            title="Titre modifié",
            stages=[
                services.StageInput(id=first.pk, title="Première étape modifiée"),
                services.StageInput(id=None, title="Nouvelle étape"),
                services.StageInput(id=None, title="x" * 201),
            ],
        )
    assert caught.value.messages[0].startswith("Stage 3:")
    assert (snapshot(road_map), counts()) == before


def test_article_of_another_city_is_refused(signed_in, city, other_city, coordinator, road_map):
    elsewhere = ArticleFactory(city=other_city, slug="ailleurs", title="Ailleurs")
    before = (snapshot(road_map), counts())
    stages = existing_stages(road_map)
    stages[0]["article"] = elsewhere.pk  # a tampered form
    response = signed_in.post(
        f"/fr/guide/manage/road-maps/{road_map.pk}/",
        form_data(road_map_fields(road_map, title="Autre"), stages, initial=3),
    )
    assert response.status_code == 200
    assert "Choisissez un article du guide, ou aucun." in page_text(response)
    assert (snapshot(road_map), counts()) == before
    # the service refuses it too, whoever calls it
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        services.road_map_edit(
            acting_user=coordinator,
            city=city,
            road_map=road_map,
            stages=[services.StageInput(id=None, title="Vers ailleurs", article_id=elsewhere.pk)],
        )
    assert caught.value.messages == ["Stage 1: choose an article of the guide, or none."]
    assert (snapshot(road_map), counts()) == before


def test_a_stage_of_another_road_map_is_refused(signed_in, city, road_map):
    other = RoadMapFactory(city=city, status="refugee", title="Protégé")
    stranger = RoadMapStageFactory(road_map=other, title="Étape d'ailleurs")
    before = (snapshot(road_map), snapshot(other), counts())
    stages = [*existing_stages(road_map), {"id": stranger.pk, "title": "Volée", "DELETE": True}]
    response = signed_in.post(
        f"/fr/guide/manage/road-maps/{road_map.pk}/",
        form_data(road_map_fields(road_map, title="Autre"), stages, initial=3),
    )
    assert response.status_code == 200
    assert "Étape 4 : cette étape ne fait pas partie du parcours." in page_text(response)
    assert (snapshot(road_map), snapshot(other), counts()) == before


def test_changed_french_title_outdates_the_arabic_translation(signed_in, road_map):
    translation_services.translation_load_published(obj=road_map, field="title", language="ar", text="أطلب اللجوء")
    translation_services.translation_load_published(obj=road_map, field="summary", language="ar", text="المراحل.")
    data = form_data(road_map_fields(road_map, title="Je demande l'asile à Paris"), existing_stages(road_map), 3)
    assert signed_in.post(f"/fr/guide/manage/road-maps/{road_map.pk}/", data).status_code == 302
    statuses = dict(
        Translation.objects.filter(
            content_type=ContentType.objects.get_for_model(RoadMap), object_id=road_map.pk, language="ar"
        ).values_list("field", "status")
    )
    assert statuses == {"title": TranslationStatus.OUTDATED, "summary": TranslationStatus.PUBLISHED}


@pytest.mark.smoke
@pytest.mark.parametrize("who", ["volunteer", "member", "other_coordinator"])
def test_others_are_refused_and_nothing_changes(client, city, other_city, road_map, who):
    person = {
        "volunteer": lambda: user_with_role(city=city, role=Role.VOLUNTEER),
        "member": lambda: organisation_member(OrganisationFactory(city=city)),
        "other_coordinator": lambda: coordinator_of(other_city),
    }[who]()
    client.force_login(person)
    before = (snapshot(road_map), counts())
    assert client.get(f"/fr/guide/manage/road-maps/{road_map.pk}/").status_code == 403
    assert client.get("/fr/guide/manage/road-maps/new/?status=refugee").status_code == 403
    data = form_data(road_map_fields(road_map, title="Piraté"), existing_stages(road_map), initial=3)
    assert client.post(f"/fr/guide/manage/road-maps/{road_map.pk}/", data).status_code == 403
    assert client.post("/fr/guide/manage/road-maps/new/", {**data, "status": "refugee"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.road_map_edit(acting_user=person, city=city, road_map=road_map, title="Piraté")
    assert (snapshot(road_map), counts()) == before


def test_road_map_of_another_city_is_not_found(signed_in, other_city):
    elsewhere = RoadMapFactory(city=other_city, status="refugee", title="Ailleurs")
    assert signed_in.get(f"/fr/guide/manage/road-maps/{elsewhere.pk}/").status_code == 404
    data = form_data(road_map_fields(elsewhere, title="Changé"), [])
    assert signed_in.post(f"/fr/guide/manage/road-maps/{elsewhere.pk}/", data).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.title == "Ailleurs"


def test_manage_lists_road_maps_with_their_stages(signed_in, road_map, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        shown = page_text(signed_in.get("/en/guide/manage/"))
    assert f'<a href="/en/guide/manage/road-maps/{road_map.pk}/">Asylum seeker</a>' in shown
    assert "<td>3</td>" in shown
    assert 'href="/en/guide/manage/road-maps/new/?status=refugee"' in shown
    assert "road-maps/new/?status=asylum_seeker" not in shown


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_edits_a_road_map_in_arabic(page, live_server, city):
    from django.conf import settings
    from django.test import Client

    from accueil.testing.browser import axe_violations

    road_map = RoadMapFactory(city=city, status="asylum_seeker", title="Je demande l'asile")
    RoadMapStageFactory(road_map=road_map, order=1, title="Se présenter à la SPADA")
    ArticleFactory(city=city, slug="brouillon", title="Être hébergé", published=False)
    client = Client()
    client.force_login(coordinator_of(city))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])

    page.goto(f"{live_server.url}/ar/guide/manage/road-maps/{road_map.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    page.fill("#id_title", "Je demande l'asile à Paris")
    page.fill("#id_stages-1-title", "Passer au guichet unique")
    page.fill("#id_stages-1-order", "2")
    page.locator("form.guide-edit-form button[type=submit]").click()
    assert page.url.endswith(f"/ar/guide/manage/road-maps/{road_map.pk}/")
    assert page.locator(".messages").count() == 1
    assert axe_violations(page) == []
    road_map.refresh_from_db()
    assert road_map.title == "Je demande l'asile à Paris"
    assert list(road_map.stages.order_by("order").values_list("title", "order")) == [
        ("Se présenter à la SPADA", 1),
        ("Passer au guichet unique", 2),
    ]
    page.goto(f"{live_server.url}/ar/guide/manage/")
    assert axe_violations(page) == []
