"""Names of categories and items through the translations workflow: the data migration of ``name_fr`` /
``name_en``, the French fallback isolated on pages, the API, and the query budget of the city page."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from accueil.donations.models import Item, ItemCategory, PointItemRule, PriorityItem, RuleStatus
from accueil.testing.donations_factories import CollectionPointFactory
from accueil.testing.factories import CityFactory
from accueil.translations.models import Translation
from accueil.translations.shown import shown_text

BEFORE = [("donations", "0002_sponsor_budget_sponsor_capacity_and_more")]
AFTER = [("donations", "0003_content_translations")]


def _migrate(targets: list[tuple[str, str]]) -> object:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_migration_turns_english_names_into_translations_and_back():
    city = CityFactory(slug="lyon", name="Lyon")
    try:
        old = _migrate(BEFORE)
        category = old.get_model("donations", "ItemCategory").objects.create(
            city_id=city.pk, code="hygiene", name_fr="Hygiène", name_en="Hygiene"
        )
        old.get_model("donations", "Item").objects.create(
            city_id=city.pk, category_id=category.pk, code="soap", name_fr="Savon", name_en="Soap"
        )

        _migrate(AFTER)
        item = Item.objects.get()
        assert (item.name, ItemCategory.objects.get().name) == ("Savon", "Hygiène")
        english = Translation.objects.get(content_type=ContentType.objects.get_for_model(Item))
        assert (english.field, english.language, english.text, english.status) == ("name", "en", "Soap", "published")
        assert shown_text(item, "name", "en").text == "Soap"

        old = _migrate(BEFORE)
        assert list(old.get_model("donations", "Item").objects.values_list("name_fr", "name_en")) == [("Savon", "Soap")]
        assert not Translation.objects.exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_point_page_and_api_name_items_in_the_reader_language(client, point, socks):
    PointItemRule.objects.create(point=point, item=socks, status=RuleStatus.NEEDED, quantity_needed=3)
    assert '<th scope="row">Socks</th>' in client.get(f"/en/donations/points/{point.slug}/").content.decode()
    arabic = client.get(f"/ar/donations/points/{point.slug}/").content.decode()
    assert '<th scope="row"><span lang="fr" dir="ltr">Chaussettes</span></th>' in arabic
    data = client.get("/api/v1/collection-points", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data[0]["needed"] == [{"item_id": socks.pk, "name": "Socks", "quantity": 3}]


def test_city_page_reads_the_names_in_two_queries_whatever_the_number_of_points(client, city, socks, towels):
    PriorityItem.objects.create(city=city, item=towels, level="urgent")
    for number in range(6):
        point = CollectionPointFactory(city=city)
        PointItemRule.objects.create(point=point, item=socks, status=RuleStatus.NEEDED, quantity_needed=number + 1)
    client.get("/fr/donations/")
    with CaptureQueriesContext(connection) as french:
        client.get("/fr/donations/")
    with CaptureQueriesContext(connection) as english:
        html = client.get("/en/donations/").content.decode()
    # one query for the names in the points' lists, one for the priority list; none in French
    assert len(english) == len(french) + 2
    assert "Bath towels" in html and "Socks" in html and "Chaussettes" not in html
