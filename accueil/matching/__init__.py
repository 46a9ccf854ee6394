"""Matching engine: the maximum-score capacitated assignment, solved exactly, and explained.

Agents give (a volunteer's places, a host's beds, a collection point's stock, an interpreter's hours),
slots need (a shift's places, a household, a need for a product, an appointment). Callers apply hard
constraints by creating only the allowed edges, and express preferences as a score per edge, usually
built from named criteria with ``score_edge`` so that ``explain`` can say which criterion gave what.
``solve`` maximises Σ score × units under the capacities (edges scoring ≤ 0 are never used); among
optimal assignments earlier edges win (see ``accueil.matching.solver``). Same input, same output.

    >>> from accueil.matching import Agent, Edge, Instance, Slot, score_edge, solve
    >>> score, reasons = score_edge({"skills": 4, "distance": 3.25})
    >>> instance = Instance(agents=[Agent("v1", 1)], slots=[Slot("s1", 2)],
    ...                     edges=[Edge("v1", "s1", score, reasons=reasons)])
    >>> solve(instance).assignments
    (Assignment(agent='v1', slot='s1', units=1, score=7.25),)

Large instances go through arrays: ``load_instance_json`` / ``build_arrays`` then ``solve_arrays``.
The JSON format and the command line (``python -m accueil.matching solve FILE``) are described in
``accueil.matching.instance`` and ``docs/matching.md``. No Django here: the apps call this package.
"""

from accueil.matching.baselines import first_come, first_come_arrays, greedy_by_score, greedy_by_score_arrays
from accueil.matching.explain import Explanation, explain, score_edge
from accueil.matching.instance import ArrayInstance, build_arrays, instance_arrays
from accueil.matching.model import (
    MAX_QUANTITY,
    MAX_SCORE,
    Agent,
    Assignment,
    Edge,
    Id,
    Instance,
    InstanceError,
    Reasons,
    Slot,
    Solution,
    SolverError,
)
from accueil.matching.reading import load_instance_json, parse_instance_json
from accueil.matching.solver import ArraySolution, as_solution, solve, solve_arrays

__all__ = [
    "MAX_QUANTITY",
    "MAX_SCORE",
    "Agent",
    "ArrayInstance",
    "ArraySolution",
    "Assignment",
    "Edge",
    "Explanation",
    "Id",
    "Instance",
    "InstanceError",
    "Reasons",
    "Slot",
    "Solution",
    "SolverError",
    "as_solution",
    "build_arrays",
    "explain",
    "first_come",
    "first_come_arrays",
    "greedy_by_score",
    "greedy_by_score_arrays",
    "instance_arrays",
    "load_instance_json",
    "parse_instance_json",
    "score_edge",
    "solve",
    "solve_arrays",
]
