"""The published rule, recomputed by hand on a known case, and every published score recomputed from its answers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accueil.evaluation import scoring, selectors
from accueil.evaluation.models import Assessment, NodeScore

pytestmark = pytest.mark.django_db


def test_known_case_by_hand(small_framework, make_published):
    # A1.1 partly (50), A1.2 yes (100, weight 2) → A1 = (50 + 200) / 3 = 83.333…
    # A2.1 level 1 of 3 → 33.333…; A = (1 × 83.333… + 2 × 33.333…) / 3 = 50
    # B1.1 no → B = 0; overall = (3 × 50 + 1 × 0) / 4 = 37.5
    # The reviewer moves A1.2 to "partly": A1 = 50, A = (50 + 66.666…) / 3 = 38.888… → 38.89; overall 29.166… → 29.17
    assessment = make_published(
        small_framework,
        choice={"A1.1": "partly", "A1.2": "yes", "A2.1": "1", "B1.1": "no"},
        challenge={"A1.2": "partly"},
    )
    stored = {
        s.node.code: (s.score, s.reviewed_score)
        for s in NodeScore.objects.filter(assessment=assessment).select_related("node")
    }
    assert stored == {
        "A": (Decimal("50.00"), Decimal("38.89")),
        "A1": (Decimal("83.33"), Decimal("50.00")),
        "A1.1": (Decimal("50.00"), Decimal("50.00")),
        "A1.2": (Decimal("100.00"), Decimal("50.00")),
        "A2": (Decimal("33.33"), Decimal("33.33")),
        "A2.1": (Decimal("33.33"), Decimal("33.33")),
        "B": (Decimal("0.00"), Decimal("0.00")),
        "B1": (Decimal("0.00"), Decimal("0.00")),
        "B1.1": (Decimal("0.00"), Decimal("0.00")),
    }
    assert (assessment.score, assessment.reviewed_score) == (Decimal("37.50"), Decimal("29.17"))


def test_rounding_is_applied_once_never_to_a_parent_input():
    # Three children at 33.335 each would give 33.34 if rounded first; exactly, the parent is 100/3 → 33.33.
    nodes = [scoring.Node(1, None, Decimal(1))] + [
        scoring.Node(10 + i, 1, Decimal(1), max_points=Decimal(3)) for i in range(3)
    ]
    assert scoring.scores(nodes, {10: Decimal(1), 11: Decimal(1), 12: Decimal(1)}) == {
        1: Decimal("33.33"),
        10: Decimal("33.33"),
        11: Decimal("33.33"),
        12: Decimal("33.33"),
        None: Decimal("33.33"),
    }


def test_a_node_without_answers_has_no_score_not_zero():
    nodes = [
        scoring.Node(1, None, Decimal(1)),
        scoring.Node(2, 1, Decimal(1), max_points=Decimal(100)),
        scoring.Node(3, None, Decimal(1)),
        scoring.Node(4, 3, Decimal(1), max_points=Decimal(100)),
    ]
    assert scoring.scores(nodes, {2: Decimal(50)}) == {2: Decimal("50.00"), 1: Decimal("50.00"), None: Decimal("50.00")}


def test_every_published_score_is_recomputed_from_its_answers(shipped, make_published):
    oecd, charter = shipped
    make_published(oecd, cycle=2024, choice={"O1.1": "0", "O5.1": "2"}, challenge={"O5.1": "1"})
    make_published(charter, cycle=2024, choice={"C1.1.1": "partly"})
    published = list(Assessment.objects.filter(status="published"))
    assert len(published) == 2
    for assessment in published:
        own, reviewed = selectors.assessment_scores(assessment=assessment)
        stored = {s.node_id: (s.score, s.reviewed_score) for s in assessment.node_scores.all()}
        assert stored == {k: (v, reviewed[k]) for k, v in own.items() if k is not None}
        assert (assessment.score, assessment.reviewed_score) == (own[None], reviewed[None])
