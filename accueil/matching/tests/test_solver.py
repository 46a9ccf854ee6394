"""Exact solutions of hand-made instances: capacities, units, scores ≤ 0, ties, exact objective."""

from unittest import mock

import numpy as np

from accueil.matching import (
    Agent,
    Assignment,
    Edge,
    Instance,
    Slot,
    Solution,
    build_arrays,
    solve,
    solve_arrays,
)
from accueil.matching.solver import tie_levels


def pairs(solution: Solution) -> list[tuple[object, object, int]]:
    return [(a.agent, a.slot, a.units) for a in solution.assignments]


def test_volunteers_and_shifts() -> None:
    instance = Instance(
        agents=[Agent("v1", 2), Agent("v2", 1)],
        slots=[Slot("s1", 3), Slot("s2", 1)],
        edges=[Edge("v1", "s1", 7.25), Edge("v2", "s1", 3.5, units=4), Edge("v1", "s2", 2), Edge("v2", "s2", 5)],
    )
    solution = solve(instance)
    assert solution == Solution(
        status="optimal",
        objective=12.75,
        assignments=(
            Assignment("v1", "s1", 1, 7.25),
            Assignment("v2", "s1", 1, 3.5),
            Assignment("v1", "s2", 1, 2.0),
        ),
    )


def test_the_best_pair_is_not_always_taken() -> None:
    # Greedy would give s1 to v1 (10) and leave v2 without a place: 10 < 9 + 8.
    instance = Instance(
        agents=[Agent("v1"), Agent("v2")],
        slots=[Slot("s1"), Slot("s2")],
        edges=[Edge("v1", "s1", 10), Edge("v1", "s2", 9), Edge("v2", "s1", 8)],
    )
    solution = solve(instance)
    assert pairs(solution) == [("v1", "s2", 1), ("v2", "s1", 1)]
    assert solution.objective == 17.0


def test_donations_carry_units() -> None:
    instance = Instance(
        agents=[Agent("depot-north", 10), Agent("depot-south", 5)],
        slots=[Slot("need-1", 8), Slot("need-2", 6)],
        edges=[
            Edge("depot-north", "need-1", 2, units=8),
            Edge("depot-north", "need-2", 1, units=6),
            Edge("depot-south", "need-2", 3, units=5),
            Edge("depot-south", "need-1", 1, units=5),
        ],
    )
    solution = solve(instance)
    assert pairs(solution) == [("depot-north", "need-1", 8), ("depot-north", "need-2", 1), ("depot-south", "need-2", 5)]
    assert solution.objective == 32.0


def test_units_cap_a_pair_below_both_capacities() -> None:
    instance = Instance(agents=[Agent("a", 10)], slots=[Slot("b", 10)], edges=[Edge("a", "b", 1.5, units=3)])
    assert pairs(solve(instance)) == [("a", "b", 3)]
    assert solve(instance).objective == 4.5


def test_scores_at_or_below_zero_are_never_used() -> None:
    instance = Instance(
        agents=[Agent("v1", 3), Agent("v2", 3)],
        slots=[Slot("s1", 3), Slot("s2", 3)],
        edges=[Edge("v1", "s1", 0), Edge("v1", "s2", -1.5), Edge("v2", "s1", 0.001), Edge("v2", "s2", 0.0)],
    )
    solution = solve(instance)
    assert pairs(solution) == [("v2", "s1", 1)]
    assert solution.objective == 0.001


def test_nothing_to_assign() -> None:
    empty = Solution(status="optimal", objective=0.0, assignments=())
    assert solve(Instance(agents=[], slots=[], edges=[])) == empty
    no_room = Instance(agents=[Agent("v1", 0)], slots=[Slot("s1", 2)], edges=[Edge("v1", "s1", 4)])
    assert solve(no_room) == empty
    no_units = Instance(agents=[Agent("v1", 1)], slots=[Slot("s1", 2)], edges=[Edge("v1", "s1", 4, units=0)])
    assert solve(no_units) == empty


def test_objective_is_exact_to_three_decimals() -> None:
    instance = Instance(
        agents=[Agent("v1", 3)],
        slots=[Slot("s1"), Slot("s2"), Slot("s3")],
        edges=[Edge("v1", "s1", 0.1), Edge("v1", "s2", 0.2), Edge("v1", "s3", 0.001)],
    )
    assert 0.1 + 0.2 + 0.001 != 0.301
    assert solve(instance).objective == 0.301


def test_ties_go_to_the_earlier_edge() -> None:
    agents, one_place = [Agent("v1"), Agent("v2")], [Slot("s1")]
    first = Instance(agents=agents, slots=one_place, edges=[Edge("v1", "s1", 5), Edge("v2", "s1", 5)])
    second = Instance(agents=agents, slots=one_place, edges=[Edge("v2", "s1", 5), Edge("v1", "s1", 5)])
    assert pairs(solve(first)) == [("v1", "s1", 1)]
    assert pairs(solve(second)) == [("v2", "s1", 1)]

    shifts = [Slot("s1"), Slot("s2")]
    assert pairs(
        solve(Instance(agents=[Agent("v1")], slots=shifts, edges=[Edge("v1", "s2", 3), Edge("v1", "s1", 3)]))
    ) == [("v1", "s2", 1)]


def test_ties_between_combinations_follow_priorities() -> None:
    # {v1→s1} and {v2→s1, v1→s2} both score 2; priorities 2 against 1 + 0.
    instance = Instance(
        agents=[Agent("v1"), Agent("v2")],
        slots=[Slot("s1"), Slot("s2")],
        edges=[Edge("v1", "s1", 2), Edge("v2", "s1", 1), Edge("v1", "s2", 1)],
    )
    assert pairs(solve(instance)) == [("v1", "s1", 1)]


def test_same_input_same_output() -> None:
    rng = np.random.default_rng(7)
    arrays = build_arrays(
        agent_ids=[f"v{i}" for i in range(60)],
        agent_capacity=rng.integers(0, 4, 60),
        slot_ids=[f"s{j}" for j in range(20)],
        slot_capacity=rng.integers(0, 6, 20),
        edge_agent=np.repeat(np.arange(60), 5),
        edge_slot=np.concatenate([rng.choice(20, 5, replace=False) for _ in range(60)]),
        edge_score=rng.integers(-2, 6, 300).astype(float),  # many ties
    )
    first, second = solve_arrays(arrays), solve_arrays(arrays)
    assert first.objective_millis == second.objective_millis
    assert first.flow.tolist() == second.flow.tolist()


def test_arrays_and_dataclasses_agree() -> None:
    instance = Instance(
        agents=[Agent(10, 2), Agent(11, 1)],
        slots=[Slot("x", 2), Slot("y", 1)],
        edges=[Edge(10, "x", 1.25), Edge(11, "x", 2.5), Edge(10, "y", 0.75, units=2)],
    )
    arrays = build_arrays(
        agent_ids=[10, 11],
        agent_capacity=[2, 1],
        slot_ids=["x", "y"],
        slot_capacity=[2, 1],
        edge_agent=[0, 1, 0],
        edge_slot=[0, 0, 1],
        edge_score=[1.25, 2.5, 0.75],
        edge_units=[1, 1, 2],
    )
    result = solve_arrays(arrays)
    assert result.objective_millis == 4500
    assert result.flow.tolist() == [1, 1, 1]
    assert pairs(solve(instance)) == [(10, "x", 1), (11, "x", 1), (10, "y", 1)]


def test_tie_levels_shrink_with_size() -> None:
    assert tie_levels(nodes=10, edges=20, max_cost=10_000, flow_bound=8) == 20
    # budget = (2**63 - 1) // (4 × 6003²) − 100_000 = 63_987_091_512; K ≤ budget // 10_000 = 6_398_709
    assert tie_levels(nodes=6_002, edges=100_000, max_cost=10_000, flow_bound=5_000) == 1280
    assert tie_levels(nodes=120_002, edges=2_000_000, max_cost=1_000, flow_bound=110_000) == 2
    assert tie_levels(nodes=120_002, edges=2_000_000, max_cost=10_000, flow_bound=110_000) == 1
    assert tie_levels(nodes=10, edges=20, max_cost=10_000, flow_bound=0) == 1


def test_coarse_tie_levels_keep_the_optimum() -> None:
    instance = Instance(
        agents=[Agent("v1"), Agent("v2")],
        slots=[Slot("s1"), Slot("s2")],
        edges=[Edge("v1", "s1", 10), Edge("v1", "s2", 9), Edge("v2", "s1", 8), Edge("v2", "s2", 1)],
    )
    for levels in (1, 2, 3):
        with mock.patch("accueil.matching.solver.tie_levels", return_value=levels):
            assert solve(instance).objective == 17.0
