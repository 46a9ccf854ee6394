"""The proposals and resources API: published proposals only with status, answer and measures; members-only
resources for members (session or an organisation token of the city) and never for anyone else."""

from __future__ import annotations

import pytest

from accueil.organisations.search_text import normalise
from accueil.participation.models import (
    Proposal,
    ProposalAnswerStatus,
    ProposalModeration,
    Resource,
    ResourceVisibility,
)
from accueil.testing.factories import OrganisationFactory, UserFactory
from accueil.testing.organisations_factories import api_token_for, organisation_member
from accueil.testing.plan_factories import CommitmentFactory, MeasureFactory, PlanFactory

pytestmark = pytest.mark.django_db


def _proposal(city, title, moderation=ProposalModeration.PUBLISHED, **fields):
    author = fields.pop("author", None) or UserFactory()
    proposal = Proposal(city=city, author=author, title=title, body="Texte.", moderation=moderation, **fields)
    if moderation == ProposalModeration.REJECTED:
        proposal.rejection_reason = "Hors sujet."
    proposal.save()
    return proposal


def _resource(city, title, visibility, organisation=None):
    return Resource.objects.create(
        city=city,
        title=title,
        body="Texte.",
        visibility=visibility,
        organisation=organisation,
        tags="santé, droits",
        search_text=normalise(f"{title} santé droits Texte."),
    )


@pytest.fixture
def measures(city):
    plan = PlanFactory(city=city)
    commitment = CommitmentFactory(cornerstone__plan=plan, number=11)
    return MeasureFactory(commitment=commitment), MeasureFactory(commitment=commitment, published=False)


@pytest.mark.smoke
def test_proposal_list_shows_published_only_with_answer_and_public_measures(client, city, measures):
    shown, hidden_measure = measures
    published = _proposal(
        city, "Cours du soir", answer_status=ProposalAnswerStatus.ACCEPTED, answer="Oui, dès la rentrée."
    )
    published.measures.set([shown, hidden_measure])
    _proposal(city, "En attente", moderation=ProposalModeration.PENDING)
    _proposal(city, "Rejetée", moderation=ProposalModeration.REJECTED)
    body = client.get("/api/v1/events/proposals").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["id"], item["title"], item["status"], item["answer"]) == (
        published.pk,
        "Cours du soir",
        "accepted",
        "Oui, dès la rentrée.",
    )
    assert item["measures"] == [shown.pk]
    assert "author" not in item


def test_proposal_list_filters_and_refuses_unknown_values(client, city):
    district = city.districts.order_by("number").first()
    _proposal(city, "A", answer_status=ProposalAnswerStatus.IMPLEMENTED, district=district)
    _proposal(city, "B", answer_status=ProposalAnswerStatus.UNDER_STUDY)
    assert [p["title"] for p in client.get("/api/v1/events/proposals?status=implemented").json()["items"]] == ["A"]
    by_district = client.get(f"/api/v1/events/proposals?district={district.number}").json()
    assert [p["district"] for p in by_district["items"]] == [district.number]
    bad = client.get("/api/v1/events/proposals?status=nope")
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid" and bad.json()["error"]["details"] == {"status": "nope"}
    assert client.get("/api/v1/events/proposals?district=99").json()["error"]["code"] == "invalid"


def test_proposal_detail_hides_unpublished_and_other_cities(client, city, other_city):
    published = _proposal(city, "Publiée")
    pending = _proposal(city, "En attente", moderation=ProposalModeration.PENDING)
    elsewhere = _proposal(other_city, "Ailleurs")
    assert client.get(f"/api/v1/events/proposals/{published.pk}").json()["title"] == "Publiée"
    for proposal in (pending, elsewhere):
        response = client.get(f"/api/v1/events/proposals/{proposal.pk}")
        assert response.status_code == 404
        error = response.json()["error"]
        assert (error["code"], error["details"]) == ("not_found", None) and error["message"]
    # The author of a pending proposal does not see it through the public API either.
    client.force_login(pending.author)
    assert client.get(f"/api/v1/events/proposals/{pending.pk}").status_code == 404


@pytest.fixture
def library(city, other_city):
    organisation = OrganisationFactory(city=city)
    return {
        "organisation": organisation,
        "public": _resource(city, "Guide public", ResourceVisibility.PUBLIC, organisation),
        "members": _resource(city, "Compte rendu interne", ResourceVisibility.MEMBERS, organisation),
        "elsewhere": _resource(other_city, "Autre ville", ResourceVisibility.PUBLIC),
    }


def _titles(response):
    assert response.status_code == 200, response.content
    return sorted(item["title"] for item in response.json()["items"])


@pytest.mark.smoke
def test_anonymous_sees_public_resources_only(client, library):
    assert _titles(client.get("/api/v1/events/resources")) == ["Guide public"]
    hidden = client.get(f"/api/v1/events/resources/{library['members'].pk}")
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "not_found"
    item = client.get(f"/api/v1/events/resources/{library['public'].pk}").json()
    assert item["tags"] == ["santé", "droits"] and item["organisation"] == library["organisation"].name


def test_signed_in_member_sees_members_only_resources(client, city, library):
    client.force_login(organisation_member(library["organisation"]))
    assert _titles(client.get("/api/v1/events/resources")) == ["Compte rendu interne", "Guide public"]
    assert client.get(f"/api/v1/events/resources/{library['members'].pk}").status_code == 200


def test_signed_in_non_member_sees_public_only(client, library):
    client.force_login(UserFactory())
    assert _titles(client.get("/api/v1/events/resources")) == ["Guide public"]


def test_organisation_token_of_the_city_sees_members_only_resources(client, city, library):
    raw = api_token_for(library["organisation"])
    response = client.get("/api/v1/events/resources", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert _titles(response) == ["Compte rendu interne", "Guide public"]


def test_token_of_another_city_sees_public_only_and_bad_token_is_refused(client, other_city, library):
    raw = api_token_for(OrganisationFactory(city=other_city))
    assert _titles(client.get("/api/v1/events/resources", HTTP_AUTHORIZATION=f"Bearer {raw}")) == ["Guide public"]
    refused = client.get("/api/v1/events/resources", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthenticated"


def test_resource_search_and_tag_filters(client, library):
    assert _titles(client.get("/api/v1/events/resources?q=guide")) == ["Guide public"]
    assert _titles(client.get("/api/v1/events/resources?q=introuvable")) == []
    assert _titles(client.get("/api/v1/events/resources?tag=droits")) == ["Guide public"]
    assert client.get("/api/v1/events/resources?q=" + "x" * 101).status_code == 422


def test_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/events/proposals",
        "/api/v1/events/proposals/{proposal_id}",
        "/api/v1/events/resources",
        "/api/v1/events/resources/{resource_id}",
    ):
        assert "get" in paths[path], path


def test_event_detail_route_still_answers(client, city):
    from accueil.testing.participation_factories import EventFactory

    event = EventFactory(city=city, title="Réunion")
    assert client.get(f"/api/v1/events/{event.pk}").json()["title"] == "Réunion"
