"""The matching instance of hosting, computed over arrays: every allowed household → place pair and its score.

The same hard rules and points as `rules.py`, evaluated for one household against every place at once with NumPy
(about 3,400 places per household in a few microseconds each), so that 5,000 households × 3,400 places are
screened in well under a second. Agents are places: a hosting offer takes one household; a private shelter unit
one household; a shared unit one person alone per free bed. Slots are households (capacity 1). A pair that
breaks a hard rule has no edge.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accueil.matching import build_arrays, solve_arrays
from accueil.shelters.models import AUDIENCE_BITS, PROTECTED_AUDIENCES, Reception

from .rules import (
    AUDIENCE_OF,
    DAYS_PER_MONTH,
    MINOR_COMPOSITIONS,
    START_GRACE_DAYS,
    WITH_ADULT_MEN,
    WOMEN_ONLY_COMPOSITIONS,
    HouseholdFacts,
    OfferFacts,
    ShelterUnitFacts,
)

NEVER = 10**9  # an offer without an end date


@dataclass(frozen=True)
class Edges:
    agent_ids: list[str]  # "offer:<id>" then "unit:<id>"
    agent_capacity: NDArray[np.int64]
    slot_ids: list[str]  # "household:<id>"
    edge_agent: NDArray[np.int64]
    edge_slot: NDArray[np.int64]
    edge_millis: NDArray[np.int64]

    @property
    def count(self) -> int:
        return int(self.edge_agent.size)


def _language_bits(households: Sequence[HouseholdFacts], others: Sequence[frozenset[str]]) -> dict[str, int]:
    """A bit per language, for the 62 most spoken languages of the instance (others add no points)."""
    counts: dict[str, int] = {}
    for languages in [h.languages for h in households] + list(others):
        for code in languages:
            counts[code] = counts.get(code, 0) + 1
    ranked = sorted(counts, key=lambda c: (-counts[c], c))[:62]
    return {code: 1 << i for i, code in enumerate(ranked)}


def _mask(languages: frozenset[str], bits: Mapping[str, int]) -> int:
    return sum(bits.get(code, 0) for code in languages)


def build_edges(
    *,
    households: Sequence[HouseholdFacts],
    offers: Sequence[OfferFacts],
    units: Sequence[ShelterUnitFacts],
    distance_millis: Mapping[tuple[int, int], int],
) -> Edges:
    bits = _language_bits(households, [o.languages for o in offers])
    districts = sorted(
        {d for d, _ in distance_millis}
        | {d for _, d in distance_millis}
        | {o.district for o in offers if o.district is not None}
        | {u.district for u in units if u.district is not None}
        | {h.district for h in households if h.district is not None}
    )
    position = {d: i for i, d in enumerate(districts)}
    unknown = len(districts)
    points = np.zeros((unknown + 1, unknown + 1), dtype=np.int64)
    for (a, b), value in distance_millis.items():
        points[position[a], position[b]] = value

    def district_index(d: int | None) -> int:
        return unknown if d is None else position[d]

    o_verified = np.array([o.verified for o in offers], dtype=bool)
    o_beds = np.array([o.beds for o in offers], dtype=np.int64)
    o_men_only = np.array([o.resident_men > 0 and o.resident_women == 0 for o in offers], dtype=bool)
    o_children = np.array([o.accepts_children for o in offers], dtype=bool)
    o_men = np.array([o.accepts_men for o in offers], dtype=bool)
    o_pets = np.array([o.accepts_guest_pets for o in offers], dtype=bool)
    o_step = np.array([o.step_free for o in offers], dtype=bool)
    o_from = np.array([o.available_from for o in offers], dtype=np.int64)
    o_until = np.array([NEVER if o.available_until is None else o.available_until for o in offers], dtype=np.int64)
    o_min_days = np.array([o.min_months * DAYS_PER_MONTH for o in offers], dtype=np.int64)
    o_max = np.array([o.max_months for o in offers], dtype=np.int64)
    o_kids_home = np.array([o.resident_children > 0 for o in offers], dtype=bool)
    o_lang = np.array([_mask(o.languages, bits) for o in offers], dtype=np.int64)
    o_district = np.array([district_index(o.district) for o in offers], dtype=np.int64)

    u_audiences = np.array([u.unit.audiences for u in units], dtype=np.int64)
    u_exclusive = np.array([u.unit.reception == Reception.EXCLUSIVE for u in units], dtype=bool)
    u_private = np.array([u.unit.is_private for u in units], dtype=bool)
    u_step = np.array([u.unit.step_free for u in units], dtype=bool)
    u_free = np.array([u.unit.free_beds for u in units], dtype=np.int64)
    u_for_minors = (u_audiences & AUDIENCE_BITS["minors"]) != 0
    u_district = np.array([district_index(u.district) for u in units], dtype=np.int64)

    n_offers = len(offers)
    agent_parts: list[NDArray[np.int64]] = []
    slot_parts: list[NDArray[np.int64]] = []
    score_parts: list[NDArray[np.int64]] = []
    for slot, h in enumerate(households):
        size = h.size
        h_district = district_index(h.district)
        care = h.pregnancy or h.medical_needs
        if n_offers and h.composition not in MINOR_COMPOSITIONS:
            m = o_verified & (o_beds >= size)
            if h.composition in WOMEN_ONLY_COMPOSITIONS:
                m &= ~o_men_only
            if h.children > 0:
                m &= o_children
            if h.composition in WITH_ADULT_MEN:
                m &= o_men
            if h.has_pet:
                m &= o_pets
            if h.step_free_needed:
                m &= o_step
            m &= o_from <= h.needed_from + START_GRACE_DAYS
            start = np.maximum(o_from, h.needed_from)
            m &= o_until >= start + o_min_days
            idx = np.flatnonzero(m)
            if idx.size:
                shared = np.bitwise_count(o_lang[idx] & _mask(h.languages, bits)).astype(np.int64)
                score = 2000 + np.where(shared > 0, 3000, 0) + 500 * np.clip(shared - 1, 0, 2)
                score += points[o_district[idx], h_district]
                score += np.where(start[idx] - h.needed_from <= 7, 1000, 500)
                score += np.where(o_max[idx] >= h.months_needed, 1000, 0)
                if care:
                    score += 500 * o_step[idx]
                if h.children:
                    score += 500 * o_kids_home[idx]
                agent_parts.append(idx.astype(np.int64))
                slot_parts.append(np.full(idx.size, slot, dtype=np.int64))
                score_parts.append(score.astype(np.int64))
        if units:
            audience = AUDIENCE_OF[h.composition]
            bit = AUDIENCE_BITS[audience]
            protected = audience in PROTECTED_AUDIENCES
            room = np.where(u_private, u_free >= size, (u_free >= 1) & (size == 1))
            served = (u_audiences & bit) != 0
            m = room & (served if protected else (served | ~u_exclusive))
            if not protected:
                m &= ~u_for_minors
            if h.step_free_needed:
                m &= u_step
            idx = np.flatnonzero(m)
            if idx.size:
                score = 1000 + points[u_district[idx], h_district]
                if care:
                    score = score + 500 * u_step[idx]
                agent_parts.append(idx.astype(np.int64) + n_offers)
                slot_parts.append(np.full(idx.size, slot, dtype=np.int64))
                score_parts.append(np.asarray(score, dtype=np.int64))

    def joined(parts: list[NDArray[np.int64]]) -> NDArray[np.int64]:
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    capacity = np.concatenate(
        [
            np.ones(n_offers, dtype=np.int64),
            np.where(u_private, 1, u_free).astype(np.int64) if units else np.zeros(0, np.int64),
        ]
    )
    return Edges(
        agent_ids=[f"offer:{o.id}" for o in offers] + [f"unit:{u.unit.unit_id}" for u in units],
        agent_capacity=capacity,
        slot_ids=[f"household:{h.id}" for h in households],
        edge_agent=joined(agent_parts),
        edge_slot=joined(slot_parts),
        edge_millis=joined(score_parts),
    )


@dataclass(frozen=True)
class Pair:
    slot: int  # household position
    agent: int  # place position (offers first, then units)
    millis: int


def solve_edges(edges: Edges) -> tuple[list[Pair], int]:
    """The exact maximum-score assignment (the matching engine's min-cost flow): chosen pairs, objective."""
    if not edges.count:
        return [], 0
    arrays = build_arrays(
        agent_ids=edges.agent_ids,
        agent_capacity=edges.agent_capacity,
        slot_ids=edges.slot_ids,
        slot_capacity=np.ones(len(edges.slot_ids), dtype=np.int64),
        edge_agent=edges.edge_agent,
        edge_slot=edges.edge_slot,
        edge_score=edges.edge_millis / 1000,
    )
    solution = solve_arrays(arrays)
    chosen = np.flatnonzero(solution.flow > 0)
    pairs = [
        Pair(slot=int(edges.edge_slot[k]), agent=int(edges.edge_agent[k]), millis=int(edges.edge_millis[k]))
        for k in chosen
    ]
    return pairs, solution.objective_millis
