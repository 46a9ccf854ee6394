"""The published scoring rule, the same for every framework (no Django import, so a reader can run it alone).

1. A question scores ``points of the chosen option / highest points among its options × 100``: MIPEX's
   0/50/100 answers and the OECD checklist's four levels (0, 1, 2, 3) both fit.
2. An objective (or any inner node) scores the weighted mean of its answered children, with the children's
   weights: ICC-style weighted indicators fit.
3. The framework's overall score is the weighted mean of its blocks.
4. Every node's score is computed exactly (fractions) from the answers, then rounded half up to two decimals
   when it is stored or shown; a rounded score is never an input to its parent's. A node without any answered
   question below it has no score (never a zero).

The peer-reviewed score applies the same rule with the reviewer's answer where the reviewer gave one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Node:
    id: int
    parent_id: int | None
    weight: Decimal
    max_points: Decimal | None = None  # questions only


def _rounded(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def exact_scores(nodes: Iterable[Node], points: Mapping[int, Decimal]) -> dict[int | None, Fraction]:
    """{node id: exact score} for every node with an answered question below it; key None is the overall."""
    nodes = list(nodes)
    children: dict[int | None, list[Node]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    scores: dict[int | None, Fraction] = {}

    def visit(node_id: int | None, node: Node | None) -> Fraction | None:
        kids = children.get(node_id, [])
        if node is not None and not kids:
            if node.id not in points or not node.max_points:
                return None
            return Fraction(points[node.id]) / Fraction(node.max_points) * 100
        total = Fraction(0)
        weights = Fraction(0)
        for kid in kids:
            value = visit(kid.id, kid)
            if value is None:
                continue
            scores[kid.id] = value
            total += Fraction(kid.weight) * value
            weights += Fraction(kid.weight)
        return total / weights if weights else None

    overall = visit(None, None)
    if overall is not None:
        scores[None] = overall
    return scores


def scores(nodes: Iterable[Node], points: Mapping[int, Decimal]) -> dict[int | None, Decimal]:
    """The stored scores: each exact score rounded half up to two decimals."""
    return {key: _rounded(value) for key, value in exact_scores(nodes, points).items()}
