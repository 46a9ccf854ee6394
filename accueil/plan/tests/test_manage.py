"""Coordinators' pages: reviews with decisions and owned action items, what changed before freezing, and the edit
pages for budget lines, partners, pledges, projects and officials; refused for others with nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest

from accueil.audit.models import AuditEvent
from accueil.plan import services
from accueil.plan.models import ActionItem, BudgetLine, MeasurePartner, Official, Pledge, Project, Review
from accueil.translations.shown import translation_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(plan, coordinator):
    return services.review_create(plan=plan, acting_user=coordinator, held_on=dt.date(2016, 4, 1), title="Revue avril")


@pytest.mark.smoke
def test_review_pages_record_decisions_owned_actions_then_freeze(client, plan, measure, owner_org, owner, coordinator):
    client.force_login(coordinator)
    response = client.post("/en/plan/reviews/new/", {"title": "Spring review", "held_on": "2016-04-01"})
    review = Review.objects.get(title="Spring review")
    assert response.status_code == 302 and review.status == "draft"
    client.post(f"/en/plan/reviews/{review.pk}/decisions/", {"text": "Open a second centre"})
    client.post(
        f"/en/plan/reviews/{review.pk}/actions/",
        {"text": "Find premises", "owner_organisation": owner_org.pk, "due_on": "2016-06-30"},
    )
    client.post(f"/en/plan/reviews/{review.pk}/actions/", {"text": "Report back", "owner_email": owner.email})
    items = {i.text: i for i in ActionItem.objects.filter(review=review)}
    assert items["Find premises"].owner_organisation == owner_org and items["Find premises"].owner == owner_org.name
    assert items["Find premises"].due_on == dt.date(2016, 6, 30)
    assert items["Report back"].owner_user == owner and items["Report back"].owner == str(owner) != owner.email
    response = client.post(f"/en/plan/reviews/{review.pk}/actions/", {"text": "Nobody owns this"})
    assert ActionItem.objects.filter(review=review).count() == 2
    response = client.post(f"/en/plan/reviews/{review.pk}/actions/", {"text": "Ghost", "owner_email": "no@x.org"})
    assert ActionItem.objects.filter(review=review).count() == 2
    assert client.post(f"/en/plan/reviews/{review.pk}/freeze/").status_code == 302
    review.refresh_from_db()
    assert review.status == "frozen" and review.snapshot.taken_on == dt.date(2016, 4, 1)
    client.post(f"/en/plan/reviews/{review.pk}/decisions/", {"text": "Too late"})
    assert [d.text for d in review.decisions.all()] == ["Open a second centre"]


def test_draft_shows_what_changed_since_the_previous_review(client, plan, measure, indicator, coordinator):
    first = services.review_create(plan=plan, acting_user=coordinator, held_on=dt.date(2016, 4, 1), title="Avril")
    services.review_freeze(review=first, acting_user=coordinator)
    services.measure_set_status(measure=measure, acting_user=coordinator, status="dropped")
    services.indicator_value_add(indicator=indicator, acting_user=coordinator, date=dt.date(2016, 9, 1), value=40)
    second = services.review_create(plan=plan, acting_user=coordinator, held_on=dt.date(2016, 10, 1), title="Octobre")
    client.force_login(coordinator)
    html = client.get(f"/en/plan/reviews/{second.pk}/").content.decode()
    assert "What changed since the previous review" in html
    section = html.split("What changed since the previous review")[1].split("Decisions")[0]
    assert "→ Dropped" in section
    assert f"{translation_text(indicator, 'name', 'en')}: 40 people (2016-09-01)" in section
    second.refresh_from_db()
    assert second.status == "draft" and not hasattr(second, "snapshot")


def test_owners_and_officials_cannot_manage_reviews(client, plan, review, owner, elected):
    # An owner does not see a draft review (404); an official sees it but may not manage it (403).
    for user, status in ((owner, 404), (elected, 403)):
        client.force_login(user)
        assert client.post("/en/plan/reviews/new/", {"title": "X", "held_on": "2016-04-01"}).status_code == 403
        assert client.post(f"/en/plan/reviews/{review.pk}/decisions/", {"text": "X"}).status_code == status
        assert client.post(f"/en/plan/reviews/{review.pk}/actions/", {"text": "X", "owner": "Y"}).status_code == status
        assert client.post(f"/en/plan/reviews/{review.pk}/freeze/").status_code == status
    review.refresh_from_db()
    assert Review.objects.count() == 1 and review.status == "draft"
    assert review.decisions.count() == 0 and review.action_items.count() == 0


def test_budget_lines_pages(client, measure, coordinator):
    client.force_login(coordinator)
    url = f"/en/plan/manage/measures/{measure.pk}/budget/"
    assert (
        client.post(url, {"label": "Hébergement", "year": 2016, "planned": "1000", "spent": "250"}).status_code == 302
    )
    line = BudgetLine.objects.get()
    assert (line.measure, line.year, line.planned, line.spent) == (measure, 2016, 1000, 250)
    assert client.post(url, {"label": "Négatif", "year": 2016, "planned": "-1", "spent": "0"}).status_code == 400
    client.post(
        f"/en/plan/manage/budget/{line.pk}/edit/",
        {"label": "Hébergement", "year": 2017, "planned": "1200", "spent": "900"},
    )
    line.refresh_from_db()
    assert (line.year, line.planned, line.spent) == (2017, 1200, 900)
    page = client.get(f"/en/plan/measures/{measure.pk}/").content.decode()
    assert "Hébergement" in page and "1,200" in page
    client.post(f"/en/plan/manage/budget/{line.pk}/delete/")
    assert BudgetLine.objects.count() == 0
    assert list(
        AuditEvent.objects.filter(action__startswith="plan.budget").order_by("pk").values_list("action", flat=True)
    ) == ["plan.budget_line_created", "plan.budget_line_updated", "plan.budget_line_deleted"]


def test_partners_pages_with_registered_or_named_partner(client, measure, owner_org, other_city, coordinator):
    from accueil.testing.factories import OrganisationFactory

    client.force_login(coordinator)
    url = f"/en/plan/manage/measures/{measure.pk}/partners/"
    client.post(url, {"organisation": owner_org.pk, "name": "", "role": "lead", "note": ""})
    client.post(url, {"organisation": "", "name": "Préfecture", "role": "funder", "note": "État"})
    assert client.post(url, {"organisation": "", "name": "", "role": "partner"}).status_code == 400
    foreign = OrganisationFactory(city=other_city, name="Foreign", slug="foreign")
    assert client.post(url, {"organisation": foreign.pk, "role": "partner"}).status_code == 400
    partners = {(p.display_name, p.role) for p in MeasurePartner.objects.filter(measure=measure)}
    assert partners == {(owner_org.name, "lead"), ("Préfecture", "funder")}
    named = MeasurePartner.objects.get(name="Préfecture")
    client.post(
        f"/en/plan/manage/partners/{named.pk}/edit/", {"name": "Préfecture de Paris", "role": "partner", "note": ""}
    )
    named.refresh_from_db()
    assert (named.name, named.role) == ("Préfecture de Paris", "partner")


def test_pledges_projects_and_officials_pages(client, plan, commitment, owner_org, coordinator):
    client.force_login(coordinator)
    client.post(
        "/en/plan/manage/officials/",
        {"name": "Dominique Versini", "role": "Adjointe", "portfolio": "Solidarités"},
    )
    official = Official.objects.get()
    client.post(
        "/en/plan/manage/projects/",
        {
            "title": "Halte humanitaire",
            "lead_official": official.pk,
            "portfolio": "",
            "commitments": [commitment.pk],
        },
    )
    project = Project.objects.get()
    assert project.lead_official == official and list(project.commitments.all()) == [commitment]
    client.post(
        "/en/plan/manage/pledges/",
        {
            "organisation": owner_org.pk,
            "stakeholder": "",
            "text": "Former 50 bénévoles",
            "made_on": "2015-09-10",
            "event_name": "Conférence citoyenne",
            "status": "in_progress",
            "progress": "40",
            "commitments": [commitment.pk],
            "published": "on",
        },
    )
    pledge = Pledge.objects.get()
    assert (pledge.organisation, pledge.status, pledge.progress) == (owner_org, "in_progress", 40)
    response = client.post(
        f"/en/plan/manage/pledges/{pledge.pk}/edit/",
        {"organisation": owner_org.pk, "text": "Former 50 bénévoles", "status": "done", "progress": "140"},
    )
    assert response.status_code == 400
    client.post(
        f"/en/plan/manage/pledges/{pledge.pk}/edit/",
        {
            "organisation": owner_org.pk,
            "text": "Former 50 bénévoles",
            "status": "done",
            "progress": "100",
            "published": "on",
        },
    )
    pledge.refresh_from_db()
    assert (pledge.status, pledge.progress) == ("done", 100)
    client.post(
        f"/en/plan/manage/officials/{official.pk}/edit/",
        {"name": "Dominique Versini", "role": "Adjointe à la maire"},
    )
    official.refresh_from_db()
    assert official.role == "Adjointe à la maire"


def test_edit_pages_refused_to_others_and_nothing_changes(client, plan, measure, owner, elected, coordinator):
    line = services.budget_line_create(
        measure=measure, acting_user=coordinator, label="L", year=2016, planned=10, spent=0
    )
    official = services.official_create(city=plan.city, acting_user=coordinator, name="A")
    for user in (owner, elected):
        client.force_login(user)
        assert (
            client.post(
                f"/en/plan/manage/measures/{measure.pk}/budget/", {"label": "X", "year": 2016, "planned": 1, "spent": 0}
            ).status_code
            == 403
        )
        assert (
            client.post(
                f"/en/plan/manage/budget/{line.pk}/edit/", {"label": "X", "year": 2016, "planned": 1, "spent": 0}
            ).status_code
            == 403
        )
        assert client.post(f"/en/plan/manage/budget/{line.pk}/delete/").status_code == 403
        assert (
            client.post(f"/en/plan/manage/measures/{measure.pk}/partners/", {"name": "X", "role": "lead"}).status_code
            == 403
        )
        assert (
            client.post("/en/plan/manage/pledges/", {"stakeholder": "X", "text": "X", "status": "planned"}).status_code
            == 403
        )
        assert client.post("/en/plan/manage/projects/", {"title": "X"}).status_code == 403
        assert client.post(f"/en/plan/manage/officials/{official.pk}/edit/", {"name": "B"}).status_code == 403
    client.logout()
    assert client.post("/en/plan/manage/officials/", {"name": "C"}).status_code == 302
    line.refresh_from_db()
    official.refresh_from_db()
    assert (line.label, line.planned, BudgetLine.objects.count()) == ("L", 10, 1)
    assert official.name == "A" and Official.objects.count() == 1
    assert MeasurePartner.objects.count() == Pledge.objects.count() == Project.objects.count() == 0
