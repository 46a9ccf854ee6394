"""The demo plan's texts in the reader's language: one query for the whole plan, none in French; exports keep a
French and an English column."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accueil.plan import selectors
from accueil.translations.shown import translation_text


@pytest.fixture
def city(shared_city):
    return shared_city


@pytest.mark.parametrize(("language", "extra"), [("fr", 0), ("en", 1), ("ar", 1)])
def test_plan_tree_reads_every_text_in_one_query(shared_demo_plan, language, extra):
    with translation.override("fr"), CaptureQueriesContext(connection) as french:
        selectors.plan_tree(plan=shared_demo_plan)
    with translation.override(language), CaptureQueriesContext(connection) as queries:
        tree = selectors.plan_tree(plan=shared_demo_plan)
        titles = [str(node.commitment.shown.title) for node in tree.commitments()]
        names = [str(row.indicator.shown.name) for row in tree.indicators()]
    assert len(queries) == len(french) + extra
    assert len(titles) == 18 and all(names)
    first = tree.commitment(1)
    assert first is not None
    expected = translation_text(first.commitment, "title", "en") if language == "en" else first.commitment.title
    assert titles[0] == expected


def test_dashboard_query_budget_in_french_and_in_other_languages(client, shared_demo_plan, django_assert_num_queries):
    client.get("/fr/plan/")
    with django_assert_num_queries(12):
        assert client.get("/fr/plan/").status_code == 200
    # one more in another language: the translations of the whole plan
    with django_assert_num_queries(13):
        assert client.get("/en/plan/").status_code == 200
    with django_assert_num_queries(13):
        html = client.get("/ar/plan/").content.decode()
    # no Arabic translation in the demo: the French titles are isolated
    assert '<span lang="fr" dir="ltr">' in html


def test_exports_keep_a_french_and_an_english_column(client, shared_demo_plan):
    text = b"".join(client.get("/fr/plan/export/commitments.csv").streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 18
    assert all(row["title_fr"] and row["title_en"] and row["title_fr"] != row["title_en"] for row in rows)
    values = json.loads(client.get("/en/plan/export/values.json").content)
    assert values and all(row["indicator_name_fr"] and row["indicator_name_en"] for row in values)
