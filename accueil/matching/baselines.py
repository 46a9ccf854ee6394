"""Two assignment rules people know, to measure what the optimum adds.

* first come, self-service: agents in input order (arrival) each take their best-scoring edges
  with room left, up to their capacity;
* greedy by score: all edges from the best score down, each taken while capacities allow.

Both skip edges with a score ≤ 0 and break ties by input order. Neither can beat ``solve``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from accueil.matching.instance import ArrayInstance, instance_arrays
from accueil.matching.model import Instance, Solution
from accueil.matching.solver import ArraySolution, as_solution


def _take_in_order(arrays: ArrayInstance, order: NDArray[np.intp]) -> ArraySolution:
    """Give each edge, in ``order``, as many units as it and both remaining capacities allow."""
    agent_left = arrays.agent_capacity.tolist()
    slot_left = arrays.slot_capacity.tolist()
    flow = np.zeros(arrays.edge_agent.size, dtype=np.int64)
    taken: list[tuple[int, int]] = []
    for position, agent, slot, units in zip(
        order.tolist(),
        arrays.edge_agent[order].tolist(),
        arrays.edge_slot[order].tolist(),
        arrays.edge_units[order].tolist(),
        strict=True,
    ):
        amount = min(units, agent_left[agent], slot_left[slot])
        if amount > 0:
            agent_left[agent] -= amount
            slot_left[slot] -= amount
            taken.append((position, amount))
    if taken:
        positions, amounts = zip(*taken, strict=True)
        flow[list(positions)] = amounts
    objective = sum((arrays.edge_millis * flow)[flow > 0].tolist())
    return ArraySolution(status="feasible", objective_millis=objective, flow=flow)


def first_come_arrays(arrays: ArrayInstance) -> ArraySolution:
    """First come, self-service: agent by agent in input order, best score first."""
    positive = np.flatnonzero(arrays.edge_millis > 0)
    order = np.lexsort((positive, -arrays.edge_millis[positive], arrays.edge_agent[positive]))
    return _take_in_order(arrays, positive[order])


def greedy_by_score_arrays(arrays: ArrayInstance) -> ArraySolution:
    """Greedy by score: edges from the best score down, input order among equals."""
    positive = np.flatnonzero(arrays.edge_millis > 0)
    order = np.lexsort((positive, -arrays.edge_millis[positive]))
    return _take_in_order(arrays, positive[order])


def first_come(instance: Instance) -> Solution:
    """``first_come_arrays`` on a validated ``Instance``."""
    arrays = instance_arrays(instance)
    return as_solution(arrays, first_come_arrays(arrays))


def greedy_by_score(instance: Instance) -> Solution:
    """``greedy_by_score_arrays`` on a validated ``Instance``."""
    arrays = instance_arrays(instance)
    return as_solution(arrays, greedy_by_score_arrays(arrays))
