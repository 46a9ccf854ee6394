"""Demo proposals and resources: idempotent, marked as demo, answered, linked to plan measures when the plan is
loaded, with public and members-only resources and one resource in two versions."""

from __future__ import annotations

import io

import pytest

from accueil.participation import demo
from accueil.participation.models import Proposal, ProposalModeration, Resource, ResourceVersion, ResourceVisibility
from accueil.testing.factories import OrganisationFactory, UserFactory
from accueil.testing.plan_factories import CommitmentFactory, MeasureFactory, PlanFactory

pytestmark = pytest.mark.django_db


def _snapshot(city):
    return (
        sorted(Proposal.objects.filter(city=city).values_list("title", "moderation", "answer_status")),
        sorted(Resource.objects.filter(city=city).values_list("title", "version", "visibility")),
        ResourceVersion.objects.filter(city=city).count(),
    )


@pytest.mark.smoke
def test_contributions_demo_is_idempotent_and_marked(city):
    for name in ("volunteer", "host"):
        UserFactory(email=f"{name}@demo.accueil.invalid")
    for n in range(4):
        OrganisationFactory(city=city, is_demo=True, name=f"Association {n} (démo)")
    plan = PlanFactory(city=city)
    measures = {n: MeasureFactory(commitment=CommitmentFactory(cornerstone__plan=plan, number=n)) for n in (1, 5, 10)}
    out = io.StringIO()
    first = demo.load_contributions_demo(city=city, stdout=out)
    assert first == {"proposals": 12, "resources": 10, "resource_versions": 11}
    after = _snapshot(city)
    assert demo.load_contributions_demo(city=city) == {"proposals": 0, "resources": 0, "resource_versions": 0}
    assert _snapshot(city) == after
    assert "12 proposals, 10 resources" in out.getvalue()

    proposals = Proposal.objects.filter(city=city)
    assert all(p.is_demo and "(démo)" in p.title for p in proposals)
    published = proposals.filter(moderation=ProposalModeration.PUBLISHED)
    assert published.count() == 10
    assert len({p.answer_status for p in published}) == 5
    assert published.exclude(answer="").count() == 8
    assert proposals.get(moderation=ProposalModeration.REJECTED).rejection_reason
    linked = {m.pk for p in proposals for m in p.measures.all()}
    assert linked == {m.pk for m in measures.values()}

    resources = Resource.objects.filter(city=city)
    assert all(r.is_demo and "(démo)" in r.title for r in resources)
    visibilities = sorted(resources.values_list("visibility", flat=True))
    assert visibilities.count(ResourceVisibility.PUBLIC) == 5 and visibilities.count(ResourceVisibility.MEMBERS) == 5
    assert resources.filter(organisation__isnull=False).count() == 7
    versioned = resources.get(version=2)
    assert list(versioned.versions.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert versioned.body == versioned.versions.get(number=2).body != versioned.versions.get(number=1).body


def test_contributions_demo_without_plan_accounts_or_partners(city):
    counts = demo.load_contributions_demo(city=city)
    assert counts["proposals"] == 12 and counts["resources"] == 10
    assert not Proposal.objects.filter(measures__isnull=False).exists()
    assert {p.author.email for p in Proposal.objects.all()} == {"habitante@demo.accueil.invalid"}
    assert not Resource.objects.filter(organisation__isnull=False).exists()
