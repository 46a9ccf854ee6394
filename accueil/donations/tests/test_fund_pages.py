"""The fund's pages: gifts, calls, applications, scoring, allocation through the page, sponsors."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from accueil.donations import fairness, sponsoring
from accueil.donations.fund import services as fund_services
from accueil.donations.fund.selectors import call_candidates
from accueil.donations.models import (
    Allocation,
    Application,
    CallForProjects,
    Campaign,
    Donation,
    Score,
    Sponsor,
    SponsorContact,
)
from accueil.organisations.models import Sector
from accueil.testing.accounts_factories import totp_activate, user_with_role
from accueil.testing.factories import MembershipFactory, OrganisationFactory, UserFactory
from accueil.testing.pageweight import assert_page_weight

D = Decimal
MANAGE = "/en/donations/fund/manage/"


@pytest.fixture
def foundation(city):
    return OrganisationFactory(city=city, name="Fondation", slug="fondation", type="foundation")


@pytest.fixture
def campaign(city, foundation):
    return Campaign.objects.create(city=city, title="Paris accueille", foundation=foundation, starts_on="2015-09-10")


@pytest.fixture
def call(city, campaign):
    return CallForProjects.objects.create(
        city=city,
        campaign=campaign,
        title="Initiatives",
        budget=D(5000),
        cap_per_organisation=D(3000),
        closes_on=timezone.localdate() + dt.timedelta(days=30),
    )


@pytest.fixture
def clerk(foundation):
    user = UserFactory(email="clerk@fondation.example")
    MembershipFactory(user=user, organisation=foundation)
    return user


def test_no_model_field_suggests_card_data():
    words = ("card", "pan", "cvv", "cvc", "iban", "expiry", "expiration", "bank", "carte")
    for model in apps.get_app_config("donations").get_models():
        for field in model._meta.get_fields():
            parts = field.name.lower().split("_")
            assert not any(word in parts for word in words), f"{model.__name__}.{field.name}"


@pytest.mark.smoke
def test_foundation_staff_record_a_donation_and_others_cannot(client, city, campaign, clerk, staff):
    data = {
        "action": "donation",
        "campaign": campaign.pk,
        "amount": "250.00",
        "received_on": "2015-09-12",
        "donor_name": "Marie",
        "consent_to_be_named": "on",
    }
    client.force_login(staff)
    assert client.get(MANAGE).status_code == 403
    assert client.post(MANAGE, data).status_code == 403
    client.logout()
    assert client.post(MANAGE, data).status_code == 302
    assert not Donation.objects.exists()
    client.force_login(clerk)
    page = client.get(MANAGE).content.decode()
    names = re.findall(r'name="([^"]+)"', page)
    assert "amount" in names and not [n for n in names if re.search(r"card|cvv|cvc|iban|expir", n)]
    assert client.post(MANAGE, data).status_code == 302
    donation = Donation.objects.get()
    assert (donation.amount, donation.donor_name, donation.consent_to_be_named, donation.recorded_by) == (
        D("250.00"),
        "Marie",
        True,
        clerk,
    )
    # the clerk cannot open a call
    call_data = {
        "action": "call",
        "call-campaign": campaign.pk,
        "call-title": "X",
        "call-budget": "100",
        "call-cap_per_organisation": "50",
        "call-closes_on": "2099-01-01",
    }
    assert client.post(MANAGE, call_data).status_code == 403
    assert not CallForProjects.objects.exists()


def test_coordinator_opens_a_call(client, campaign, coordinator):
    client.force_login(coordinator)
    data = {
        "action": "call",
        "call-campaign": campaign.pk,
        "call-title": "Projets",
        "call-budget": "1000",
        "call-cap_per_organisation": "2000",
        "call-closes_on": "2099-01-01",
    }
    response = client.post(MANAGE, data)
    assert response.status_code == 400 and "cannot exceed the budget" in response.content.decode()
    assert not CallForProjects.objects.exists()
    data["call-cap_per_organisation"] = "500"
    assert client.post(MANAGE, data).status_code == 302
    call = CallForProjects.objects.get()
    assert (call.title, call.budget, call.cap_per_organisation, call.status) == ("Projets", D(1000), D(500), "open")


def _apply(client, call, organisation, district, amount, project):
    return client.post(
        f"/en/donations/fund/calls/{call.pk}/",
        {
            "action": "apply",
            "apply-organisation": organisation.pk,
            "apply-project": project,
            "apply-district": district.pk,
            "apply-amount_requested": str(amount),
            "apply-summary": "Cours de français",
        },
    )


def test_apply_score_average_and_allocate_through_the_pages(client, city, call, coordinator):
    districts = list(city.districts.order_by("number"))
    outsider = UserFactory()
    client.force_login(outsider)
    org = OrganisationFactory(city=city)
    assert _apply(client, call, org, districts[0], 100, "Intrus").status_code == 403
    assert not Application.objects.exists()
    for index, (amount, district) in enumerate(((4000, 0), (2000, 0), (2500, 1))):
        organisation = OrganisationFactory(city=city)
        member = UserFactory()
        MembershipFactory(user=member, organisation=organisation)
        client.force_login(member)
        assert _apply(client, call, organisation, districts[district], amount, f"Projet {index}").status_code == 302
    applications = list(Application.objects.order_by("pk"))
    assert [a.project for a in applications] == ["Projet 0", "Projet 1", "Projet 2"]
    # a member cannot score or publish
    url = f"/en/donations/fund/calls/{call.pk}/"
    score_url, publish_url = f"{url}score/", f"{url}publish/"
    assert client.post(score_url, {"application": applications[0].pk, "value": 9}).status_code == 403
    assert client.post(publish_url).status_code == 403
    assert not Score.objects.exists() and not Allocation.objects.exists()
    # two committee members: one score each per application, the average is shown
    second = user_with_role(city=city, role="coordinator", email="second@example.org")
    totp_activate(user=second)
    for reviewer, values in ((coordinator, (9, 8, 6)), (second, (6, 8, 7))):
        client.force_login(reviewer)
        for application, value in zip(applications, values, strict=True):
            assert client.post(score_url, {"application": application.pk, "value": value}).status_code == 302
    client.force_login(coordinator)
    client.post(score_url, {"application": applications[0].pk, "value": 10})  # replaces, not adds
    assert Score.objects.count() == 6
    page = client.get(url).content.decode()
    assert "8.00 (2 scores)" in page and "6.50 (2 scores)" in page
    assert client.post(score_url, {"application": applications[0].pk, "value": 11}).status_code == 400
    assert Score.objects.get(application=applications[0], reviewer=coordinator).value == 10
    expected = fairness.allocate(
        candidates=call_candidates(call=call), budget=call.budget, cap_per_organisation=call.cap_per_organisation
    )
    assert client.post(publish_url).status_code == 302
    stored = list(Allocation.objects.order_by("rank").values_list("application_id", "amount", "rank", "reasons"))
    assert stored == sorted([(g.key, g.amount, g.rank, g.reasons) for g in expected], key=lambda row: row[2])
    assert sum(row[1] for row in stored) == D(5000)
    call.refresh_from_db()
    assert call.status == "allocated"
    public = client.get("/en/donations/fund/").content.decode()
    assert "limited to €3000.00 by the cap per organisation" in public and "Projet 0" in public
    assert client.post(publish_url).status_code == 400
    assert Allocation.objects.count() == len(stored)


def test_fund_call_page_is_light(client, call):
    assert_page_weight(client, f"/fr/donations/fund/calls/{call.pk}/")
    assert_page_weight(client, "/fr/donations/fund/")


def _best_total(sponsors, projects):
    """Brute force: the best total score over every assignment respecting the capacities."""
    edges = {(s.id, p.id): sponsoring.pair_score(s, p) for s in sponsors for p in projects}
    best = 0.0
    options = [[None] + [s.id for s in sponsors] for _ in projects]
    for choice in itertools.product(*options):
        counts = {}
        total = 0.0
        ok = True
        for project, sponsor_id in zip(projects, choice, strict=True):
            if sponsor_id is None:
                continue
            scored = edges[(sponsor_id, project.id)]
            if scored is None:
                ok = False
                break
            counts[sponsor_id] = counts.get(sponsor_id, 0) + 1
            total += scored[0]
        capacities = {s.id: s.capacity_left for s in sponsors}
        if ok and all(counts[k] <= capacities[k] for k in counts):
            best = max(best, total)
    return round(best, 3)


def test_sponsor_matching_is_the_engines_optimum_and_contact_is_confirmed(client, city, call, coordinator, staff):
    housing = Sector.objects.get_or_create(code="housing", defaults={"name": "Housing"})[0]
    health = Sector.objects.get_or_create(code="health", defaults={"name": "Health"})[0]
    d1, d2, d3 = city.districts.order_by("number")
    projects = []
    for index, (sector, district, amount) in enumerate(((housing, d1, 1000), (health, d2, 3000), (housing, d3, 500))):
        organisation = OrganisationFactory(city=city)
        projects.append(
            Application.objects.create(
                city=city,
                call=call,
                organisation=organisation,
                project=f"P{index}",
                district=district,
                sector=sector,
                amount_requested=D(amount),
            )
        )
    member = UserFactory()
    MembershipFactory(user=member, organisation=projects[0].organisation)
    a = fund_services.sponsor_save(
        city=city, name="A", budget=D(1000), capacity=1, sectors=[housing], acting_user=coordinator
    )
    b = fund_services.sponsor_save(
        city=city,
        name="B",
        budget=D(3000),
        capacity=2,
        districts=[d2, d3],
        contact_email="b@sponsor.example",
        acting_user=coordinator,
    )
    fund_services.sponsor_save(
        city=city, name="C", budget=D(100), capacity=1, sectors=[health], acting_user=coordinator
    )
    from accueil.donations.fund.selectors import sponsoring_inputs

    sponsor_specs, project_specs, _s, _p = sponsoring_inputs(city=city)
    pairs, objective = sponsoring.propose(sponsor_specs, project_specs)
    assert round(objective, 3) == _best_total(sponsor_specs, project_specs)
    assert round(sum(p.score for p in pairs if p.proposed), 3) == round(objective, 3)
    url = "/en/donations/fund/sponsors/"
    # not a coordinator: refused, nothing recorded
    client.force_login(staff)
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "confirm", "sponsor": b.pk, "application": projects[0].pk}).status_code == 403
    assert (
        client.post(
            url, {"action": "sponsor", "sponsor-name": "X", "sponsor-budget": "1", "sponsor-capacity": 1}
        ).status_code
        == 403
    )
    assert not SponsorContact.objects.exists() and Sponsor.objects.count() == 3
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "sector 3" in page and "district 2" in page
    # no shared interest: refused
    assert client.post(url, {"action": "confirm", "sponsor": a.pk, "application": projects[1].pk}).status_code == 400
    assert client.post(url, {"action": "confirm", "sponsor": b.pk, "application": projects[0].pk}).status_code == 400
    assert client.post(url, {"action": "confirm", "sponsor": b.pk, "application": projects[2].pk}).status_code == 302
    contact = SponsorContact.objects.get()
    assert (contact.sponsor, contact.application, contact.confirmed_by) == (b, projects[2], coordinator)
    assert (
        client.post(
            url, {"action": "sponsor", "sponsor-name": "D", "sponsor-budget": "10", "sponsor-capacity": 1}
        ).status_code
        == 302
    )
    assert Sponsor.objects.count() == 4
    # the project's organisation sees the sponsor's contact; others do not
    other = MembershipFactory(user=UserFactory(), organisation=projects[2].organisation).user
    client.force_login(other)
    assert "b@sponsor.example" in client.get("/en/donations/fund/my-applications/").content.decode()
    client.force_login(member)
    assert "b@sponsor.example" not in client.get("/en/donations/fund/my-applications/").content.decode()
