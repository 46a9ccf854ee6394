"""The plan's texts through the translations workflow: the data migration of the old ``_fr``/``_en`` columns,
the French fallback isolated on pages, outdated translations when the French changes, and the query budget."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accueil.plan import services
from accueil.plan.models import Cornerstone, Measure, Official, Plan
from accueil.testing.factories import CityFactory
from accueil.translations.models import SourceVersion, Translation, TranslationStatus
from accueil.translations.shown import shown_text, translation_text

BEFORE = [("plan", "0002_pledge_progress_action_owner")]
AFTER = [("plan", "0003_content_translations")]


def _migrate(targets: list[tuple[str, str]]) -> object:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_french_publishes_english_and_goes_back():
    city = CityFactory(slug="lyon", name="Lyon")
    try:
        old = _migrate(BEFORE)
        old_plan = old.get_model("plan", "Plan").objects.create(
            city_id=city.pk, title_fr="Plan d'accueil", title_en="Reception plan"
        )
        old_corner = old.get_model("plan", "Cornerstone").objects.create(
            city_id=city.pk,
            plan_id=old_plan.pk,
            number=1,
            title_fr="Protéger",
            title_en="",
            description_fr="",
            description_en="Written in English only",
        )
        old.get_model("plan", "Official").objects.create(
            city_id=city.pk, name="Dominique Versini", role_fr="Adjointe", role_en="Deputy mayor"
        )

        _migrate(AFTER)
        plan, corner, official = Plan.objects.get(), Cornerstone.objects.get(), Official.objects.get()
        assert (plan.title, corner.title, official.role) == ("Plan d'accueil", "Protéger", "Adjointe")
        english = Translation.objects.get(content_type=ContentType.objects.get_for_model(Plan), field="title")
        assert (english.language, english.text, english.status) == ("en", "Reception plan", "published")
        assert english.source_version.text == "Plan d'accueil" and english.published_at is not None
        # an empty English text makes no translation
        corners = ContentType.objects.get_for_model(Cornerstone)
        assert not Translation.objects.filter(content_type=corners, field="title").exists()
        # French readers used to see the English text when there was no French: they still do
        assert corner.description == "Written in English only"
        assert Translation.objects.get(content_type=corners, field="description").meta["french_was_empty"] is True
        assert shown_text(official, "role", "en").text == "Deputy mayor"
        assert shown_text(official, "role", "ar").is_fallback

        old = _migrate(BEFORE)
        assert old.get_model("plan", "Plan").objects.get().title_en == "Reception plan"
        assert old.get_model("plan", "Official").objects.get().role_en == "Deputy mayor"
        old_corner = old.get_model("plan", "Cornerstone").objects.get()
        assert (old_corner.title_en, old_corner.description_fr, old_corner.description_en) == (
            "",
            "",
            "Written in English only",
        )
        assert not Translation.objects.exists() and not SourceVersion.objects.exists()
    finally:
        _migrate_to_latest()


def test_pages_show_english_and_isolate_french_where_there_is_no_translation(client, measure):
    english = client.get(f"/en/plan/measures/{measure.pk}/").content.decode()
    assert "<h1>Measure A</h1>" in english
    arabic = client.get(f"/ar/plan/measures/{measure.pk}/").content.decode()
    assert '<h1><span lang="fr" dir="ltr">Mesure A</span></h1>' in arabic
    french = client.get(f"/fr/plan/measures/{measure.pk}/").content.decode()
    assert "<h1>Mesure A</h1>" in french


def test_changing_the_french_text_outdates_its_translations(measure, coordinator):
    services.measure_update(
        measure=measure,
        acting_user=coordinator,
        title="Mesure A renommée",
        description=measure.description,
        status=measure.status,
        weight=measure.weight,
        owner_organisation=measure.owner_organisation,
        parent=measure.parent,
        position=measure.position,
        published=measure.published,
    )
    english = Translation.objects.get(
        content_type=ContentType.objects.get_for_model(Measure), object_id=measure.pk, field="title", language="en"
    )
    assert english.status == TranslationStatus.OUTDATED
    measure.refresh_from_db()
    shown = shown_text(measure, "title", "en")
    assert (shown.text, shown.outdated) == ("Measure A", True)
    assert translation_text(measure, "title", "ar") == ""


def test_a_translator_translates_a_measure_and_arabic_readers_see_it(client, city, measure):
    from accueil.testing.translations_factories import translator
    from accueil.translations.services import translation_publish

    person = translator(city=city, languages=("ar",), reviewer_for=("ar",))
    client.force_login(person)
    content_type = ContentType.objects.get_for_model(Measure)
    backlog = client.get("/ar/translations/?language=ar").content.decode()
    assert f"/propose/{content_type.pk}/{measure.pk}/title/ar/" in backlog
    response = client.post(f"/ar/translations/propose/{content_type.pk}/{measure.pk}/title/ar/", {"text": "الإجراء أ"})
    assert response.status_code == 302
    proposal = Translation.objects.get(content_type=content_type, object_id=measure.pk, language="ar")
    translation_publish(acting_user=person, translation=proposal)
    client.logout()
    arabic = client.get(f"/ar/plan/measures/{measure.pk}/").content.decode()
    assert "<h1>الإجراء أ</h1>" in arabic
