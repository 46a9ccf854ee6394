"""Scores built from named criteria, and the per-pair breakdown of a solution."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from accueil.matching.instance import is_number
from accueil.matching.model import Edge, Id, Instance, Reasons, Solution


def score_edge(criteria: Mapping[str, float]) -> tuple[float, Reasons]:
    """Add up criteria points into ``(score, reasons)`` for an ``Edge``.

    Points are rounded to 3 decimals first, so the score is exactly the sum of the reasons.
    Reasons keep the mapping's order, zero points included (a criterion that did not score is
    part of the explanation too).
    """
    reasons = []
    total = 0
    for criterion, points in criteria.items():
        if not isinstance(criterion, str) or not criterion:
            raise ValueError(f"a criterion must be a non-empty string, got {criterion!r}")
        if not is_number(points) or not math.isfinite(points):
            raise ValueError(f"criterion {criterion!r}: points must be a finite number, got {points!r}")
        millis = round(float(points) * 1000)
        total += millis
        reasons.append((criterion, millis / 1000))
    return total / 1000, tuple(reasons)


def _points(value: float) -> str:
    return f"{value:+.3f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a pair was proposed: its score and the criteria behind it."""

    agent: Id
    slot: Id
    units: int
    score: float
    reasons: Reasons

    def text(self) -> str:
        """One line, e.g. ``v1 → s1 (1 unit): score 7.25 = skills +4, distance +3.25``."""
        unit = "unit" if self.units == 1 else "units"
        head = f"{self.agent} → {self.slot} ({self.units} {unit}): score {_points(self.score).lstrip('+')}"
        if not self.reasons:
            return head
        return head + " = " + ", ".join(f"{criterion} {_points(points)}" for criterion, points in self.reasons)


def explain(instance: Instance, solution: Solution) -> tuple[Explanation, ...]:
    """The breakdown of each assignment of ``solution``, in the same order, from the edges' reasons."""
    edges: dict[tuple[Id, Id], Edge] = {(edge.agent, edge.slot): edge for edge in instance.edges}
    explanations = []
    for assignment in solution.assignments:
        edge = edges.get((assignment.agent, assignment.slot))
        if edge is None:
            raise ValueError(f"no edge {assignment.agent} → {assignment.slot} in the instance")
        explanations.append(
            Explanation(
                agent=assignment.agent,
                slot=assignment.slot,
                units=assignment.units,
                score=assignment.score,
                reasons=tuple(edge.reasons),
            )
        )
    return tuple(explanations)
