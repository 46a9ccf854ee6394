"""The placement engine against an independent brute-force solver on small instances, and its vectorised
rules against the readable one for every pair."""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from accueil.learning.placement import (
    ClassFacts,
    LearnerFacts,
    eligible_arrays,
    place,
    refusals,
    score,
    suitable,
)

KINDS = ("french", "literacy")


@st.composite
def classes(draw: st.DrawFn, index: int) -> ClassFacts:
    required = draw(st.integers(0, 3))
    return ClassFacts(
        id=100 + index,
        kind=draw(st.sampled_from(KINDS)),
        level_required=required,
        level_reached=draw(st.integers(required, 4)),
        days=draw(st.integers(1, 127)),
        period=draw(st.sampled_from((1, 2, 4))),
        childcare=draw(st.booleans()),
        women_only=draw(st.booleans()),
        cost=draw(st.sampled_from((0, 0, 20))),
        latitude=48.85 + draw(st.integers(0, 4)) * 0.01,
        longitude=2.35,
        free=draw(st.integers(0, 2)),
    )


@st.composite
def learners(draw: st.DrawFn, index: int) -> LearnerFacts:
    return LearnerFacts(
        id=index,
        kind=draw(st.sampled_from(KINDS)),
        level=draw(st.integers(0, 4)),
        days=draw(st.sampled_from((127, 127, 1 | 4 | 16, 32 | 64))),
        periods=draw(st.integers(1, 7)),
        needs_childcare=draw(st.booleans()),
        women_only=draw(st.sampled_from(("no", "accept", "only"))),
        free_only=draw(st.booleans()),
        latitude=48.85 + draw(st.integers(0, 4)) * 0.01,
        longitude=2.35,
        max_km=draw(st.sampled_from((1.0, 2.0, 5.0))),
        weeks_waited=draw(st.integers(0, 60)) / 2,
    )


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[ClassFacts], list[LearnerFacts]]:
    n_classes, n_learners = draw(st.integers(1, 3)), draw(st.integers(1, 5))
    return (
        [draw(classes(i)) for i in range(n_classes)],
        [draw(learners(j)) for j in range(n_learners)],
    )


def brute_force(courses: list[ClassFacts], people: list[LearnerFacts]) -> float:
    """Try every way of giving each learner one suitable class or none, within the free places."""
    options = [[None] + [c for c in courses if suitable(c, x)] for x in people]
    best = 0.0
    for choice in itertools.product(*options):
        used: dict[int, int] = {}
        total = 0.0
        for course, person in zip(choice, people, strict=True):
            if course is None:
                continue
            used[course.id] = used.get(course.id, 0) + 1
            total += score(course, person)
        if all(used[c.id] <= c.free for c in courses if c.id in used):
            best = max(best, total)
    return round(best, 3)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(instances())
def test_engine_reaches_the_brute_force_optimum(instance):
    courses, people = instance
    result = place(courses, people)
    assert round(result.objective, 3) == brute_force(courses, people)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(instances())
def test_every_proposal_keeps_the_hard_rules_and_the_capacities(instance):
    courses, people = instance
    result = place(courses, people)
    by_id = {c.id: c for c in courses}
    people_by_id = {x.id: x for x in people}
    assert all(suitable(by_id[p.course], people_by_id[p.learner]) for p in result.proposals)
    assert len({p.learner for p in result.proposals}) == len(result.proposals)
    for course in courses:
        assert sum(p.course == course.id for p in result.proposals) <= course.free


@settings(max_examples=100, deadline=None, derandomize=True)
@given(instances())
def test_vectorised_rules_equal_the_readable_ones(instance):
    courses, people = instance
    edges = eligible_arrays(courses, people)
    fast = {(courses[c].id, people[x].id) for c, x in zip(edges.course.tolist(), edges.learner.tolist(), strict=True)}
    plain = {(c.id, x.id) for c in courses for x in people if c.free > 0 and suitable(c, x)}
    assert fast == plain


def test_reasons_add_up_to_the_score():
    course = ClassFacts(1, "french", 0, 1, 1, 1, False, False, 0, 48.85, 2.35, 1)
    person = LearnerFacts(7, "french", 0, 127, 7, False, "no", True, 48.86, 2.35, 5.0, 3.0)
    [proposal] = place([course], [person]).proposals
    assert round(sum(points for _, points in proposal.reasons), 3) == proposal.score == score(course, person)


def test_the_longest_wait_wins_the_last_place():
    course = ClassFacts(1, "french", 0, 1, 1, 1, False, False, 0, 48.85, 2.35, 1)
    recent = LearnerFacts(1, "french", 0, 127, 7, False, "no", True, 48.85, 2.35, 5.0, 1.0)
    longest = LearnerFacts(2, "french", 0, 127, 7, False, "no", True, 48.85, 2.35, 5.0, 9.0)
    assert [p.learner for p in place([course], [recent, longest]).proposals] == [2]


def test_a_forbidden_pair_is_never_proposed():
    course = ClassFacts(1, "french", 0, 1, 1, 1, False, False, 0, 48.85, 2.35, 1)
    person = LearnerFacts(5, "french", 0, 127, 7, False, "no", True, 48.85, 2.35, 5.0, 1.0)
    assert place([course], [person], forbidden=frozenset({(5, 1)})).proposals == ()


def test_refusals_name_each_broken_rule():
    course = ClassFacts(1, "french", 2, 3, 32, 4, False, True, 20, 48.95, 2.35, 1)
    person = LearnerFacts(5, "french", 0, 1, 1, True, "no", True, 48.85, 2.35, 2.0, 1.0)
    assert refusals(course, person) == ["level", "days", "time", "childcare", "women_only", "cost", "distance"]


def test_a_larger_random_instance_places_everyone_it_can():
    rng = random.Random(16)
    courses = [
        ClassFacts(i, "french", lv, lv + 1, 1, 1, False, False, 0, 48.85 + rng.random() * 0.05, 2.35, rng.randint(1, 5))
        for i, lv in ((i, rng.randint(0, 3)) for i in range(40))
    ]
    people = [
        LearnerFacts(
            j, "french", rng.randint(0, 3), 127, 7, False, "no", True, 48.85 + rng.random() * 0.05, 2.35, 50.0, 1
        )
        for j in range(200)
    ]
    result = place(courses, people)
    capacity = {level: sum(c.free for c in courses if c.level_required == level) for level in range(4)}
    demand = {level: sum(x.level == level for x in people) for level in range(4)}
    assert len(result.proposals) == sum(min(capacity[v], demand[v]) for v in range(4))
