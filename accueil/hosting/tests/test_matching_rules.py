"""Safeguarding as hard rules: each rule tried to be broken, the array rules held against the plain ones, the
optimum checked against an independent solver, and a property test that no proposal ever breaks a rule."""

from __future__ import annotations

import datetime as dt
import itertools
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from accueil.hosting.edges import build_edges, solve_edges
from accueil.hosting.rules import (
    HouseholdFacts,
    OfferFacts,
    ShelterUnitFacts,
    offer_criteria,
    offer_refusals,
    shelter_criteria,
    shelter_refusals,
)
from accueil.shelters.eligibility import UnitFacts
from accueil.shelters.models import Reception, audience_mask

TODAY = dt.date(2026, 1, 5).toordinal()
DISTANCES = {(1, 1): 4000, (1, 2): 2000, (2, 1): 2000, (2, 2): 4000}


def household(**kw):
    base = {"id": 1, "composition": "man_alone", "adults": 1, "children": 0, "needed_from": TODAY}
    base.update(kw)
    return HouseholdFacts(**base)


def offer(**kw):
    base = {"id": 1, "verified": True, "beds": 2, "resident_men": 1, "resident_women": 1, "available_from": TODAY}
    base.update(kw)
    return OfferFacts(**base)


def proposals(households, offers, units=()):
    edges = build_edges(households=households, offers=offers, units=list(units), distance_millis=DISTANCES)
    pairs, _ = solve_edges(edges)
    return [(households[p.slot].id, edges.agent_ids[p.agent]) for p in pairs]


# --- Each rule, tried ----------------------------------------------------------------------------------------


def test_a_proposal_that_breaks_no_rule():
    h = household(composition="woman_with_children", adults=1, children=1, languages=frozenset({"ar"}), district=1)
    o = offer(resident_men=1, resident_women=1, languages=frozenset({"ar", "fr"}), district=1)
    assert offer_refusals(h, o) == []
    assert proposals([h], [o]) == [(1, "offer:1")]


@pytest.mark.parametrize("composition", ["woman_alone", "woman_with_children"])
@pytest.mark.parametrize("men", [1, 2])
def test_no_woman_alone_or_with_children_in_a_home_of_men_only(composition, men):
    children = 1 if composition == "woman_with_children" else 0
    h = household(composition=composition, children=children)
    o = offer(resident_men=men, resident_women=0, beds=3)
    assert "woman_with_men_only_home" in offer_refusals(h, o)
    assert proposals([h], [o]) == []


@pytest.mark.parametrize("composition", ["unaccompanied_minor", "young_awaiting_assessment"])
def test_no_minor_in_private_hosting(composition):
    h = household(composition=composition)
    o = offer(resident_men=0, resident_women=2, beds=4)
    assert "minor_in_private_hosting" in offer_refusals(h, o)
    assert proposals([h], [o]) == []
    # ...but a shelter unit for them is proposed.
    unit = ShelterUnitFacts(
        UnitFacts(
            unit_id=9,
            audiences=audience_mask(["young_awaiting_assessment", "minors"]),
            reception="exclusive",
            is_private=False,
            step_free=False,
            free_beds=3,
        )
    )
    assert proposals([h], [o], [unit]) == [(1, "unit:9")]


def test_no_household_in_an_unverified_home():
    h = household()
    o = offer(verified=False)
    assert offer_refusals(h, o) == ["unverified_home"]
    assert proposals([h], [o]) == []


@pytest.mark.parametrize(
    ("h_kw", "o_kw", "code"),
    [
        ({"adults": 2, "composition": "couple"}, {"beds": 1}, "too_many_guests"),
        (
            {"composition": "family", "adults": 2, "children": 1},
            {"beds": 4, "accepts_children": False},
            "children_not_welcome",
        ),
        ({"composition": "man_alone"}, {"accepts_men": False}, "men_not_welcome"),
        ({"has_pet": True}, {"accepts_guest_pets": False}, "pet_not_welcome"),
        ({"step_free_needed": True}, {"step_free": False}, "no_step_free_access"),
        ({}, {"available_from": TODAY + 45}, "not_available_in_time"),
        ({}, {"available_until": TODAY + 60, "min_months": 3}, "window_too_short"),
    ],
)
def test_the_hosts_declared_limits_are_respected(h_kw, o_kw, code):
    h = household(**h_kw)
    o = offer(**o_kw)
    assert code in offer_refusals(h, o)
    assert proposals([h], [o]) == []


def test_shelter_rules_hold_in_matching():
    men_unit = ShelterUnitFacts(UnitFacts(1, audience_mask(["men_alone"]), Reception.EXCLUSIVE, False, False, 5))
    minors_unit = ShelterUnitFacts(UnitFacts(2, audience_mask(["minors"]), Reception.UNCONDITIONAL, False, False, 5))
    woman = household(id=1, composition="woman_alone")
    man = household(id=2, composition="man_alone")
    assert shelter_refusals(woman, men_unit) == ["audience_not_served"]
    assert "unit_reserved_for_minors" in shelter_refusals(man, minors_unit)
    assert proposals([woman, man], [], [men_unit, minors_unit]) == [(2, "unit:1")]


def test_scores_explain_themselves():
    h = household(languages=frozenset({"ar", "fa", "ps"}), district=1, pregnancy=True)
    o = offer(languages=frozenset({"ar", "fa"}), district=1, step_free=True)
    criteria = offer_criteria(h, o, DISTANCES)
    edges = build_edges(households=[h], offers=[o], units=[], distance_millis=DISTANCES)
    assert int(edges.edge_millis[0]) == sum(criteria.values())
    assert (
        criteria["shared_language"] == 3000 and criteria["more_languages"] == 500 and criteria["accessibility"] == 500
    )


# --- Random instances: arrays = plain rules, optimum = independent solver, no proposal breaks a rule --------

COMPOSITIONS = [
    "man_alone",
    "woman_alone",
    "woman_with_children",
    "couple",
    "family",
    "adults",
    "young_awaiting_assessment",
    "unaccompanied_minor",
]
LANGS = ["fr", "ar", "fa", "ps", "ti", "am", "en"]


def random_instance(rng: random.Random, n_h: int, n_o: int, n_u: int):
    households = []
    for i in range(n_h):
        comp = rng.choice(COMPOSITIONS)
        adults = {"couple": 2, "family": 2, "adults": rng.randint(2, 3)}.get(comp, 1)
        children = rng.randint(1, 3) if comp in ("woman_with_children", "family") else 0
        households.append(
            HouseholdFacts(
                id=i + 1,
                composition=comp,
                adults=adults,
                children=children,
                needed_from=TODAY + rng.randint(0, 40),
                months_needed=rng.randint(1, 12),
                step_free_needed=rng.random() < 0.15,
                has_pet=rng.random() < 0.1,
                pregnancy=rng.random() < 0.1,
                medical_needs=rng.random() < 0.1,
                languages=frozenset(rng.sample(LANGS, rng.randint(0, 3))),
                district=rng.choice([1, 2, None]),
            )
        )
    offers = []
    for i in range(n_o):
        start = TODAY + rng.randint(-10, 60)
        offers.append(
            OfferFacts(
                id=i + 1,
                verified=rng.random() < 0.8,
                beds=rng.randint(1, 5),
                resident_men=rng.randint(0, 2),
                resident_women=rng.randint(0, 2),
                available_from=start,
                available_until=None if rng.random() < 0.5 else start + rng.randint(30, 400),
                min_months=3,
                max_months=rng.randint(3, 12),
                resident_children=rng.randint(0, 2),
                step_free=rng.random() < 0.3,
                accepts_children=rng.random() < 0.8,
                accepts_men=rng.random() < 0.7,
                accepts_guest_pets=rng.random() < 0.3,
                languages=frozenset(rng.sample(LANGS, rng.randint(0, 3))),
                district=rng.choice([1, 2]),
            )
        )
    units = []
    for i in range(n_u):
        audiences = rng.sample(
            ["men_alone", "women_alone", "families", "women_with_children", "young_awaiting_assessment", "minors"],
            rng.randint(1, 2),
        )
        units.append(
            ShelterUnitFacts(
                UnitFacts(
                    unit_id=i + 1,
                    audiences=audience_mask(audiences),
                    reception=rng.choice(list(Reception.values)),
                    is_private=rng.random() < 0.5,
                    step_free=rng.random() < 0.5,
                    free_beds=rng.randint(0, 4),
                ),
                district=rng.choice([1, 2]),
            )
        )
    return households, offers, units


def plain_edges(households, offers, units):
    """Every allowed pair and its points, from the plain pair-by-pair rules."""
    found = {}
    for s, h in enumerate(households):
        for a, o in enumerate(offers):
            if not offer_refusals(h, o):
                found[(a, s)] = sum(offer_criteria(h, o, DISTANCES).values())
        for b, u in enumerate(units):
            if not shelter_refusals(h, u):
                found[(len(offers) + b, s)] = sum(shelter_criteria(h, u, DISTANCES).values())
    return found


def independent_optimum(households, offers, units, edges_found) -> int:
    """The optimum by the Hungarian algorithm (scipy), each place copied as many times as its capacity."""
    copies = list(range(len(offers)))
    for b, u in enumerate(units):
        copies += [len(offers) + b] * (1 if u.unit.is_private else u.unit.free_beds)
    if not copies or not households:
        return 0
    cost = np.zeros((len(copies), len(households)))
    for row, a in enumerate(copies):
        for s in range(len(households)):
            cost[row, s] = -edges_found.get((a, s), 0)
    rows, cols = linear_sum_assignment(cost)
    return round(-cost[rows, cols].sum())


@pytest.mark.parametrize("seed", range(40))
def test_arrays_equal_plain_rules_and_optimum_equals_independent_solver(seed):
    rng = random.Random(seed)
    households, offers, units = random_instance(rng, rng.randint(1, 14), rng.randint(0, 10), rng.randint(0, 5))
    edges = build_edges(households=households, offers=offers, units=units, distance_millis=DISTANCES)
    vector = {
        (int(a), int(s)): int(m) for a, s, m in zip(edges.edge_agent, edges.edge_slot, edges.edge_millis, strict=True)
    }
    plain = plain_edges(households, offers, units)
    assert vector == plain
    pairs, objective = solve_edges(edges)
    assert objective == independent_optimum(households, offers, units, plain)
    assert objective == sum(p.millis for p in pairs)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.integers(1, 25), st.integers(0, 20), st.integers(0, 6))
def test_no_proposal_ever_breaks_a_hard_rule(seed, n_h, n_o, n_u):
    households, offers, units = random_instance(random.Random(seed), n_h, n_o, n_u)
    edges = build_edges(households=households, offers=offers, units=units, distance_millis=DISTANCES)
    pairs, _ = solve_edges(edges)
    used: dict[int, int] = {}
    seen_households = set()
    for p in pairs:
        h = households[p.slot]
        assert p.slot not in seen_households
        seen_households.add(p.slot)
        if p.agent < len(offers):
            o = offers[p.agent]
            assert offer_refusals(h, o) == []
            assert o.verified
            assert h.composition not in ("unaccompanied_minor", "young_awaiting_assessment")
            if h.composition in ("woman_alone", "woman_with_children"):
                assert not (o.resident_men > 0 and o.resident_women == 0)
        else:
            u = units[p.agent - len(offers)]
            assert shelter_refusals(h, u) == []
        used[p.agent] = used.get(p.agent, 0) + 1
    for agent, count in used.items():
        assert count <= int(edges.agent_capacity[agent])


def test_brute_force_on_tiny_instances():
    rng = random.Random(7)
    for _ in range(30):
        households, offers, _units = random_instance(rng, rng.randint(1, 4), rng.randint(0, 3), 0)
        plain = plain_edges(households, offers, [])
        best = 0
        for assignment in itertools.product([None, *range(len(offers))], repeat=len(households)):
            taken = [a for a in assignment if a is not None]
            if len(taken) != len(set(taken)):
                continue
            if any(a is not None and (a, s) not in plain for s, a in enumerate(assignment)):
                continue
            best = max(best, sum(plain[(a, s)] for s, a in enumerate(assignment) if a is not None))
        _, objective = solve_edges(
            build_edges(households=households, offers=offers, units=[], distance_millis=DISTANCES)
        )
        assert objective == best
