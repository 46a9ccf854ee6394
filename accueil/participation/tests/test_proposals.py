"""Proposals: submission with a daily limit, moderation, the official answer, links to plan measures, public
pages; permissions both ways with nothing changed when refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accueil.audit.models import AuditEvent
from accueil.participation.models import Proposal, ProposalModeration
from accueil.participation.proposals import services
from accueil.testing.accounts_factories import totp_activate
from accueil.testing.factories import DistrictFactory, RoleAssignmentFactory, UserFactory
from accueil.testing.pageweight import assert_page_weight
from accueil.testing.plan_factories import CommitmentFactory, MeasureFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(city):
    user = UserFactory(email="coord-proposals@example.org")
    RoleAssignmentFactory(user=user, city=city, role="coordinator")
    totp_activate(user=user)
    return user


@pytest.fixture
def resident():
    return UserFactory(email="resident@example.org")


@pytest.fixture
def measure(city):
    plan = PlanFactory(city=city)
    commitment = CommitmentFactory(cornerstone__plan=plan, number=11, title="Participer", title_en="Take part")
    return MeasureFactory(commitment=commitment, title="Recueillir les propositions", title_en="Gather proposals")


def _submit(city, user, **kwargs):
    data = {"title": "Des cours de français le soir", "body": "Ouvrir des cours après 18 h."}
    data.update(kwargs)
    return services.proposal_submit(city=city, acting_user=user, **data)


@pytest.mark.smoke
def test_submit_moderate_answer_and_link_is_the_whole_journey(client, city, resident, coordinator, measure):
    district = city.districts.order_by("pk").first()
    proposal = _submit(city, resident, district=district, measures=[measure])
    assert proposal.moderation == ProposalModeration.PENDING
    assert list(proposal.measures.all()) == [measure]
    assert client.get("/fr/events/proposals/").content.decode().count(proposal.title) == 0

    services.proposal_publish(proposal=proposal, acting_user=coordinator)
    services.proposal_answer(proposal=proposal, acting_user=coordinator, status="accepted", answer="Nous ouvrons.")
    proposal.refresh_from_db()
    assert (proposal.moderation, proposal.answer_status, proposal.answer) == ("published", "accepted", "Nous ouvrons.")
    assert proposal.answered_by == coordinator

    listing = client.get("/en/events/proposals/").content.decode()
    assert "Des cours de français le soir" in listing
    detail = client.get(f"/en/events/proposals/{proposal.pk}/").content.decode()
    assert "Nous ouvrons." in detail and "Gather proposals" in detail and "Accepted" in detail
    measure_page = client.get(f"/en/plan/measures/{measure.pk}/").content.decode()
    assert f"/en/events/proposals/{proposal.pk}/" in measure_page
    assert set(
        AuditEvent.objects.filter(action__startswith="participation.proposal").values_list("action", flat=True)
    ) == {"participation.proposal_submitted", "participation.proposal_published", "participation.proposal_answered"}


def test_daily_limit_refuses_the_fourth_proposal_with_a_clear_message(client, city, resident):
    for n in range(3):
        _submit(city, resident, title=f"Proposition {n}")
    client.force_login(resident)
    response = client.post("/en/events/proposals/new/", {"title": "Fourth", "body": "Again"})
    assert response.status_code == 400
    assert "You can submit at most 3 proposals a day. Please come back tomorrow." in response.content.decode()
    assert Proposal.objects.filter(author=resident).count() == 3
    other = UserFactory(email="someone-else@example.org")
    assert _submit(city, other).pk is not None


def test_submission_needs_an_account(client, city):
    response = client.post("/fr/events/proposals/new/", {"title": "Anonyme", "body": "Texte"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Proposal.objects.count() == 0


def test_submission_form_errors_and_other_city_district(client, city, other_city, resident):
    client.force_login(resident)
    response = client.post("/en/events/proposals/new/", {"title": "", "body": ""})
    assert response.status_code == 400 and Proposal.objects.count() == 0
    foreign = DistrictFactory(city=other_city)
    with pytest.raises(ValidationError):
        _submit(city, resident, district=foreign)
    assert Proposal.objects.count() == 0


def test_reject_requires_a_reason_and_shows_it_to_the_author_only(client, city, resident, coordinator):
    proposal = _submit(city, resident)
    with pytest.raises(ValidationError):
        services.proposal_reject(proposal=proposal, acting_user=coordinator, reason="  ")
    proposal.refresh_from_db()
    assert proposal.moderation == "pending"
    services.proposal_reject(proposal=proposal, acting_user=coordinator, reason="Hors sujet")
    assert client.get(f"/fr/events/proposals/{proposal.pk}/").status_code == 404
    client.force_login(resident)
    assert "Hors sujet" in client.get(f"/fr/events/proposals/{proposal.pk}/").content.decode()
    with pytest.raises(ValidationError):
        services.proposal_publish(proposal=proposal, acting_user=coordinator)
    proposal.refresh_from_db()
    assert proposal.moderation == "rejected"


def test_non_coordinator_cannot_moderate_answer_or_link(client, city, resident, measure):
    proposal = _submit(city, resident)
    intruder = UserFactory(email="intruder@example.org")
    for call in (
        lambda: services.proposal_publish(proposal=proposal, acting_user=intruder),
        lambda: services.proposal_reject(proposal=proposal, acting_user=intruder, reason="x"),
        lambda: services.proposal_link_measures(proposal=proposal, acting_user=intruder, measures=[measure]),
    ):
        with pytest.raises(PermissionDenied):
            call()
    client.force_login(resident)  # the author is not a moderator either
    assert client.post(f"/fr/events/proposals/{proposal.pk}/publish/").status_code == 403
    assert client.post(f"/fr/events/proposals/{proposal.pk}/measures/", {"measures": [measure.pk]}).status_code == 403
    assert client.get("/fr/events/proposals/moderation/").status_code == 403
    proposal.refresh_from_db()
    assert proposal.moderation == "pending" and proposal.measures.count() == 0 and proposal.moderated_by is None


def test_coordinator_pages_publish_answer_and_link(client, city, resident, coordinator, measure):
    proposal = _submit(city, resident)
    client.force_login(coordinator)
    assert proposal.title in client.get("/en/events/proposals/moderation/").content.decode()
    assert client.post(f"/en/events/proposals/{proposal.pk}/publish/").status_code == 302
    client.post(f"/en/events/proposals/{proposal.pk}/answer/", {"status": "under_study", "answer": "On regarde."})
    client.post(f"/en/events/proposals/{proposal.pk}/measures/", {"measures": [measure.pk]})
    proposal.refresh_from_db()
    assert (proposal.moderation, proposal.answer_status, proposal.answer) == ("published", "under_study", "On regarde.")
    assert list(proposal.measures.all()) == [measure]
    response = client.post(f"/en/events/proposals/{proposal.pk}/answer/", {"status": "bogus", "answer": ""})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.answer_status == "under_study"


def test_answer_refused_before_publication(city, resident, coordinator):
    proposal = _submit(city, resident)
    with pytest.raises(ValidationError):
        services.proposal_answer(proposal=proposal, acting_user=coordinator, status="accepted", answer="x")
    proposal.refresh_from_db()
    assert proposal.answer_status == "" and proposal.answer == ""


def test_measures_of_another_city_are_refused(city, other_city, resident, coordinator):
    foreign_plan = PlanFactory(city=other_city)
    foreign = MeasureFactory(commitment=CommitmentFactory(cornerstone__plan=foreign_plan, number=1))
    with pytest.raises(ValidationError):
        _submit(city, resident, measures=[foreign])
    assert Proposal.objects.count() == 0


def test_list_filters_by_status_paginates_and_is_light(
    client, city, resident, coordinator, django_assert_max_num_queries
):
    for n in range(3):
        p = _submit(city, UserFactory(email=f"p{n}@example.org"), title=f"Idée {n}")
        services.proposal_publish(proposal=p, acting_user=coordinator)
    services.proposal_answer(proposal=p, acting_user=coordinator, status="implemented", answer="Fait")
    html = client.get("/en/events/proposals/?status=implemented").content.decode()
    assert "Idée 2" in html and "Idée 0" not in html
    with django_assert_max_num_queries(12):
        assert client.get("/fr/events/proposals/").status_code == 200
    assert_page_weight(client, "/fr/events/proposals/")
    assert_page_weight(client, f"/fr/events/proposals/{p.pk}/")
