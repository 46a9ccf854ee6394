"""The Paris 2015 demo plan: complete, idempotent, with frozen reviews."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accueil.plan import demo, selectors
from accueil.plan.models import Commitment, IndicatorValue, Measure, MeasurePartner, Plan, Pledge, Project, Review


@pytest.fixture
def city(shared_city):
    """The demo is loaded once for the module (see ``shared_demo``); each test is rolled back on top of it."""
    return shared_city


@pytest.fixture
def demo_plan(shared_demo_plan):
    return shared_demo_plan


@pytest.mark.smoke
def test_demo_loads_the_whole_paris_plan(demo_plan, city):
    assert Commitment.objects.filter(plan=demo_plan).count() == 18
    assert Measure.objects.filter(commitment__plan=demo_plan).count() == 61
    assert Project.objects.filter(plan=demo_plan).count() == 27
    assert demo_plan.cornerstones.count() == 4
    assert Pledge.objects.filter(plan=demo_plan, event_name="Conférence citoyenne").exists()
    assert MeasurePartner.objects.filter(
        commitment__plan=demo_plan, organisation__name="Croix-Rouge française"
    ).exists()
    assert IndicatorValue.objects.filter(indicator__measure__commitment__plan=demo_plan, value=1500).exists()
    assert list(Review.objects.filter(plan=demo_plan).values_list("status", flat=True)) == ["frozen", "frozen"]
    versini = Commitment.objects.get(plan=demo_plan, number=1).lead_officials.get()
    assert versini.name == "Dominique Versini"


def test_demo_is_idempotent(demo_plan, city):
    again = demo.load_demo(city=city)
    assert again.pk == demo_plan.pk
    assert Plan.objects.filter(city=city).count() == 1
    assert Measure.objects.filter(commitment__plan=demo_plan).count() == 61


def test_plan_tree_takes_a_constant_number_of_queries(demo_plan):
    with CaptureQueriesContext(connection) as queries:
        tree = selectors.plan_tree(plan=demo_plan)
        commitments = list(tree.commitments())
    assert len(commitments) == 18
    # cornerstones, commitments, lead officials, measures, indicators + one per computed source
    assert len(queries) <= 5 + 3
    assert tree.progress.value is not None
