"""The engine against independent answers: brute force, the assignment LP (HiGHS), and the baselines."""

from itertools import product

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from accueil.matching import (
    Agent,
    ArrayInstance,
    Edge,
    Instance,
    Slot,
    first_come,
    first_come_arrays,
    greedy_by_score,
    greedy_by_score_arrays,
    instance_arrays,
    solve,
    solve_arrays,
)

scores = st.one_of(
    st.integers(-2, 6).map(float),  # coarse: many ties
    st.integers(-2000, 9000).map(lambda millis: millis / 1000),
)


@st.composite
def instances(draw: st.DrawFn, *, agents: int, slots: int, edges: int, capacity: int, units: int) -> Instance:
    n_agents, n_slots = draw(st.integers(1, agents)), draw(st.integers(1, slots))
    pairs = draw(
        st.lists(st.tuples(st.integers(0, n_agents - 1), st.integers(0, n_slots - 1)), unique=True, max_size=edges)
    )
    return Instance(
        agents=[Agent(f"a{i}", draw(st.integers(0, capacity))) for i in range(n_agents)],
        slots=[Slot(f"s{j}", draw(st.integers(0, capacity))) for j in range(n_slots)],
        edges=[Edge(f"a{i}", f"s{j}", draw(scores), units=draw(st.integers(0, units))) for i, j in pairs],
    )


def edge_capacity(arrays: ArrayInstance) -> np.ndarray:
    return np.minimum(
        arrays.edge_units,
        np.minimum(arrays.agent_capacity[arrays.edge_agent], arrays.slot_capacity[arrays.edge_slot]),
    )


def assert_feasible(arrays: ArrayInstance, flow: np.ndarray) -> None:
    assert np.all(flow >= 0)
    assert np.all(flow <= arrays.edge_units)
    assert np.all(np.bincount(arrays.edge_agent, flow, arrays.agent_capacity.size) <= arrays.agent_capacity)
    assert np.all(np.bincount(arrays.edge_slot, flow, arrays.slot_capacity.size) <= arrays.slot_capacity)


def tie_priority(arrays: ArrayInstance) -> np.ndarray:
    """The documented tie rule at full resolution: kept edge k of E gets E − 1 − k, other edges 0."""
    kept = np.flatnonzero((arrays.edge_millis > 0) & (edge_capacity(arrays) > 0))
    priority = np.zeros(arrays.edge_millis.size, dtype=np.int64)
    priority[kept] = np.arange(kept.size - 1, -1, -1)
    return priority


def brute_force(arrays: ArrayInstance) -> tuple[int, int]:
    """Best (Σ score millis × units, Σ priority × units), lexicographically, over every feasible flow."""
    priority = tie_priority(arrays)
    ranges = [range(int(c) + 1) for c in edge_capacity(arrays)]
    best = (0, 0)
    for choice in product(*ranges):
        flow = np.array(choice, dtype=np.int64)
        if np.any(np.bincount(arrays.edge_agent, flow, arrays.agent_capacity.size) > arrays.agent_capacity):
            continue
        if np.any(np.bincount(arrays.edge_slot, flow, arrays.slot_capacity.size) > arrays.slot_capacity):
            continue
        value = (int(arrays.edge_millis @ flow), int(priority @ flow))
        best = max(best, value)
    return best


@settings(max_examples=150, deadline=None)
@given(instances(agents=3, slots=3, edges=6, capacity=2, units=2))
def test_optimum_and_tie_rule_match_brute_force(instance: Instance) -> None:
    arrays = instance_arrays(instance)
    result = solve_arrays(arrays)
    assert_feasible(arrays, result.flow)
    assert np.all(result.flow[arrays.edge_millis <= 0] == 0)
    assert (result.objective_millis, int(tie_priority(arrays) @ result.flow)) == brute_force(arrays)


def linear_programming_optimum(arrays: ArrayInstance) -> int:
    """Σ score × units in millis from the LP relaxation (totally unimodular: its optimum is integral)."""
    n_edges = arrays.edge_millis.size
    if n_edges == 0:
        return 0
    rows = np.zeros((arrays.agent_capacity.size + arrays.slot_capacity.size, n_edges))
    rows[arrays.edge_agent, np.arange(n_edges)] = 1
    rows[arrays.agent_capacity.size + arrays.edge_slot, np.arange(n_edges)] = 1
    result = linprog(
        -arrays.edge_millis / 1000,
        A_ub=rows,
        b_ub=np.concatenate([arrays.agent_capacity, arrays.slot_capacity]),
        bounds=list(zip([0] * n_edges, arrays.edge_units.tolist(), strict=True)),
        method="highs",
    )
    assert result.status == 0
    return round(-result.fun * 1000)


@settings(max_examples=120, deadline=None)
@given(instances(agents=12, slots=8, edges=40, capacity=5, units=4))
def test_optimum_matches_the_linear_program(instance: Instance) -> None:
    arrays = instance_arrays(instance)
    result = solve_arrays(arrays)
    assert_feasible(arrays, result.flow)
    assert result.objective_millis == int(arrays.edge_millis @ result.flow)
    assert result.objective_millis == linear_programming_optimum(arrays)
    assert solve(instance).objective == result.objective_millis / 1000


def test_a_larger_instance_matches_the_linear_program() -> None:
    rng = np.random.default_rng(2026)
    instance = Instance(
        agents=[Agent(i, int(c)) for i, c in enumerate(rng.integers(0, 4, 80))],
        slots=[Slot(j, int(c)) for j, c in enumerate(rng.integers(0, 8, 30))],
        edges=[
            Edge(int(i), int(j), round(float(rng.normal(3, 2)), 3), units=int(rng.integers(1, 3)))
            for i, j in {(int(rng.integers(80)), int(rng.integers(30))) for _ in range(700)}
        ],
    )
    arrays = instance_arrays(instance)
    result = solve_arrays(arrays)
    assert_feasible(arrays, result.flow)
    assert result.objective_millis == linear_programming_optimum(arrays)


@settings(max_examples=120, deadline=None)
@given(instances(agents=8, slots=6, edges=25, capacity=3, units=3))
def test_baselines_are_feasible_and_never_beat_the_optimum(instance: Instance) -> None:
    arrays = instance_arrays(instance)
    optimum = solve_arrays(arrays).objective_millis
    for baseline in (first_come_arrays, greedy_by_score_arrays):
        result = baseline(arrays)
        assert_feasible(arrays, result.flow)
        assert np.all(result.flow[arrays.edge_millis <= 0] == 0)
        assert result.objective_millis == int(arrays.edge_millis @ result.flow)
        assert result.objective_millis <= optimum


def test_baselines_on_a_hand_made_instance() -> None:
    # v2 arrives first and takes s1; greedy gives s1 to v1 (10); the optimum is 9 + 8.
    instance = Instance(
        agents=[Agent("v2"), Agent("v1")],
        slots=[Slot("s1"), Slot("s2")],
        edges=[Edge("v1", "s1", 10), Edge("v1", "s2", 9), Edge("v2", "s1", 8), Edge("v2", "s2", 1)],
    )
    first = first_come(instance)
    assert [(a.agent, a.slot, a.units) for a in first.assignments] == [("v1", "s2", 1), ("v2", "s1", 1)]
    assert first.objective == 17.0
    greedy = greedy_by_score(instance)
    assert [(a.agent, a.slot, a.units) for a in greedy.assignments] == [("v1", "s1", 1), ("v2", "s2", 1)]
    assert greedy.objective == 11.0
    assert solve(instance).objective == 17.0

    late = Instance(agents=[Agent("v1"), Agent("v2")], slots=instance.slots, edges=instance.edges)
    assert first_come(late).objective == 11.0
    assert greedy_by_score(late).status == "feasible"
