"""Browser journeys: a resident submits a proposal with JavaScript off in French; the proposals list and a
resource page in Arabic have no serious accessibility violation."""

from __future__ import annotations

import re

import pytest

from accueil.participation.models import (
    Proposal,
    ProposalAnswerStatus,
    ProposalModeration,
    Resource,
    ResourceVisibility,
)
from accueil.testing.browser import axe_violations
from accueil.testing.factories import UserFactory

PASSWORD = "un-mot-de-passe-solide-2015"


def _sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/fr/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    # Wait for the signed-in landing page, so that the session cookie is set before the next navigation.
    page.wait_for_url(re.compile(r"/accounts/me/"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_resident_submits_a_proposal_without_javascript(new_page, live_server, city):
    resident = UserFactory(email="habitant@example.org")
    resident.set_password(PASSWORD)
    resident.save()
    page = new_page(locale="fr", java_script_enabled=False)
    _sign_in(page, live_server, resident.email)
    page.goto(f"{live_server.url}/fr/events/proposals/new/")
    assert page.locator("h1").count() == 1
    page.fill("input[name=title]", "Des cours de français le samedi")
    page.fill("textarea[name=body]", "Ouvrir des cours le samedi matin dans les mairies d'arrondissement.")
    page.locator("main form button[type=submit]").last.click()
    proposal = Proposal.objects.get(author=resident)
    assert (proposal.title, proposal.moderation, proposal.city_id) == (
        "Des cours de français le samedi",
        ProposalModeration.PENDING,
        city.pk,
    )
    assert "/fr/events/proposals/" in page.url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_proposals_and_resource_pages_in_arabic_are_accessible(new_page, live_server, city):
    author = UserFactory()
    Proposal.objects.create(
        city=city,
        author=author,
        title="Des cours du soir",
        body="Ouvrir des cours après 18 h.",
        moderation=ProposalModeration.PUBLISHED,
        answer_status=ProposalAnswerStatus.ACCEPTED,
        answer="Oui, dès la rentrée.",
    )
    resource = Resource.objects.create(
        city=city,
        title="Guide de l'accueil de jour",
        summary="Horaires et adresses.",
        body="Les accueils de jour proposent une domiciliation.",
        visibility=ResourceVisibility.PUBLIC,
        tags="orientation",
    )
    page = new_page(locale="ar")
    for path in ("/ar/events/proposals/", f"/ar/events/resources/{resource.pk}/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("h1").count() == 1
        assert axe_violations(page) == [], path
