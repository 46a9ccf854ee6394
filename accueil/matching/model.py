"""Plain data types of the matching engine: who gives, what needs, allowed pairs, results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Id = str | int
"""Agents and slots are named by a non-empty string or an integer (a database key, for instance)."""

Reasons = tuple[tuple[str, float], ...]
"""``(criterion, points)`` pairs whose points add up to an edge's score."""

MAX_SCORE = 1_000_000
"""Largest absolute score accepted; scores carry at most 3 decimals."""

MAX_QUANTITY = 1_000_000_000
"""Largest capacity or units accepted."""


class InstanceError(ValueError):
    """The instance is malformed; the message names the faulty item (``edges[3] refers to unknown slot "s9"``)."""


class SolverError(RuntimeError):
    """The min-cost flow solver did not reach an optimal solution."""


@dataclass(frozen=True, slots=True)
class Agent:
    """Who gives: a volunteer (places they can take), a host, a collection point's stock, an interpreter."""

    id: Id
    capacity: int = 1


@dataclass(frozen=True, slots=True)
class Slot:
    """What needs: a shift (places), a household to host, a need for a product, an appointment."""

    id: Id
    capacity: int = 1


@dataclass(frozen=True, slots=True)
class Edge:
    """An allowed pair: hard constraints are met; ``score`` (≤ 3 decimals) says how good it is.

    ``units`` caps what the pair may carry (1 for a person, several for donated goods).
    ``reasons`` are the ``(criterion, points)`` behind the score, as returned by ``score_edge``.
    """

    agent: Id
    slot: Id
    score: float
    units: int = 1
    reasons: Reasons = ()


@dataclass(frozen=True, slots=True)
class Instance:
    """Agents, slots and the candidate edges between them, in a meaningful order (it breaks ties)."""

    agents: Sequence[Agent]
    slots: Sequence[Slot]
    edges: Sequence[Edge]


@dataclass(frozen=True, slots=True)
class Assignment:
    """``units`` given by ``agent`` to ``slot`` through an edge of that ``score``."""

    agent: Id
    slot: Id
    units: int
    score: float


@dataclass(frozen=True, slots=True)
class Solution:
    """Result of ``solve`` or of a baseline; ``objective`` is Σ score × units, exact to 3 decimals.

    ``assignments`` follow the order of the instance's edges.
    """

    status: str
    objective: float
    assignments: tuple[Assignment, ...]
