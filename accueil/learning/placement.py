"""The placement rules and the engine that places waiting learners into free places, without Django.

Hard rules (a pair breaking one is never proposed): the same need (kind); the learner's level within the class's
range (at least the level required, and below the level reached when the class raises it); every day of the
class among the learner's days, and its time of day among theirs; childcare when the learner needs it; a
women-only group only for a learner who accepts one, and only such groups for a learner who asks for them;
free classes only when the learner asks so; the class's district within the distance the learner gave.

Scored rules, named so that each proposal says why (``accueil.matching.score_edge``): every placement is worth
``PLACED`` points first (so the engine places as many people as the hard rules allow), then the weeks waited
(the longest wait first, up to a year), nearness, and a class that starts exactly at the learner's level.

``suitable`` is the readable rule for one pair; ``eligible_arrays`` applies the same rules to whole arrays
(one pass per class over every waiting learner), and ``place`` solves exactly with the matching engine's
min-cost flow (``accueil.matching.solve_arrays``). The tests hold the two against each other and the result
against a brute-force solver.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accueil.matching import ArrayInstance, solve_arrays

PLACED = 1000.0
WAIT_PER_WEEK = 1.0
WAIT_CAP_WEEKS = 52
NEAR_MAX = 10.0  # points for a class in the same place, minus one a kilometre
LEVEL_FIT = 5.0

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class ClassFacts:
    """What the rules read about a class (``free`` places left, not the class size)."""

    id: int
    kind: str
    level_required: int
    level_reached: int
    days: int
    period: int
    childcare: bool
    women_only: bool
    cost: int
    latitude: float
    longitude: float
    free: int


@dataclass(frozen=True, slots=True)
class LearnerFacts:
    """What the rules read about a waiting application."""

    id: int
    kind: str
    level: int
    days: int
    periods: int
    needs_childcare: bool
    women_only: str  # "no", "accept", "only"
    free_only: bool
    latitude: float
    longitude: float
    max_km: float
    weeks_waited: float


@dataclass(frozen=True, slots=True)
class Proposal:
    learner: int
    course: int
    score: float
    reasons: tuple[tuple[str, float], ...]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def level_fits(*, level: int, required: int, reached: int) -> bool:
    return required <= level and (level < reached or reached == required)


def refusals(course: ClassFacts, learner: LearnerFacts) -> list[str]:
    """The hard rules the pair breaks, by name (empty when the class suits the learner)."""
    broken = []
    if course.kind != learner.kind:
        broken.append("kind")
    if not level_fits(level=learner.level, required=course.level_required, reached=course.level_reached):
        broken.append("level")
    if course.days & ~learner.days:
        broken.append("days")
    if not course.period & learner.periods:
        broken.append("time")
    if learner.needs_childcare and not course.childcare:
        broken.append("childcare")
    if course.women_only and learner.women_only == "no":
        broken.append("women_only")
    if learner.women_only == "only" and not course.women_only:
        broken.append("mixed")
    if learner.free_only and course.cost > 0:
        broken.append("cost")
    if distance_km(learner.latitude, learner.longitude, course.latitude, course.longitude) > learner.max_km + 1e-9:
        broken.append("distance")
    return broken


def suitable(course: ClassFacts, learner: LearnerFacts) -> bool:
    return not refusals(course, learner)


def criteria(course: ClassFacts, learner: LearnerFacts) -> dict[str, float]:
    """The scored rules of a suitable pair, in points (``score_edge`` adds them up)."""
    km = distance_km(learner.latitude, learner.longitude, course.latitude, course.longitude)
    return {
        "placed": PLACED,
        "waited": round(min(learner.weeks_waited, WAIT_CAP_WEEKS) * WAIT_PER_WEEK, 3),
        "near": round(max(0.0, NEAR_MAX - km), 3),
        "level": LEVEL_FIT if learner.level == course.level_required else 0.0,
    }


def score(course: ClassFacts, learner: LearnerFacts) -> float:
    return round(sum(round(points * 1000) for points in criteria(course, learner).values()) / 1000, 3)


# --- Arrays --------------------------------------------------------------------------------------------------

_WOMEN = {"no": 0, "accept": 1, "only": 2}


@dataclass(frozen=True, slots=True)
class LearnerArrays:
    kind: NDArray[np.int32]
    level: NDArray[np.int16]
    days: NDArray[np.int16]
    periods: NDArray[np.int16]
    childcare: NDArray[np.bool_]
    women: NDArray[np.int8]
    free_only: NDArray[np.bool_]
    lat: NDArray[np.float64]  # radians
    lon: NDArray[np.float64]
    max_km: NDArray[np.float64]
    waited_millis: NDArray[np.int64]


def learner_arrays(learners: Sequence[LearnerFacts], kinds: dict[str, int]) -> LearnerArrays:
    return LearnerArrays(
        kind=np.array([kinds.setdefault(x.kind, len(kinds)) for x in learners], dtype=np.int32),
        level=np.array([x.level for x in learners], dtype=np.int16),
        days=np.array([x.days for x in learners], dtype=np.int16),
        periods=np.array([x.periods for x in learners], dtype=np.int16),
        childcare=np.array([x.needs_childcare for x in learners], dtype=bool),
        women=np.array([_WOMEN[x.women_only] for x in learners], dtype=np.int8),
        free_only=np.array([x.free_only for x in learners], dtype=bool),
        lat=np.radians(np.array([x.latitude for x in learners], dtype=np.float64)),
        lon=np.radians(np.array([x.longitude for x in learners], dtype=np.float64)),
        max_km=np.array([x.max_km for x in learners], dtype=np.float64),
        waited_millis=np.array(
            [round(round(min(x.weeks_waited, WAIT_CAP_WEEKS) * WAIT_PER_WEEK, 3) * 1000) for x in learners],
            dtype=np.int64,
        ),
    )


@dataclass(frozen=True, slots=True)
class EdgeArrays:
    """Eligible pairs: positions in the classes' and learners' sequences, and each pair's points in millis."""

    course: NDArray[np.int32]
    learner: NDArray[np.int32]
    waited: NDArray[np.int64]
    near: NDArray[np.int64]
    level: NDArray[np.int64]

    @property
    def millis(self) -> NDArray[np.int64]:
        return round(PLACED * 1000) + self.waited + self.near + self.level


def eligible_arrays(courses: Sequence[ClassFacts], learners: Sequence[LearnerFacts]) -> EdgeArrays:
    """Every pair keeping the hard rules, class by class, vectorised over the learners."""
    kinds: dict[str, int] = {}
    arrays = learner_arrays(learners, kinds)
    by_kind: dict[int, NDArray[np.intp]] = {
        code: np.flatnonzero(arrays.kind == code) for code in np.unique(arrays.kind).tolist()
    }
    parts_course, parts_learner, parts_waited, parts_near, parts_level = [], [], [], [], []
    for position, course in enumerate(courses):
        if course.free <= 0 or course.kind not in kinds:
            continue
        candidates = by_kind.get(kinds[course.kind])
        if candidates is None or candidates.size == 0:
            continue
        level = arrays.level[candidates]
        keep = level >= course.level_required
        if course.level_reached != course.level_required:
            keep &= level < course.level_reached
        keep &= (np.int16(course.days) & ~arrays.days[candidates]) == 0
        keep &= (arrays.periods[candidates] & np.int16(course.period)) != 0
        if not course.childcare:
            keep &= ~arrays.childcare[candidates]
        women = arrays.women[candidates]
        keep &= (women >= 1) if course.women_only else (women != 2)
        if course.cost > 0:
            keep &= ~arrays.free_only[candidates]
        chosen = candidates[keep]
        if chosen.size == 0:
            continue
        lat1, lon1 = math.radians(course.latitude), math.radians(course.longitude)
        lat2, lon2 = arrays.lat[chosen], arrays.lon[chosen]
        a = np.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
        near = km <= arrays.max_km[chosen] + 1e-9
        chosen, km = chosen[near], km[near]
        if chosen.size == 0:
            continue
        parts_course.append(np.full(chosen.size, position, dtype=np.int32))
        parts_learner.append(chosen.astype(np.int32))
        parts_waited.append(arrays.waited_millis[chosen])
        parts_near.append(np.rint(np.round(np.maximum(0.0, NEAR_MAX - km), 3) * 1000).astype(np.int64))
        parts_level.append(
            np.where(arrays.level[chosen] == course.level_required, round(LEVEL_FIT * 1000), 0).astype(np.int64)
        )
    if not parts_course:
        empty32, empty64 = np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64)
        return EdgeArrays(empty32, empty32, empty64, empty64, empty64)
    return EdgeArrays(
        course=np.concatenate(parts_course),
        learner=np.concatenate(parts_learner),
        waited=np.concatenate(parts_waited),
        near=np.concatenate(parts_near),
        level=np.concatenate(parts_level),
    )


@dataclass(frozen=True, slots=True)
class Placement:
    proposals: tuple[Proposal, ...]
    eligible_pairs: int
    objective: float


def place(
    courses: Sequence[ClassFacts],
    learners: Sequence[LearnerFacts],
    *,
    forbidden: frozenset[tuple[int, int]] = frozenset(),
) -> Placement:
    """The exact maximum-score placement under the hard rules; learners listed first win ties (list them in
    the order they applied). ``forbidden`` lists ``(learner id, class id)`` pairs never to propose again (a
    place the learner already declined or left)."""
    edges = eligible_arrays(courses, learners)
    if forbidden and edges.course.size:
        pairs = [(learners[int(i)].id, courses[int(j)].id) for i, j in zip(edges.learner, edges.course, strict=True)]
        keep = np.fromiter((pair not in forbidden for pair in pairs), dtype=bool, count=len(pairs))
        edges = EdgeArrays(
            edges.course[keep], edges.learner[keep], edges.waited[keep], edges.near[keep], edges.level[keep]
        )
    if edges.course.size == 0:
        return Placement(proposals=(), eligible_pairs=0, objective=0.0)
    # Earlier edges win ties: order the pairs by the learner's place in the queue, then the class.
    order = np.lexsort((edges.course, edges.learner))
    course_pos, learner_pos = edges.course[order], edges.learner[order]
    millis = edges.millis[order]
    instance = ArrayInstance(
        agent_ids=[c.id for c in courses],
        slot_ids=[x.id for x in learners],
        agent_capacity=np.array([max(0, c.free) for c in courses], dtype=np.int64),
        slot_capacity=np.ones(len(learners), dtype=np.int64),
        edge_agent=course_pos,
        edge_slot=learner_pos,
        edge_millis=millis,
        edge_units=np.ones(course_pos.size, dtype=np.int64),
    )
    result = solve_arrays(instance)
    carried = np.flatnonzero(result.flow)
    waited, near, level = edges.waited[order], edges.near[order], edges.level[order]
    proposals = tuple(
        Proposal(
            learner=learners[int(learner_pos[i])].id,
            course=courses[int(course_pos[i])].id,
            score=int(millis[i]) / 1000,
            reasons=(
                ("placed", PLACED),
                ("waited", int(waited[i]) / 1000),
                ("near", int(near[i]) / 1000),
                ("level", int(level[i]) / 1000),
            ),
        )
        for i in carried.tolist()
    )
    return Placement(proposals=proposals, eligible_pairs=int(course_pos.size), objective=result.objective)
