"""Interpreting: the hard rules and the scores, as plain data for `accueil.matching` (no Django here).

Hard rules (a pair that breaks one has no edge, whatever the scores):
- the interpreter holds the language at the level needed or above, and the dialect when one is asked;
- the interpreter works in the mode asked (on site, phone, video);
- the gender asked for, when one is;
- no conflict of interest: the requesting organisation is not on the interpreter's conflict list;
- the person is not on the interpreter's list of persons they must not serve;
- the interpreter is available on that weekday (no days given means any day).

Scores (points, explained to the requester): urgency (urgent requests take scarce interpreters first), domain
experience, distance for on-site work, a level above the one needed, continuity with the same person.
Edges are built per request over all interpreters at once with NumPy, so 2,000 requests × 1,500 interpreters
cost a fraction of a second before the engine solves the optimum exactly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from accueil.matching import build_arrays, solve_arrays

URGENCY_POINTS = {1: 0.0, 2: 4.0, 3: 8.0}
BASE_POINTS = 10.0
DOMAIN_POINTS = 3.0
LEVEL_POINTS = 1.0
CONTINUITY_POINTS = 3.0
SAME_DISTRICT_POINTS = 2.0
NEAR_KM = 5.0  # on-site: up to this many points, one less per kilometre


@dataclass(frozen=True)
class Credential:
    language: str
    level: int
    dialect: str = ""


@dataclass(frozen=True)
class InterpreterFacts:
    id: int
    capacity: int
    credentials: tuple[Credential, ...]
    modes: frozenset[str]
    domains: frozenset[str] = frozenset()
    gender: str = ""
    weekdays: frozenset[int] = frozenset()  # empty: any day
    position: tuple[float, float] | None = None  # the district's centre, never a home address
    district: int = 0
    conflict_organisations: frozenset[int] = frozenset()
    excluded_persons: frozenset[int] = frozenset()
    served_persons: frozenset[int] = frozenset()


@dataclass(frozen=True)
class RequestFacts:
    id: int
    language: str
    level: int
    mode: str
    weekday: int
    domain: str = "everyday"
    dialect: str = ""
    urgency: int = 2
    gender: str = ""
    organisation: int | None = None
    person: int | None = None
    position: tuple[float, float] | None = None
    district: int = 0
    declined_by: frozenset[int] = frozenset()  # interpreters who declined this request: never proposed again


@dataclass
class Edges:
    request: NDArray[np.int32]  # positions in the requests list
    interpreter: NDArray[np.int32]  # positions in the interpreters list
    score: NDArray[np.float64]
    reasons: list[dict[str, float]] = field(default_factory=list)


def breaks_hard_rule(interpreter: InterpreterFacts, request: RequestFacts) -> str | None:
    """The first hard rule the pair breaks, or None: the plain reference the fast builder is tested against."""
    levels = [
        c.level
        for c in interpreter.credentials
        if c.language == request.language and (not request.dialect or c.dialect == request.dialect)
    ]
    if not levels or max(levels) < request.level:
        return "language"
    if request.mode not in interpreter.modes:
        return "mode"
    if request.gender and interpreter.gender != request.gender:
        return "gender"
    if request.organisation is not None and request.organisation in interpreter.conflict_organisations:
        return "conflict"
    if request.person is not None and request.person in interpreter.excluded_persons:
        return "excluded_person"
    if interpreter.id in request.declined_by:
        return "declined"
    if interpreter.weekdays and request.weekday not in interpreter.weekdays:
        return "availability"
    return None


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def criteria(interpreter: InterpreterFacts, request: RequestFacts) -> dict[str, float]:
    """The points of an allowed pair, by criterion (the same as the fast builder's, for explanations)."""
    level = max(
        c.level
        for c in interpreter.credentials
        if c.language == request.language and (not request.dialect or c.dialect == request.dialect)
    )
    points = {
        "base": BASE_POINTS,
        "urgency": URGENCY_POINTS.get(request.urgency, 0.0),
        "domain": DOMAIN_POINTS if request.domain in interpreter.domains else 0.0,
        "level": LEVEL_POINTS * (level - request.level),
        "continuity": CONTINUITY_POINTS
        if request.person is not None and request.person in interpreter.served_persons
        else 0.0,
        "distance": 0.0,
    }
    if request.mode == "on_site":
        if request.district and request.district == interpreter.district:
            points["distance"] = SAME_DISTRICT_POINTS + NEAR_KM
        elif request.position is not None and interpreter.position is not None:
            points["distance"] = round(max(0.0, NEAR_KM - _distance_km(request.position, interpreter.position)), 3)
    return {key: round(value, 3) for key, value in points.items()}


class _Columns:
    """The interpreters as columns, built once per run."""

    def __init__(self, interpreters: Sequence[InterpreterFacts]) -> None:
        self.n = len(interpreters)
        self.ids = np.array([i.id for i in interpreters], dtype=np.int64)
        self.level: dict[tuple[str, str], NDArray[np.int16]] = {}
        for i, interp in enumerate(interpreters):
            for c in interp.credentials:
                for key in ((c.language, ""), (c.language, c.dialect)) if c.dialect else ((c.language, ""),):
                    column = self.level.setdefault(key, np.zeros(self.n, dtype=np.int16))
                    column[i] = max(column[i], c.level)
        self.modes = {
            m: np.array([m in i.modes for i in interpreters], dtype=bool) for m in ("on_site", "phone", "video")
        }
        self.gender = np.array([i.gender for i in interpreters], dtype=object)
        self.any_day = np.array([not i.weekdays for i in interpreters], dtype=bool)
        self.day = [np.array([d in i.weekdays for i in interpreters], dtype=bool) for d in range(7)]
        self.domains = {
            d: np.array([d in i.domains for i in interpreters], dtype=bool)
            for d in ("asylum", "medical", "legal", "everyday")
        }
        self.district = np.array([i.district for i in interpreters], dtype=np.int32)
        self.has_position = np.array([i.position is not None for i in interpreters], dtype=bool)
        self.lat = np.radians(np.array([i.position[0] if i.position else 0.0 for i in interpreters], dtype=np.float64))
        self.lon = np.radians(np.array([i.position[1] if i.position else 0.0 for i in interpreters], dtype=np.float64))
        self.conflicts: dict[int, NDArray[np.int64]] = {}
        self.excluded: dict[int, NDArray[np.int64]] = {}
        self.served: dict[int, NDArray[np.int64]] = {}
        for name, attr in (
            ("conflicts", "conflict_organisations"),
            ("excluded", "excluded_persons"),
            ("served", "served_persons"),
        ):
            found: dict[int, list[int]] = {}
            for i, interp in enumerate(interpreters):
                for key in getattr(interp, attr):
                    found.setdefault(key, []).append(i)
            setattr(self, name, {k: np.array(v, dtype=np.int64) for k, v in found.items()})


def allowed_mask(columns: _Columns, request: RequestFacts) -> NDArray[np.bool_]:
    levels = columns.level.get((request.language, request.dialect))
    if levels is None:
        return np.zeros(columns.n, dtype=bool)
    mask = levels >= request.level
    mask &= columns.modes.get(request.mode, np.zeros(columns.n, dtype=bool))
    if request.gender:
        mask &= columns.gender == request.gender
    mask &= columns.any_day | columns.day[request.weekday]
    if request.organisation is not None and request.organisation in columns.conflicts:
        mask[columns.conflicts[request.organisation]] = False
    if request.person is not None and request.person in columns.excluded:
        mask[columns.excluded[request.person]] = False
    if request.declined_by:
        mask &= ~np.isin(columns.ids, np.array(sorted(request.declined_by), dtype=np.int64))
    return mask


def count_possible(interpreters: Sequence[InterpreterFacts], request: RequestFacts) -> int:
    """How many interpreters could serve this request (shown before asking)."""
    return int(allowed_mask(_Columns(interpreters), request).sum())


def build_edges(
    interpreters: Sequence[InterpreterFacts], requests: Sequence[RequestFacts], *, with_reasons: bool = False
) -> Edges:
    columns = _Columns(interpreters)
    parts_r: list[NDArray[np.int32]] = []
    parts_i: list[NDArray[np.int32]] = []
    parts_s: list[NDArray[np.float64]] = []
    for r, request in enumerate(requests):
        mask = allowed_mask(columns, request)
        chosen = np.flatnonzero(mask)
        if chosen.size == 0:
            continue
        levels = columns.level[(request.language, request.dialect)][chosen].astype(np.float64)
        score = BASE_POINTS + URGENCY_POINTS.get(request.urgency, 0.0) + LEVEL_POINTS * (levels - request.level)
        score = score + DOMAIN_POINTS * columns.domains.get(request.domain, np.zeros(columns.n, dtype=bool))[chosen]
        if request.person is not None and request.person in columns.served:
            served = np.zeros(columns.n, dtype=bool)
            served[columns.served[request.person]] = True
            score = score + CONTINUITY_POINTS * served[chosen]
        if request.mode == "on_site":
            distance_points = np.zeros(chosen.size, dtype=np.float64)
            if request.position is not None:
                lat1, lon1 = math.radians(request.position[0]), math.radians(request.position[1])
                lat2, lon2 = columns.lat[chosen], columns.lon[chosen]
                h = np.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
                km = 2 * 6371.0088 * np.arcsin(np.minimum(1.0, np.sqrt(h)))
                near = np.round(np.maximum(0.0, NEAR_KM - km), 3)
                distance_points = np.where(columns.has_position[chosen], near, 0.0)
            if request.district:
                same = columns.district[chosen] == request.district
                distance_points = np.where(same, SAME_DISTRICT_POINTS + NEAR_KM, distance_points)
            score = score + distance_points
        parts_r.append(np.full(chosen.size, r, dtype=np.int32))
        parts_i.append(chosen.astype(np.int32))
        parts_s.append(np.round(score, 3))
    edges = Edges(
        request=np.concatenate(parts_r) if parts_r else np.zeros(0, dtype=np.int32),
        interpreter=np.concatenate(parts_i) if parts_i else np.zeros(0, dtype=np.int32),
        score=np.concatenate(parts_s) if parts_s else np.zeros(0, dtype=np.float64),
    )
    if with_reasons:
        edges.reasons = [
            criteria(interpreters[int(i)], requests[int(r)])
            for r, i in zip(edges.request, edges.interpreter, strict=True)
        ]
    return edges


@dataclass(frozen=True)
class Match:
    request: int  # position
    interpreter: int  # position
    score: float


def match(interpreters: Sequence[InterpreterFacts], requests: Sequence[RequestFacts]) -> tuple[list[Match], int]:
    """The optimal assignment (one interpreter per request, each within their capacity); returns the matches
    and the number of edges built."""
    edges = build_edges(interpreters, requests)
    if edges.score.size == 0:
        return [], 0
    arrays = build_arrays(
        agent_ids=list(range(len(interpreters))),
        agent_capacity=np.array([i.capacity for i in interpreters], dtype=np.int64),
        slot_ids=list(range(len(requests))),
        slot_capacity=np.ones(len(requests), dtype=np.int64),
        edge_agent=edges.interpreter,
        edge_slot=edges.request,
        edge_score=edges.score,
    )
    solution = solve_arrays(arrays)
    used = np.flatnonzero(solution.flow > 0)
    return [
        Match(request=int(edges.request[k]), interpreter=int(edges.interpreter[k]), score=float(edges.score[k]))
        for k in used
    ], int(edges.score.size)
