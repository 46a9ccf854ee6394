"""Exact maximum-score capacitated assignment, solved as a min-cost flow with OR-Tools.

Network: source → agent (capacity = agent capacity), agent → slot for each edge with a positive score
(capacity = min(units, both capacities), cost = −score in integer millis), slot → sink (capacity = slot
capacity), and a source → sink bypass of cost 0, so that leaving capacity unused is free. The source
supplies, and the sink absorbs, F = min(Σ agent capacities, Σ slot capacities, Σ edge capacities): any
assignment fits and the remainder takes the bypass. Minimum cost is then maximum total score.

Ties: among maximum-score assignments the engine prefers earlier edges. Each edge gets a priority
decreasing with its position (edge i of E: E − 1 − i) and the solver maximises, exactly and
lexicographically, first Σ score × units, then Σ priority × units. The cost of an edge is
−(score_millis / g × K + priority) where g is the gcd of the scores in millis and K = (T − 1) × F + 1
exceeds any total of priorities, so the score always comes first. Integer costs must stay small
enough for the solver's potentials (bounded by 4 (n + 1)² × max cost for n nodes); when the full range
of priorities does not fit, positions are grouped into T equal-priority blocks (T = 1 on the largest
instances: the tie rule is then the solver's own, still deterministic). The total score is exact in
every case.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow

from accueil.matching.instance import ArrayInstance, instance_arrays
from accueil.matching.model import Assignment, Instance, Solution, SolverError

_INT64_MAX = 2**63 - 1


@dataclass(frozen=True, slots=True)
class ArraySolution:
    """Units carried by each edge (aligned with the instance's edges) and Σ score × units in millis."""

    status: str
    objective_millis: int
    flow: NDArray[np.int64]

    @property
    def objective(self) -> float:
        """Σ score × units (the nearest float to the exact 3-decimal value)."""
        return self.objective_millis / 1000


def tie_levels(*, nodes: int, edges: int, max_cost: int, flow_bound: int) -> int:
    """Number T of priority levels that fit with costs of at most ``max_cost`` (1 means no tie term)."""
    budget = _INT64_MAX // (4 * (nodes + 1) ** 2) - edges
    largest_k = budget // max(max_cost, 1)
    if largest_k < 1 or flow_bound < 1:
        return 1
    return max(1, min(edges, (largest_k - 1) // flow_bound + 1))


def solve_arrays(arrays: ArrayInstance) -> ArraySolution:
    """Maximum Σ score × units over edges with a positive score; ties go to earlier edges (module docstring)."""
    agent_capacity, slot_capacity = arrays.agent_capacity, arrays.slot_capacity
    edge_agent, edge_slot = arrays.edge_agent, arrays.edge_slot
    capacity = np.minimum(arrays.edge_units, agent_capacity[edge_agent])
    np.minimum(capacity, slot_capacity[edge_slot], out=capacity)
    usable = arrays.edge_millis > 0
    usable &= capacity > 0
    kept = np.flatnonzero(usable)
    del usable
    flow = np.zeros(edge_agent.size, dtype=np.int64)
    if kept.size == 0:
        return ArraySolution(status="optimal", objective_millis=0, flow=flow)

    agents, agent_node = _compact(edge_agent[kept], agent_capacity.size)
    slots, slot_node = _compact(edge_slot[kept], slot_capacity.size)
    millis, capacity = arrays.edge_millis[kept], capacity[kept]
    n_agents, n_slots, n_edges = agents.size, slots.size, kept.size
    total = min(int(agent_capacity[agents].sum()), int(slot_capacity[slots].sum()), int(capacity.sum()))

    divisor = _gcd(millis)
    reduced = millis if divisor == 1 else millis // divisor
    levels = tie_levels(nodes=n_agents + n_slots + 2, edges=n_edges, max_cost=int(reduced.max()), flow_bound=total)

    # Arcs: source → agents, edges, slots → sink, bypass; filled in place (no concatenated temporaries).
    source, sink = n_agents + n_slots, n_agents + n_slots + 1
    first, last = n_agents, n_agents + n_edges  # the edges' arcs
    arcs_count = last + n_slots + 1
    tails = np.empty(arcs_count, dtype=np.int32)
    heads = np.empty(arcs_count, dtype=np.int32)
    capacities = np.empty(arcs_count, dtype=np.int64)
    costs = np.zeros(arcs_count, dtype=np.int64)
    tails[:first], heads[:first], capacities[:first] = source, np.arange(n_agents), agent_capacity[agents]
    tails[first:last], heads[first:last], capacities[first:last] = agent_node, slot_node, capacity
    heads[first:last] += n_agents
    tails[last:-1], heads[last:-1], capacities[last:-1] = np.arange(n_agents, source), sink, slot_capacity[slots]
    tails[-1], heads[-1], capacities[-1] = source, sink, total
    np.negative(reduced, out=costs[first:last])
    if levels > 1:
        priority = (np.arange(n_edges - 1, -1, -1, dtype=np.int64) * levels) // n_edges
        costs[first:last] *= (levels - 1) * total + 1
        costs[first:last] -= priority

    network = min_cost_flow.SimpleMinCostFlow()
    arcs = network.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    network.set_nodes_supplies(np.array((source, sink), np.int32), np.array((total, -total), np.int64))
    status = network.solve()
    if status != network.OPTIMAL:
        raise SolverError(f"the min-cost flow solver stopped with status {status.name}")
    used = np.asarray(network.flows(arcs[first:last]), dtype=np.int64)
    flow[kept] = used
    carried = used > 0
    objective = sum((millis[carried] * used[carried]).tolist())
    return ArraySolution(status="optimal", objective_millis=objective, flow=flow)


def _compact(positions: NDArray[np.int32], size: int) -> tuple[NDArray[np.intp], NDArray[np.integer]]:
    """Positions that occur (sorted) and, for each occurrence, its rank among them: the node numbers."""
    present = np.zeros(size, dtype=bool)
    present[positions] = True
    if present.all():
        return np.arange(size), positions
    rank = np.cumsum(present) - 1
    return np.flatnonzero(present), rank[positions]


def _gcd(values: NDArray[np.int64]) -> int:
    """Greatest common divisor of positive integers, stopping early on the usual answer 1."""
    divisor = int(np.gcd.reduce(values[:256]))
    return divisor if divisor == 1 else int(np.gcd(divisor, np.gcd.reduce(values)))


def as_solution(arrays: ArrayInstance, result: ArraySolution) -> Solution:
    """A ``Solution`` listing the edges that carry units, in edge order."""
    carried = np.flatnonzero(result.flow)
    assignments = tuple(
        Assignment(agent=arrays.agent_ids[agent], slot=arrays.slot_ids[slot], units=units, score=millis / 1000)
        for agent, slot, units, millis in zip(
            arrays.edge_agent[carried].tolist(),
            arrays.edge_slot[carried].tolist(),
            result.flow[carried].tolist(),
            arrays.edge_millis[carried].tolist(),
            strict=True,
        )
    )
    return Solution(status=result.status, objective=result.objective, assignments=assignments)


def solve(instance: Instance) -> Solution:
    """Validate ``instance`` and return a maximum-score assignment (raises ``InstanceError`` when malformed)."""
    arrays = instance_arrays(instance)
    return as_solution(arrays, solve_arrays(arrays))
