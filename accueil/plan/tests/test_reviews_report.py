"""Reviews: frozen snapshots are immutable; what changed; the Council report in PDF (fr, en) and HTML."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from pypdf import PdfReader

from accueil.organisations import demo as organisations_demo
from accueil.plan import demo, report, services
from accueil.plan.models import Commitment, IndicatorValue, Measure, Review, ReviewSnapshot
from accueil.testing.plan_factories import IndicatorValueFactory, ReviewFactory
from accueil.translations.shown import translation_text


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_freezing_writes_a_snapshot_at_the_review_date(plan, measure, indicator, coordinator):
    IndicatorValueFactory(indicator=indicator, date=dt.date(2016, 1, 1), value=Decimal(40))
    IndicatorValueFactory(indicator=indicator, date=dt.date(2016, 6, 1), value=Decimal(90))
    review = ReviewFactory(plan=plan, held_on=dt.date(2016, 4, 15))
    services.review_freeze(review=review, acting_user=coordinator)
    review.refresh_from_db()
    assert review.status == "frozen"
    data = review.snapshot.data
    [row] = data["indicators"]
    assert (row["value"], row["date"], row["progress"]) == (40.0, "2016-01-01", 0.4)
    [measure_row] = data["measures"]
    assert measure_row["status"] == "in_progress"
    assert measure_row["progress"]["value"] == 0.4


def test_snapshot_does_not_change_when_data_changes_later(plan, measure, indicator, coordinator):
    IndicatorValueFactory(indicator=indicator, date=dt.date(2016, 1, 1), value=Decimal(40))
    review = ReviewFactory(plan=plan, held_on=dt.date(2016, 4, 15))
    services.review_freeze(review=review, acting_user=coordinator)
    before = ReviewSnapshot.objects.get(review=review).data
    IndicatorValueFactory(indicator=indicator, date=dt.date(2016, 3, 1), value=Decimal(70))
    services.measure_set_status(measure=measure, acting_user=coordinator, status="done")
    measure.title = "Titre changé"
    measure.save()
    assert ReviewSnapshot.objects.get(review=review).data == before


def test_frozen_review_refuses_every_change(plan, measure, coordinator):
    review = ReviewFactory(plan=plan, held_on=dt.date(2016, 4, 15))
    services.review_freeze(review=review, acting_user=coordinator)
    snapshot_before = ReviewSnapshot.objects.get(review=review).data
    with pytest.raises(ValidationError):
        services.review_freeze(review=review, acting_user=coordinator)
    with pytest.raises(ValidationError):
        services.decision_add(review=review, acting_user=coordinator, text="Late decision")
    with pytest.raises(ValidationError):
        services.review_update(review=review, acting_user=coordinator, held_on=dt.date(2017, 1, 1), title="x")
    with pytest.raises(ValidationError):
        services.review_snapshot_replace(review=review, acting_user=coordinator, data={})
    review.refresh_from_db()
    assert review.held_on == dt.date(2016, 4, 15)
    assert review.decisions.count() == 0
    assert ReviewSnapshot.objects.filter(review=review).count() == 1
    assert ReviewSnapshot.objects.get(review=review).data == snapshot_before


def test_only_coordinators_freeze_reviews(client, plan, measure, elected, owner):
    review = ReviewFactory(plan=plan, held_on=dt.date(2016, 4, 15))
    # An official sees the draft but may not freeze it; an owner does not even see a draft.
    for user, status in ((elected, 403), (owner, 404)):
        client.force_login(user)
        response = client.post(f"/fr/plan/reviews/{review.pk}/freeze/")
        assert response.status_code == status
    review.refresh_from_db()
    assert review.status == "draft"
    assert not ReviewSnapshot.objects.filter(review=review).exists()


def test_coordinator_records_decisions_then_freezes_through_the_pages(client, plan, measure, coordinator):
    client.force_login(coordinator)
    response = client.post("/fr/plan/reviews/new/", {"title": "Revue", "held_on": "2016-04-15"})
    review = Review.objects.get(plan=plan)
    assert response.status_code == 302
    client.post(f"/fr/plan/reviews/{review.pk}/decisions/", {"text": "Ouvrir un centre"})
    client.post(f"/fr/plan/reviews/{review.pk}/actions/", {"text": "Trouver un site", "owner": "DASES", "due_on": ""})
    client.post(f"/fr/plan/reviews/{review.pk}/freeze/")
    review.refresh_from_db()
    assert review.status == "frozen"
    assert list(review.decisions.values_list("text", flat=True)) == ["Ouvrir un centre"]
    assert list(review.action_items.values_list("owner", flat=True)) == ["DASES"]


def test_bad_review_form_is_refused_without_writing(client, plan, coordinator):
    client.force_login(coordinator)
    response = client.post("/fr/plan/reviews/new/", {"title": "", "held_on": "tomorrow"})
    assert response.status_code == 400
    assert Review.objects.count() == 0


@pytest.fixture
def demo_plan(city):
    organisations_demo.load_demo(city=city)
    return demo.load_demo(city=city)


def test_demo_reviews_show_what_changed(client, demo_plan):
    later = Review.objects.filter(plan=demo_plan).order_by("-held_on").first()
    context = report.report_context(review=later, language="en")
    changes = context["changes"]
    assert {c["after"] for c in changes["status_changes"]} == {"Done"}
    assert len(changes["status_changes"]) == 3
    assert any(v["value"] == 40.0 for v in changes["new_values"])
    html = client.get(f"/en/plan/reviews/{later.pk}/").content.decode()
    assert "What changed since the previous review" in html


@pytest.mark.parametrize("language", ["fr", "en"])
def test_council_report_pdf_contains_every_commitment_title(demo_plan, language, tmp_path):
    output = tmp_path / f"report-{language}.pdf"
    call_command("plan_report", "--lang", language, "--output", str(output), stdout=io.StringIO())
    text = _pdf_text(output.read_bytes())
    for commitment in Commitment.objects.filter(plan=demo_plan):
        title = commitment.title if language == "fr" else translation_text(commitment, "title", "en")
        assert " ".join(title.split()) in text, title
    assert {"fr": "Décisions", "en": "Decisions"}[language] in text


def test_report_pages_html_and_pdf(client, demo_plan):
    review = Review.objects.filter(plan=demo_plan).order_by("-held_on").first()
    html = client.get(f"/fr/plan/reviews/{review.pk}/report/")
    assert html.status_code == 200
    assert 'role="img"' in html.content.decode()
    pdf = client.get(f"/en/plan/reviews/{review.pk}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_draft_review_is_hidden_from_the_public(client, plan):
    review = ReviewFactory(plan=plan)
    assert client.get(f"/fr/plan/reviews/{review.pk}/").status_code == 404
    assert client.get(f"/fr/plan/reviews/{review.pk}/report.pdf").status_code == 404


def test_unknown_review_in_command_fails_cleanly(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("plan_report", "--output", "/tmp/none.pdf", "--review", "999999")
    assert IndicatorValue.objects.count() == 0
    assert Measure.objects.count() == 0
