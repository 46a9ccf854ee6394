"""Sponsors matched with the fund's projects, by the matching engine (`accueil.matching`).

Agents are sponsors, with a capacity = how many projects each can still support (its capacity minus the contacts
already confirmed). Slots are projects (applications not yet put in contact with a sponsor), capacity 1.

Hard constraint (no edge otherwise): the sponsor shares at least one interest with the project, i.e. the
project's sector is among the sponsor's sectors or its district among the sponsor's districts; a sponsor that
lists neither sectors nor districts is open to any project. An empty list counts as "any", for fewer points.

Preferences (points, summed into the edge's score):
  - sector: +3 when the project's sector is one the sponsor chose, +1 when the sponsor is open to any sector;
  - district: +2 when the project's district is one the sponsor chose, +0.5 when open to any district;
  - budget: +2 × the share of what the project still needs (asked minus allocated) that the sponsor's budget
    covers, at most 2;
  - committee: the project's mean committee score / 5 (0 to 2), 0 when not scored yet.

`rank` lists, for each sponsor, every possible project with its score and reasons, best first; `propose` solves
the whole instance exactly with `accueil.matching.solve`, so the proposed pairs have the maximum total score.
No database access here: `selectors.sponsoring_inputs` builds the inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from accueil.matching import Agent, Edge, Instance, Slot, score_edge, solve

CRITERIA = {
    "sector": _("sector"),
    "district": _("district"),
    "budget": _("budget"),
    "committee": _("committee score"),
}


@dataclass(frozen=True)
class SponsorSpec:
    id: int
    capacity_left: int
    budget: Decimal
    sectors: frozenset[int] = frozenset()
    districts: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ProjectSpec:
    id: int
    sector: int | None
    district: int
    still_needed: Decimal
    committee_score: Decimal | None = None


@dataclass
class Pair:
    sponsor_id: int
    project_id: int
    score: float
    reasons: list[tuple[str, float]] = field(default_factory=list)
    proposed: bool = False


def pair_score(sponsor: SponsorSpec, project: ProjectSpec) -> tuple[float, tuple[tuple[str, float], ...]] | None:
    """The score and reasons of one sponsor–project pair, or None when they share no interest."""
    sector_match = project.sector is not None and project.sector in sponsor.sectors
    district_match = project.district in sponsor.districts
    open_to_all = not sponsor.sectors and not sponsor.districts
    if not (sector_match or district_match or open_to_all):
        return None
    sector_points = 3.0 if sector_match else (1.0 if not sponsor.sectors else 0.0)
    district_points = 2.0 if district_match else (0.5 if not sponsor.districts else 0.0)
    if project.still_needed > 0:
        budget_points = float(min(Decimal(2), Decimal(2) * sponsor.budget / project.still_needed))
    else:
        budget_points = 0.0
    committee_points = float(project.committee_score / 5) if project.committee_score is not None else 0.0
    return score_edge(
        {
            "sector": sector_points,
            "district": district_points,
            "budget": budget_points,
            "committee": committee_points,
        }
    )


def _edges(sponsors: Sequence[SponsorSpec], projects: Sequence[ProjectSpec]) -> list[Edge]:
    edges = []
    for sponsor in sponsors:
        for project in projects:
            scored = pair_score(sponsor, project)
            if scored is None or scored[0] <= 0:
                continue
            edges.append(Edge(sponsor.id, project.id, scored[0], reasons=scored[1]))
    return edges


def propose(sponsors: Sequence[SponsorSpec], projects: Sequence[ProjectSpec]) -> tuple[list[Pair], float]:
    """Every possible pair, best first, with `proposed` set on the pairs of the engine's optimum; and its total."""
    sponsors = sorted(sponsors, key=lambda s: s.id)
    projects = sorted(projects, key=lambda p: p.id)
    edges = _edges(sponsors, projects)
    if not edges:
        return [], 0.0
    instance = Instance(
        agents=[Agent(s.id, capacity=max(0, s.capacity_left)) for s in sponsors],
        slots=[Slot(p.id, capacity=1) for p in projects],
        edges=edges,
    )
    solution = solve(instance)
    chosen = {(a.agent, a.slot) for a in solution.assignments if a.units > 0}
    pairs = [
        Pair(
            sponsor_id=int(edge.agent),
            project_id=int(edge.slot),
            score=edge.score,
            reasons=list(edge.reasons),
            proposed=(edge.agent, edge.slot) in chosen,
        )
        for edge in edges
    ]
    pairs.sort(key=lambda pair: (pair.sponsor_id, -pair.score, pair.project_id))
    return pairs, float(solution.objective)
