"""Instances as NumPy arrays: reading the JSON format, converting an ``Instance``, validating.

JSON format::

    {"agents": [{"id": "v1", "capacity": 2}, ...],
     "slots":  [{"id": "s1", "capacity": 3}, ...],
     "edges":  [["v1", "s1", 7.25], ["v2", "s1", 3.5, 4], ...]}

Ids are non-empty strings or integers, unique among agents and among slots. Capacities and units are
integers from 0 to ``MAX_QUANTITY``. An edge is ``[agent, slot, score]`` or ``[agent, slot, score, units]``
(units default to 1); a score is a number with at most 3 decimals and ``|score| <= MAX_SCORE``; a pair
appears at most once. Errors name the faulty item, counting from 0: ``edges[3] refers to unknown slot "s9"``.

Edges are checked column by column with NumPy; only when a column fails is the list walked edge by edge
to name the first faulty one.

Reading a file or text goes through ``accueil.matching.reading``: large files (1 MB and more) are first read
by ``accueil.matching.scan``, straight into arrays; it steps aside for anything unusual. Otherwise text is
parsed with orjson (about twice as fast as the json module on large files). orjson refuses some documents
the json module reads (a byte order mark, lone surrogates, numbers beyond double range, deep
nesting) and reads integers beyond 64 bits as floats; so whenever orjson fails, or the document it gives
fails validation, the text is parsed again with the json module and validated again: the result, and every
error message, are the json module's.
"""

from __future__ import annotations

import gc
import json
import numbers
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import repeat
from operator import eq, itemgetter
from typing import Any

import numpy as np
import orjson
from numpy.typing import ArrayLike, NDArray

from accueil.matching.model import MAX_QUANTITY, MAX_SCORE, Id, Instance, InstanceError

_KEYS = ("agents", "slots", "edges")
_NODE_KEYS = frozenset(("id", "capacity"))
_first, _second, _third = itemgetter(0), itemgetter(1), itemgetter(2)


@dataclass(frozen=True, slots=True)
class ArrayInstance:
    """An instance as columns. Build it with ``build_arrays``, ``parse_instance_json`` or ``instance_arrays``.

    ``edge_agent`` and ``edge_slot`` index ``agent_ids`` and ``slot_ids``; ``edge_millis`` is score × 1000.
    """

    agent_ids: Sequence[Id]
    slot_ids: Sequence[Id]
    agent_capacity: NDArray[np.int64]
    slot_capacity: NDArray[np.int64]
    edge_agent: NDArray[np.int32]
    edge_slot: NDArray[np.int32]
    edge_millis: NDArray[np.int64]
    edge_units: NDArray[np.int64]


class _SlowPath(Exception):
    """A column failed its vectorised check: walk the edges one by one to name the faulty one."""


def describe(value: object, limit: int = 40) -> str:
    """Show a value as it reads in JSON (``"s9"``, ``true``, ``null``), shortened to ``limit`` characters."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_int(value: object) -> bool:
    """An integer, and not a boolean."""
    return type(value) is int or (isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_))


def is_number(value: object) -> bool:
    """A real number, and not a boolean."""
    return type(value) in (int, float) or (isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_))


def _as_id(where: str, value: object) -> Id:
    if isinstance(value, str) and value:
        return value
    if is_int(value):
        return int(value)  # type: ignore[call-overload]
    raise InstanceError(f"{where}: id must be a non-empty string or an integer, got {describe(value)}")


def _as_quantity(where: str, value: object) -> int:
    if is_int(value) and 0 <= value <= MAX_QUANTITY:  # type: ignore[operator]
        return int(value)  # type: ignore[call-overload]
    raise InstanceError(f"{where} must be an integer from 0 to {MAX_QUANTITY}, got {describe(value)}")


def _index(ids: Sequence[Id], kind: str) -> dict[Id, int]:
    index = {ident: position for position, ident in enumerate(ids)}
    if len(index) != len(ids):
        seen: dict[Id, int] = {}
        for position, ident in enumerate(ids):
            if ident in seen:
                raise InstanceError(
                    f"{kind}[{position}]: duplicate id {describe(ident)} (already {kind}[{seen[ident]}])"
                )
            seen[ident] = position
    return index


def _check_edge(
    position: int,
    agent: object,
    slot: object,
    score: object,
    units: object,
    agents: Mapping[Id, int],
    slots: Mapping[Id, int],
) -> None:
    """Raise ``InstanceError`` for the first problem of one edge (all but decimals and repeated pairs)."""
    where = f"edges[{position}]"
    for role, value, index in (("agent", agent, agents), ("slot", slot, slots)):
        if not ((isinstance(value, str) and value) or is_int(value)):
            raise InstanceError(f"{where}: {role} must be a non-empty string or an integer, got {describe(value)}")
        if value not in index:
            raise InstanceError(f"{where} refers to unknown {role} {describe(value)}")
    if not is_number(score):
        raise InstanceError(f"{where}: score must be a number, got {describe(score)}")
    if not abs(score) <= MAX_SCORE:  # type: ignore[arg-type]
        raise InstanceError(f"{where}: score {describe(score)} is out of range (at most {MAX_SCORE} in absolute value)")
    _as_quantity(f"{where}: units", units)


def to_millis(scores: ArrayLike) -> NDArray[np.int64]:
    """Scores × 1000 as integers; raise ``InstanceError`` naming the first edge out of range or with > 3 decimals."""
    values = np.asarray(scores, dtype=np.float64)
    outside = ~(np.abs(values) <= MAX_SCORE)
    if outside.any():
        position = int(np.argmax(outside))
        score = float(values[position])
        raise InstanceError(
            f"edges[{position}]: score {score!r} is out of range (at most {MAX_SCORE} in absolute value)"
        )
    scaled = values * 1000.0
    millis = np.rint(scaled)
    # A 3-decimal score read as a double is off by at most ~2.2e-16 relative after scaling.
    inexact = np.abs(scaled - millis) > 1e-9 + 1e-15 * np.abs(millis)
    if inexact.any():
        position = int(np.argmax(inexact))
        raise InstanceError(f"edges[{position}]: score {float(values[position])!r} has more than 3 decimals")
    return millis.astype(np.int64)


def _finish(
    agent_ids: Sequence[Id],
    slot_ids: Sequence[Id],
    agent_capacity: NDArray[np.int64],
    slot_capacity: NDArray[np.int64],
    edge_agent: NDArray[np.int32],
    edge_slot: NDArray[np.int32],
    edge_scores: NDArray[np.float64],
    edge_units: NDArray[np.int64],
) -> ArrayInstance:
    """Vectorised checks shared by every way in: decimals, units range, repeated pairs."""
    return finish_arrays(
        agent_ids, slot_ids, agent_capacity, slot_capacity, edge_agent, edge_slot, to_millis(edge_scores), edge_units
    )


def finish_arrays(
    agent_ids: Sequence[Id],
    slot_ids: Sequence[Id],
    agent_capacity: NDArray[np.int64],
    slot_capacity: NDArray[np.int64],
    edge_agent: NDArray[np.int32],
    edge_slot: NDArray[np.int32],
    millis: NDArray[np.int64],
    edge_units: NDArray[np.int64],
) -> ArrayInstance:
    """Units range and repeated pairs checked on columns whose scores are already millis."""
    bad_units = (edge_units < 0) | (edge_units > MAX_QUANTITY)
    if bad_units.any():
        position = int(np.argmax(bad_units))
        raise InstanceError(
            f"edges[{position}]: units must be an integer from 0 to {MAX_QUANTITY}, got {int(edge_units[position])}"
        )
    _check_repeated_pairs(agent_ids, slot_ids, edge_agent, edge_slot)
    return ArrayInstance(
        agent_ids=agent_ids,
        slot_ids=slot_ids,
        agent_capacity=agent_capacity,
        slot_capacity=slot_capacity,
        edge_agent=edge_agent,
        edge_slot=edge_slot,
        edge_millis=millis,
        edge_units=edge_units,
    )


def _check_repeated_pairs(
    agent_ids: Sequence[Id], slot_ids: Sequence[Id], edge_agent: NDArray[np.int32], edge_slot: NDArray[np.int32]
) -> None:
    if edge_agent.size < 2:
        return
    keys = edge_agent.astype(np.int64) * len(slot_ids) + edge_slot
    if bool(np.all(keys[1:] > keys[:-1])):  # already sorted: common when edges come agent by agent
        return
    if not _repeats(keys, edge_agent, edge_slot, len(agent_ids) * len(slot_ids) <= 2**32):
        return
    order = np.argsort(keys, kind="stable")
    same = keys[order][1:] == keys[order][:-1]
    later = int(order[1:][same].min())
    earlier = int(np.flatnonzero(keys == keys[later])[0])
    pair = f"({describe(agent_ids[int(edge_agent[later])])}, {describe(slot_ids[int(edge_slot[later])])})"
    raise InstanceError(f"edges[{later}] repeats the pair {pair} of edges[{earlier}]")


def _repeats(
    keys: NDArray[np.int64], edge_agent: NDArray[np.int32], edge_slot: NDArray[np.int32], narrow: bool
) -> bool:
    """Whether a key occurs twice.

    Edges grouped agent by agent (the usual order) are compared group by group: sorting many short rows
    is several times faster than sorting all the keys.
    """
    count = edge_agent.size
    if bool(np.all(edge_agent[1:] >= edge_agent[:-1])):
        starts = np.concatenate(([0], np.flatnonzero(edge_agent[1:] != edge_agent[:-1]) + 1))
        sizes = np.diff(starts, append=count)
        width = int(sizes.max())
        if starts.size * width <= 2 * count:
            # One row per agent: its slots, then distinct negative fillers. Sorted rows: a repeat sits next to itself.
            if bool(np.all(sizes == width)):
                grid = edge_slot.reshape(starts.size, width).copy()
            else:
                grid = np.broadcast_to(-1 - np.arange(width, dtype=np.int32), (starts.size, width)).copy()
                shift = np.zeros(count, dtype=np.int64)
                shift[starts[1:]] = width - sizes[:-1]
                grid.reshape(-1)[np.arange(count) + np.cumsum(shift)] = edge_slot
            grid.sort(axis=1)
            return bool(np.any(grid[:, 1:] == grid[:, :-1]))
    ordered = np.sort(keys.astype(np.uint32) if narrow else keys)
    return bool(np.any(ordered[1:] == ordered[:-1]))


def build_arrays(
    *,
    agent_ids: Sequence[Id],
    agent_capacity: ArrayLike,
    slot_ids: Sequence[Id],
    slot_capacity: ArrayLike,
    edge_agent: ArrayLike,
    edge_slot: ArrayLike,
    edge_score: ArrayLike,
    edge_units: ArrayLike | None = None,
) -> ArrayInstance:
    """Validate columns (edges given by agent and slot positions) and return an ``ArrayInstance``."""
    agent_ids = [_as_id(f"agents[{i}]", ident) for i, ident in enumerate(agent_ids)]
    slot_ids = [_as_id(f"slots[{i}]", ident) for i, ident in enumerate(slot_ids)]
    _index(agent_ids, "agents")
    _index(slot_ids, "slots")
    capacities = [
        _integer_column(kind, values, len(ids))
        for kind, values, ids in (("agents", agent_capacity, agent_ids), ("slots", slot_capacity, slot_ids))
    ]
    for kind, column in zip(("agents", "slots"), capacities, strict=True):
        bad = (column < 0) | (column > MAX_QUANTITY)
        if bad.any():
            position = int(np.argmax(bad))
            raise InstanceError(
                f"{kind}[{position}]: capacity must be an integer from 0 to {MAX_QUANTITY}, got {int(column[position])}"
            )
    agents = _integer_column("edge agents", edge_agent, None)
    count = agents.size
    slots = _integer_column("edge slots", edge_slot, count)
    for role, column, limit in (("agent", agents, len(agent_ids)), ("slot", slots, len(slot_ids))):
        bad = (column < 0) | (column >= limit)
        if bad.any():
            position = int(np.argmax(bad))
            raise InstanceError(f"edges[{position}] refers to unknown {role} position {int(column[position])}")
    scores = np.asarray(edge_score)
    if scores.shape != (count,) or not (
        np.issubdtype(scores.dtype, np.integer) or np.issubdtype(scores.dtype, np.floating)
    ):
        raise InstanceError(f"edge scores must be {count} numbers")
    units = np.ones(count, np.int64) if edge_units is None else _integer_column("edge units", edge_units, count)
    return _finish(
        agent_ids,
        slot_ids,
        capacities[0],
        capacities[1],
        agents.astype(np.int32),
        slots.astype(np.int32),
        scores.astype(np.float64),
        units,
    )


def _integer_column(kind: str, values: ArrayLike, count: int | None) -> NDArray[np.int64]:
    column = np.asarray(values)
    if column.ndim != 1 or (count is not None and column.size != count):
        raise InstanceError(f"{kind} must be a flat array of {count} integers")
    if column.size and not np.issubdtype(column.dtype, np.integer):
        raise InstanceError(f"{kind} must be integers, got {column.dtype}")
    return column.astype(np.int64)


def instance_arrays(instance: Instance) -> ArrayInstance:
    """Validate an ``Instance`` (with its edges' reasons) and return it as arrays."""
    agent_ids = [_as_id(f"agents[{i}]", agent.id) for i, agent in enumerate(instance.agents)]
    slot_ids = [_as_id(f"slots[{i}]", slot.id) for i, slot in enumerate(instance.slots)]
    agent_capacity = [_as_quantity(f"agents[{i}]: capacity", a.capacity) for i, a in enumerate(instance.agents)]
    slot_capacity = [_as_quantity(f"slots[{i}]: capacity", s.capacity) for i, s in enumerate(instance.slots)]
    agents, slots = _index(agent_ids, "agents"), _index(slot_ids, "slots")
    for position, edge in enumerate(instance.edges):
        _check_edge(position, edge.agent, edge.slot, edge.score, edge.units, agents, slots)
        if edge.reasons:
            _check_reasons(position, edge.score, edge.reasons)
    count = len(instance.edges)
    return _finish(
        agent_ids,
        slot_ids,
        np.array(agent_capacity, dtype=np.int64),
        np.array(slot_capacity, dtype=np.int64),
        np.fromiter((agents[edge.agent] for edge in instance.edges), dtype=np.int32, count=count),
        np.fromiter((slots[edge.slot] for edge in instance.edges), dtype=np.int32, count=count),
        np.fromiter((edge.score for edge in instance.edges), dtype=np.float64, count=count),
        np.fromiter((edge.units for edge in instance.edges), dtype=np.int64, count=count),
    )


def _check_reasons(position: int, score: float, reasons: object) -> None:
    where = f"edges[{position}]"
    if not isinstance(reasons, tuple | list) or not all(
        isinstance(reason, tuple | list) and len(reason) == 2 and isinstance(reason[0], str) and is_number(reason[1])
        for reason in reasons
    ):
        raise InstanceError(f"{where}: reasons must be (criterion, points) pairs")
    total = sum(round(float(points) * 1000) for _, points in reasons)
    if total != round(float(score) * 1000):
        raise InstanceError(f"{where}: reasons add up to {total / 1000}, not to the score {score}")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Millions of small containers are created at once: collecting meanwhile only costs time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _reject_constant(name: str) -> None:
    raise InstanceError(f"invalid JSON: {name} is not a number")


def read_document(text: bytes | str) -> Any:
    """``json.loads`` with ``NaN`` and ``Infinity`` refused; errors become ``InstanceError``."""
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as error:  # JSONDecodeError, UnicodeDecodeError
        if isinstance(error, InstanceError):
            raise
        raise InstanceError(f"invalid JSON: {error}") from None


def read_document_arrays(text: bytes | str) -> tuple[object, ArrayInstance]:
    """The ordinary way: parse the whole document (orjson, then the json module when needed), validate it."""
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    else:
        try:
            return document, document_arrays(document)
        except InstanceError:
            del document  # integers beyond 64 bits read as floats: the json module has the last word
    document = read_document(text)
    return document, document_arrays(document)


def document_arrays(document: object) -> ArrayInstance:
    """Validate a parsed JSON document and return it as arrays."""
    if not isinstance(document, dict):
        raise InstanceError('the instance must be a JSON object with "agents", "slots" and "edges"')
    for key in _KEYS:
        if key not in document:
            raise InstanceError(f'the instance has no "{key}"')
    for key in document:
        if key not in _KEYS:
            raise InstanceError(f"the instance has an unknown key {describe(key)}")
    agent_ids, agent_capacity = read_nodes("agents", document["agents"])
    slot_ids, slot_capacity = read_nodes("slots", document["slots"])
    agents, slots = _index(agent_ids, "agents"), _index(slot_ids, "slots")
    edges = document["edges"]
    if not isinstance(edges, list):
        raise InstanceError('"edges" must be a list')
    try:
        columns = _edge_columns(edges, agents, slots)
    except _SlowPath:
        for position, edge in enumerate(edges):
            if type(edge) is not list or len(edge) not in (3, 4):
                raise InstanceError(
                    f"edges[{position}] must be [agent, slot, score] or [agent, slot, score, units],"
                    f" got {describe(edge)}"
                ) from None
            _check_edge(position, edge[0], edge[1], edge[2], edge[3] if len(edge) == 4 else 1, agents, slots)
        raise InstanceError("edges hold an invalid value") from None  # some edge above fails first
    return _finish(agent_ids, slot_ids, agent_capacity, slot_capacity, *columns)


def read_nodes(kind: str, items: object) -> tuple[list[Id], NDArray[np.int64]]:
    """Ids and capacities of ``"agents"`` or ``"slots"``; ``InstanceError`` names the first faulty item."""
    if not isinstance(items, list):
        raise InstanceError(f'"{kind}" must be a list')
    if set(map(type, items)) <= {dict} and all(map(eq, map(dict.keys, items), repeat(_NODE_KEYS))):
        ids = list(map(itemgetter("id"), items))
        capacities = list(map(itemgetter("capacity"), items))
        if (
            set(map(type, ids)) <= {str, int}
            and "" not in ids
            and set(map(type, capacities)) <= {int}
            and (not capacities or 0 <= min(capacities) <= max(capacities) <= MAX_QUANTITY)
        ):
            return ids, np.array(capacities, dtype=np.int64)
    return _read_nodes_one_by_one(kind, items)


def _read_nodes_one_by_one(kind: str, items: list[Any]) -> tuple[list[Id], NDArray[np.int64]]:
    ids: list[Id] = []
    capacities: list[int] = []
    for position, item in enumerate(items):
        where = f"{kind}[{position}]"
        if type(item) is not dict:
            raise InstanceError(f'{where} must be an object {{"id": ..., "capacity": ...}}, got {describe(item)}')
        if item.keys() != _NODE_KEYS:
            for key in ("id", "capacity"):
                if key not in item:
                    raise InstanceError(f'{where} has no "{key}"')
            unknown = next(key for key in item if key not in _NODE_KEYS)
            raise InstanceError(f"{where} has an unknown key {describe(unknown)}")
        ids.append(_as_id(where, item["id"]))
        capacities.append(_as_quantity(f"{where}: capacity", item["capacity"]))
    return ids, np.array(capacities, dtype=np.int64)


def _edge_columns(
    edges: list[Any], agents: Mapping[Id, int], slots: Mapping[Id, int]
) -> tuple[NDArray[np.int32], NDArray[np.int32], NDArray[np.float64], NDArray[np.int64]]:
    """Edge columns, checked a column at a time; ``_SlowPath`` when a column holds a faulty value."""
    count = len(edges)
    try:
        arities = set(map(len, edges))
    except TypeError:
        raise _SlowPath from None
    if not arities <= {3, 4}:
        raise _SlowPath
    columns = []
    for getter, index in ((_first, agents), (_second, slots)):
        # With integer ids, 1.0 and true would find the id 1: make sure keys are str or int.
        if any(type(ident) is int for ident in index) and not set(map(type, map(getter, edges))) <= {str, int}:
            raise _SlowPath
        try:
            columns.append(np.fromiter(map(index.__getitem__, map(getter, edges)), dtype=np.int32, count=count))
        except (KeyError, TypeError):
            raise _SlowPath from None
    scores = list(map(_third, edges))
    if not set(map(type, scores)) <= {int, float}:
        raise _SlowPath
    try:
        score_column = np.array(scores, dtype=np.float64)
    except OverflowError:
        raise _SlowPath from None
    units = np.ones(count, dtype=np.int64)
    if 4 in arities:
        with_units = np.flatnonzero(np.fromiter(map(len, edges), dtype=np.int8, count=count) == 4)
        given = [edges[position][3] for position in with_units.tolist()]
        if not set(map(type, given)) <= {int}:
            raise _SlowPath
        try:
            units[with_units] = np.array(given, dtype=np.int64)
        except OverflowError:
            raise _SlowPath from None
    return columns[0], columns[1], score_column, units
