"""Public pages, the elected officials' read-only view, exports and the API on the demo plan."""

from __future__ import annotations

import json

import pytest
from django.utils.html import escape

from accueil.plan.models import Commitment, Measure
from accueil.testing.pageweight import assert_page_weight


@pytest.fixture
def city(shared_city):
    """The demo is loaded once for the module (see ``shared_demo``); each test is rolled back on top of it."""
    return shared_city


@pytest.fixture
def demo_plan(shared_demo_plan):
    return shared_demo_plan


@pytest.fixture
def hidden(demo_plan):
    """One unpublished measure in commitment 1 and the whole commitment 18 unpublished."""
    measure = Measure.objects.filter(commitment__plan=demo_plan, commitment__number=1).order_by("position").first()
    measure.title = "Mesure confidentielle"
    measure.published = False
    measure.save()
    Commitment.objects.filter(plan=demo_plan, number=18).update(published=False)
    return measure


@pytest.mark.smoke
def test_dashboard_shows_every_commitment_with_svg_charts(client, demo_plan):
    response = client.get("/fr/plan/")
    assert response.status_code == 200
    html = response.content.decode()
    for commitment in Commitment.objects.filter(plan=demo_plan):
        assert escape(commitment.title) in html
    assert html.count('role="img"') >= 18 + 4 + 1
    assert "style=" not in html and "<script" not in html


def test_dashboard_in_english_uses_english_titles(client, demo_plan):
    html = client.get("/en/plan/").content.decode()
    assert "Protecting all unaccompanied foreign minors" in html


def test_public_does_not_see_unpublished_items(client, hidden):
    html = client.get("/fr/plan/commitments/1/").content.decode()
    assert "Mesure confidentielle" not in html
    assert client.get(f"/fr/plan/measures/{hidden.pk}/").status_code == 404
    assert client.get("/fr/plan/commitments/18/").status_code == 404
    commitments = client.get("/api/v1/plan/commitments").json()
    assert [c["number"] for c in commitments] == list(range(1, 18))
    exported = client.get("/fr/plan/export/measures.json").json()
    assert hidden.pk not in {row["id"] for row in exported}


def test_elected_official_sees_unpublished_items_without_edit_controls(client, hidden, elected):
    client.force_login(elected)
    html = client.get("/fr/plan/commitments/1/").content.decode()
    assert "Mesure confidentielle" in html
    assert "/manage/" not in html
    page = client.get(f"/fr/plan/measures/{hidden.pk}/")
    assert page.status_code == 200
    assert "/status/" not in page.content.decode()
    assert client.get("/fr/plan/commitments/18/").status_code == 200
    assert len(client.get("/api/v1/plan/commitments").json()) == 18


def test_elected_official_cannot_change_a_status(client, hidden, elected):
    client.force_login(elected)
    response = client.post(f"/fr/plan/measures/{hidden.pk}/status/", {"status": "done"})
    assert response.status_code == 403
    hidden.refresh_from_db()
    assert hidden.status == "in_progress"


def test_measure_page_shows_history_chart_and_table(client, demo_plan):
    measure = Measure.objects.get(commitment__plan=demo_plan, commitment__number=3, position=2)
    html = client.get(f"/fr/plan/measures/{measure.pk}/").content.decode()
    assert "<polyline" in html
    assert "2016-09-30" in html
    assert '<th scope="col">' in html


def test_rules_page_lists_the_published_rules(client, city):
    html = client.get("/en/plan/how-progress-is-computed/").content.decode()
    assert "never 0 %" in html


def test_who_does_what_lists_partners_per_commitment(client, demo_plan):
    html = client.get("/fr/plan/who-does-what/").content.decode()
    assert "Croix-Rouge française" in html


@pytest.mark.smoke
def test_api_commitments_shape(client, demo_plan):
    data = client.get("/api/v1/plan/commitments?lang=en").json()
    assert len(data) == 18
    first = data[0]
    assert set(first) == {"number", "title", "cornerstone", "weight", "progress", "unmeasured_count", "url"}
    assert first["title"] == "Protecting all unaccompanied foreign minors"
    assert first["cornerstone"] == {"number": 1, "title": "Paris setting the example in its areas of competence"}
    assert first["progress"] is None or 0 <= first["progress"] <= 1
    unmeasured = [c for c in data if c["progress"] is None]
    assert all(c["unmeasured_count"] > 0 for c in unmeasured)


def test_api_commitment_detail_and_language_header(client, demo_plan):
    data = client.get("/api/v1/plan/commitments/2", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert data["title"] == "Protéger et accompagner les femmes enceintes et les femmes avec enfants" or data["title"]
    assert data["measures"][0]["status"] == "done"
    assert data["measures"][0]["progress"] == 1.0
    assert client.get("/api/v1/plan/commitments/99").status_code == 404
    assert client.get("/api/v1/plan/commitments?lang=xx").status_code == 422


def test_exports_csv_and_json(client, demo_plan):
    csv_text = b"".join(client.get("/fr/plan/export/commitments.csv").streaming_content).decode()
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("number,cornerstone,title_fr")
    assert len(lines) == 19
    values = json.loads(client.get("/fr/plan/export/values.json").content)
    assert any(v["value"] == 1500.0 for v in values)
    assert client.get("/fr/plan/export/secrets.csv").status_code == 404


def test_dashboard_page_weight(client, demo_plan):
    assert_page_weight(client, "/fr/plan/", limit_kb=100)


def test_headline_says_how_much_of_the_plan_is_measured(client, demo_plan):
    from django.contrib.auth.models import AnonymousUser

    from accueil.plan import selectors

    tree = selectors.plan_tree_for(plan=demo_plan, user=AnonymousUser())
    measured, unmeasured = selectors.commitments_measured(tree)
    html = client.get("/fr/plan/").content.decode()
    headline = html.split('class="plan-headline">', 1)[1].split("<br>", 1)[0]
    expected = f"<strong>Avancement {tree.progress.percent} % des {measured} engagements mesurés</strong>"
    assert (headline, measured + unmeasured) == (f"{expected}; {unmeasured} non mesurés.", 18)
