from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accueil.donations.fairness import Candidate, allocate
from accueil.donations.fund import services as fund_services
from accueil.donations.models import Allocation, CallForProjects, Campaign, Donation
from accueil.testing.factories import MembershipFactory, OrganisationFactory, UserFactory

D = Decimal
T0 = dt.datetime(2015, 9, 10, 9, 0, tzinfo=dt.UTC)


def _c(key, org, district, score, requested, minutes=0):
    return Candidate(
        key=key,
        organisation=org,
        district=district,
        score=D(score),
        requested=D(requested),
        submitted=T0 + dt.timedelta(minutes=minutes),
    )


@pytest.mark.smoke
def test_round_robin_balances_districts():
    candidates = [
        _c("a1", "A", 1, 9, 1000),
        _c("a2", "B", 1, 8, 1000),
        _c("a3", "C", 1, 7, 1000),
        _c("b1", "D", 2, 6, 1000),
    ]
    grants = allocate(candidates=candidates, budget=D(2500), cap_per_organisation=D(5000))
    # district 2's only project is funded before district 1's second, despite a lower score
    assert [(g.key, g.amount) for g in grants] == [("a1", D(1000)), ("b1", D(1000)), ("a2", D(500))]
    assert sum(g.amount for g in grants) == D(2500)
    assert grants[2].reasons[-1] == ["capped_by_budget", "500.00"]


def test_cap_per_organisation():
    candidates = [_c("x1", "A", 1, 9, 3000), _c("x2", "A", 2, 8, 3000), _c("x3", "B", 3, 5, 1000)]
    grants = allocate(candidates=candidates, budget=D(10000), cap_per_organisation=D(4000))
    assert [(g.key, g.amount) for g in grants] == [("x1", D(3000)), ("x2", D(1000)), ("x3", D(1000))]
    assert grants[1].reasons[-1] == ["capped_by_organisation", "1000.00"]
    by_org = {}
    for grant, candidate in zip(grants, candidates, strict=True):
        by_org[candidate.organisation] = by_org.get(candidate.organisation, 0) + grant.amount
    assert max(by_org.values()) <= D(4000)


def test_budget_exhausted_exactly_and_ties_deterministic():
    candidates = [_c(f"k{i}", f"O{i}", i % 3, 7, 700, minutes=10 - i) for i in range(9)]
    first = allocate(candidates=candidates, budget=D(3000), cap_per_organisation=D(1000))
    second = allocate(candidates=list(reversed(candidates)), budget=D(3000), cap_per_organisation=D(1000))
    assert [(g.key, g.amount) for g in first] == [(g.key, g.amount) for g in second]
    assert sum(g.amount for g in first) == D(3000)
    # equal scores: the earlier submission (k8, submitted first) ranks first
    assert first[0].key == "k8" and first[0].rank == 1


def test_nothing_to_allocate():
    assert allocate(candidates=[], budget=D(1000), cap_per_organisation=D(100)) == []
    assert allocate(candidates=[_c("a", "A", 1, 5, 10)], budget=D(0), cap_per_organisation=D(100)) == []


@pytest.fixture
def foundation(city):
    return OrganisationFactory(city=city, name="Fondation de France", slug="fondation-de-france", type="foundation")


@pytest.fixture
def call(city, foundation):
    campaign = Campaign.objects.create(
        city=city, title="Paris accueille", foundation=foundation, starts_on="2015-09-10"
    )
    return CallForProjects.objects.create(
        city=city,
        campaign=campaign,
        title="Initiatives citoyennes",
        budget=D(5000),
        cap_per_organisation=D(3000),
        closes_on=timezone.localdate() + dt.timedelta(days=30),
    )


def test_fund_end_to_end_and_transparency(client, city, call, foundation, coordinator):
    clerk = UserFactory(email="clerk@fondation.example")
    MembershipFactory(user=clerk, organisation=foundation)
    outsider = UserFactory(email="outsider@example.org")
    with pytest.raises(PermissionDenied):
        fund_services.donation_record(
            campaign=call.campaign, amount=D(50), received_on=timezone.localdate(), acting_user=outsider
        )
    assert not Donation.objects.exists()
    fund_services.donation_record(
        campaign=call.campaign,
        amount=D("8000"),
        received_on=timezone.localdate(),
        donor_name="Fondation PSG",
        consent_to_be_named=True,
        acting_user=clerk,
    )
    fund_services.donation_record(
        campaign=call.campaign,
        amount=D("120"),
        received_on=timezone.localdate(),
        donor_name="Secret",
        acting_user=clerk,
    )
    districts = list(city.districts.order_by("number"))
    applicants = []
    for index, (amount, district) in enumerate(((4000, 0), (2000, 0), (2500, 1))):
        organisation = OrganisationFactory(city=city)
        member = UserFactory()
        MembershipFactory(user=member, organisation=organisation)
        applicants.append(
            fund_services.application_submit(
                call=call,
                organisation=organisation,
                project=f"Projet {index}",
                district=districts[district],
                amount_requested=D(amount),
                acting_user=member,
            )
        )
    with pytest.raises(PermissionDenied):
        fund_services.application_score(application=applicants[0], value=9, acting_user=outsider)
    for application, value in zip(applicants, (9, 8, 6), strict=True):
        fund_services.application_score(application=application, value=value, acting_user=coordinator)
    allocations = fund_services.call_allocate(call=call, acting_user=coordinator)
    assert [(a.application.project, a.amount) for a in allocations] == [
        ("Projet 0", D(3000)),
        ("Projet 2", D(2000)),
    ]
    assert Allocation.objects.count() == 2
    page = client.get("/en/donations/fund/").content.decode()
    assert "Fondation PSG" in page and "Secret" not in page
    assert "8120" in page and "5000" in page
    assert "limited to €3000.00 by the cap per organisation" in page
