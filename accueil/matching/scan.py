"""Reading the "edges" of a large instance file straight into arrays, without a Python object per edge.

A file of two million edges holds about eight million JSON values; parsing them into Python lists,
strings and floats and then turning those into columns costs more than solving the instance. This
module reads the text of the edges list with NumPy instead, a block at a time:

1. no backslash occurs in the file (no escaped string anywhere);
2. the positions of ``[``, ``]`` and ``,`` after ``"edges":`` must follow exactly the shape
   ``[[a, s, x], [a, s, x, u], ...]`` up to the list's closing bracket; between them only JSON
   whitespace and one value per place: ids are strings, scores numbers without exponent, units
   integers; no byte from U+0000 to U+001F inside a string; the text valid UTF-8;
3. the rest of the text, with ``[]`` in place of the edges list, is parsed by orjson as usual (agents,
   slots, any key out of place), must give ``"edges": []`` and hold ``"edges"`` nowhere else;
4. ids are compared as their UTF-8 bytes, packed into 64-bit words and found through a hash table;
   numbers are read eight bytes at a time with integer arithmetic, never through a float, so a score
   becomes its exact integer millis.

Whenever anything is outside these rules, even when the document is valid, ``scan_arrays`` returns
``None`` and the caller parses the whole text the ordinary way (``accueil.matching.instance``), which
gives the result or names the faulty item. When it returns arrays, they are exactly the ones the
ordinary way gives; a property test checks both ways on random and damaged documents.

Work is done in blocks (a megabyte of text, 32,768 edges) so that the intermediate arrays stay in the
processor's cache; layouts where every whitespace is one space after a comma (``json.dumps``' default)
or where there is none take the shortest way, others (indented files) strip whitespace value by value.
"""

from __future__ import annotations

from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import orjson
from numpy.typing import NDArray

from accueil.matching.instance import ArrayInstance, finish_arrays, read_nodes
from accueil.matching.model import MAX_QUANTITY, MAX_SCORE, Id, InstanceError

MIN_SIZE = 1 << 20
"""Below this many bytes the ordinary parser is about as fast: ``scan_arrays`` leaves such files to it."""

_OPEN, _CLOSE, _COMMA, _QUOTE, _MINUS, _SPACE = b'[],"- '
_KEY = b'"edges"'
_WHITESPACE = b" \t\n\r"
_TEXT_BLOCK = 1 << 20
_EDGE_BLOCK = 1 << 15

_U8 = np.uint64
_BYTE_MASKS = np.array([(1 << (8 * count)) - 1 for count in range(8)] + [2**64 - 1], dtype=np.uint64)
"""``_BYTE_MASKS[n]`` keeps the first ``n`` bytes of a little-endian word."""
_ONES, _HIGHS = _U8(0x0101010101010101), _U8(0x8080808080808080)
_ZEROS, _DOTS = _U8(0x3030303030303030), _U8(0x2E2E2E2E2E2E2E2E)
_NIBBLES, _SIXES, _THREES = _U8(0xF0F0F0F0F0F0F0F0), _U8(0x0606060606060606), _U8(0x3333333333333333)
_POWERS_OF_TEN = 10 ** np.arange(19, dtype=np.int64)
_HASH_FACTORS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93], dtype=np.uint64
)


class Unusual(Exception):
    """Something outside the rules of the module docstring: the ordinary parser takes over."""


def scan_arrays(text: bytes, *, min_size: int = MIN_SIZE) -> ArrayInstance | None:
    """The instance in ``text`` as arrays, or ``None`` when the ordinary parser must read it."""
    if len(text) < min_size or b"\\" in text or _KEY not in text:
        return None
    try:
        return scan(text)
    except (Unusual, InstanceError):
        return None
    except (ArithmeticError, LookupError, ValueError):  # a fault of this shortcut: the ordinary way still answers
        return None


def scan(text: bytes) -> ArrayInstance:
    """The instance in ``text`` as arrays; ``Unusual`` when the ordinary parser must read it."""
    start = _edges_start(text)
    data = np.frombuffer(text, dtype=np.uint8)
    with ThreadPoolExecutor(max_workers=2) as pool:
        # The list is usually the document's last value: its end is then the last "]", and agents and
        # slots are read (mostly Python work) while the marks are found (mostly NumPy, without the GIL).
        guess = text.rfind(b"]") + 1
        nodes = pool.submit(_nodes, text, start, guess)
        edges = _EdgeList(text, data, start, pool)
        if edges.end == guess:
            agents, slots = nodes.result()
        else:
            nodes.cancel()
            agents, slots = _nodes(text, start, edges.end)
        columns = edges.columns(agents.lookup, slots.lookup)
    return finish_arrays(agents.ids, slots.ids, agents.capacity, slots.capacity, *columns)


@dataclass(frozen=True, slots=True)
class _Nodes:
    ids: list[Id]
    capacity: NDArray[np.int64]
    lookup: _Lookup


def _nodes(text: bytes, start: int, end: int) -> tuple[_Nodes, _Nodes]:
    """Agents and slots, read from the document with ``[]`` in place of the edges list."""
    document = _rest(text, start, end)
    found = []
    for kind in ("agents", "slots"):
        ids, capacity = read_nodes(kind, document[kind])
        if set(map(type, ids)) != {str} or len(set(ids)) != len(ids):
            raise Unusual
        found.append(_Nodes(ids, capacity, _Lookup(ids)))  # type: ignore[arg-type]
    return found[0], found[1]


def _skip_whitespace(text: bytes, position: int) -> int:
    while position < len(text) and text[position] in _WHITESPACE:
        position += 1
    return position


def _edges_start(text: bytes) -> int:
    """Position of the ``[`` that opens the value of ``"edges"``."""
    key = text.find(_KEY)
    if key < 0:
        raise Unusual
    position = _skip_whitespace(text, key + len(_KEY))
    if text[position : position + 1] != b":":
        raise Unusual
    position = _skip_whitespace(text, position + 1)
    if text[position : position + 1] != b"[":
        raise Unusual
    return position


def _rest(text: bytes, start: int, end: int) -> dict[str, Any]:
    """The document with ``[]`` in place of the edges list, parsed by orjson."""
    try:
        rest = b"".join((text[:start], b"[]", text[end:]))
        document = orjson.loads(rest)
    except orjson.JSONDecodeError:
        raise Unusual from None
    if rest.count(_KEY) != 1:  # a second "edges" key would be the one that counts
        raise Unusual
    if type(document) is not dict or document.keys() != {"agents", "slots", "edges"} or document["edges"] != []:
        raise Unusual
    return document


def _is_whitespace(values: NDArray[np.uint8]) -> NDArray[np.bool_]:
    found = values == 32
    found |= values == 10
    found |= values == 13
    found |= values == 9
    return found


def _first_set_byte(flags: NDArray[np.uint64]) -> NDArray[np.int64]:
    """Index (0–7) of the lowest byte whose high bit is set in each word (which must have one)."""
    lowest = flags & (~flags + _U8(1))
    return (((lowest >> _U8(7)) * _U8(0x0001020304050607)) >> _U8(56)).astype(np.int64)


def _eight_digits(words: NDArray[np.uint64]) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Value of eight ASCII digits per word (first byte most significant), and whether all are digits."""
    valid = ((words & _NIBBLES) | (((words + _SIXES) & _NIBBLES) >> _U8(4))) == _THREES
    value = words - _ZEROS
    value = value * _U8(10) + (value >> _U8(8))
    value = (
        ((value & _U8(0x000000FF000000FF)) * _U8(100 + (1000000 << 32)))
        + (((value >> _U8(16)) & _U8(0x000000FF000000FF)) * _U8(1 + (10000 << 32)))
    ) >> _U8(32)
    return value.astype(np.int64), valid


class _Block:
    """Brackets and commas of one block of text (a megabyte from ``offset``), and counts over it."""

    def __init__(self, data: NDArray[np.uint8], offset: int, stop: int | None = None) -> None:
        self.offset = offset
        block = data[offset : offset + _TEXT_BLOCK if stop is None else stop]
        self.data = data
        commas = block == _COMMA
        marks = commas | (block == _OPEN)
        marks |= block == _CLOSE
        self.found = np.flatnonzero(marks)
        kind = block[self.found]
        closing = kind == _CLOSE
        self.opens = np.flatnonzero(kind == _OPEN)
        self.closes = np.flatnonzero(closing)
        self.ends = np.flatnonzero(closing[1:] & closing[:-1]) + 1  # a "]" right after another: the list's
        self.closing_first = bool(closing[:1].any())
        self.closing_last = bool(closing[-1:].any())
        spaces = block == _SPACE
        self.quotes = int(np.count_nonzero(block == _QUOTE))
        self.spaces = int(np.count_nonzero(spaces))
        self.spaced_commas = int(np.count_nonzero(commas[:-1] & spaces[1:]))
        self.space_first = bool(spaces[:1].any())
        self.comma_last = bool(commas[-1:].any())
        self.lowest = int(block.min()) if block.size else 255
        self.highest = int(block.max()) if block.size else 0

    def cut(self, mark: int) -> _Block:
        """This block up to its mark number ``mark`` (the list's closing bracket), included."""
        return _Block(self.data, self.offset, self.offset + int(self.found[mark]) + 1)


@dataclass(frozen=True, slots=True)
class _Marks:
    """Brackets and commas from the edges list's ``[`` to its ``]`` (mark numbers index ``positions``)."""

    positions: NDArray[np.integer]
    opens: NDArray[np.int64]  # mark numbers of the "[", the list's first
    closes: NDArray[np.int64]  # mark numbers of the "]", the list's last
    quotes: int
    spaces: int
    spaced_commas: int  # commas followed by a space
    lowest: int  # smallest and largest byte
    highest: int

    @property
    def end(self) -> int:
        return int(self.positions[-1]) + 1


def _find_marks(data: NDArray[np.uint8], start: int, pool: Executor) -> _Marks:
    """The marks of the list that opens at ``start``, and counts over its text.

    Blocks are scanned two at a time (one per thread); the list ends at its first ``]`` that follows
    another ``]`` (an edge's), possibly across two blocks.
    """
    blocks: list[_Block] = []
    last: tuple[int, int] | None = None  # (block, mark) of the list's "]"
    offsets = range(start, data.size, _TEXT_BLOCK)
    for wave in range(0, len(offsets), 2):
        for block in pool.map(lambda offset: _Block(data, offset), offsets[wave : wave + 2]):
            ends = block.ends
            if blocks and blocks[-1].closing_last and block.closing_first:
                ends = np.zeros(1, dtype=np.int64)
            blocks.append(block)
            if ends.size:
                last = (len(blocks) - 1, int(ends[0]))
                break
        if last is not None:
            break
    if last is None:
        raise Unusual
    blocks = blocks[: last[0] + 1]
    blocks[-1] = blocks[-1].cut(last[1])
    bases = np.cumsum([0] + [block.found.size for block in blocks]).tolist()
    # Positions fit in 32 bits below 2 GiB of text: half the memory to fill and to read back.
    positions = np.empty(bases[-1], dtype=np.int32 if data.size < 2**31 else np.int64)

    def place(index: int) -> None:
        block = blocks[index]
        np.add(block.found, block.offset, out=positions[bases[index] : bases[index + 1]], casting="unsafe")

    list(pool.map(place, range(len(blocks))))
    if positions[0] != start:
        raise Unusual
    return _Marks(
        positions=positions,
        opens=np.concatenate([block.opens + base for block, base in zip(blocks, bases, strict=False)]),
        closes=np.concatenate([block.closes + base for block, base in zip(blocks, bases, strict=False)]),
        quotes=sum(block.quotes for block in blocks),
        spaces=sum(block.spaces for block in blocks),
        spaced_commas=sum(block.spaced_commas for block in blocks)
        + sum(before.comma_last and after.space_first for before, after in pairwise(blocks)),
        lowest=min(block.lowest for block in blocks),
        highest=max(block.highest for block in blocks),
    )


class _EdgeList:
    """The text of the edges list: its brackets and commas, then its values a block of edges at a time."""

    def __init__(self, text: bytes, data: NDArray[np.uint8], start: int, pool: Executor) -> None:
        self.data = data
        self.start = start
        self.pool = pool
        marks = _find_marks(data, start, pool)
        self.positions, self.end, self.spaces = marks.positions, marks.end, marks.spaces
        count = self.positions.size
        opens, closes = marks.opens, marks.closes
        # Exactly "[" ( "[" ","{2,3} "]" "," )* ... "]": opens and closes alternate, commas fill the rest.
        if not (opens.size > 1 and closes.size == opens.size):
            raise Unusual
        places = closes[:-1] - opens[1:]
        if not (
            opens[0] == 0
            and opens[1] == 1
            and closes[-2] == count - 2
            and closes[-1] == count - 1
            and np.array_equal(opens[2:], closes[:-2] + 2)
            and int(places.min()) >= 3
            and int(places.max()) <= 4
        ):
            raise Unusual
        self.opens, self.places = opens[1:], places
        self.count = self.opens.size
        if marks.quotes != 4 * self.count:  # two per id, none inside an id nor elsewhere
            raise Unusual
        # The usual layouts: no whitespace, or one space after some commas and none elsewhere.
        self.compact = marks.lowest >= 32 and marks.spaces == marks.spaced_commas
        if not self.compact:
            self._strip_all(controls=marks.lowest < 32)
        if marks.highest >= 128:
            try:
                data[start : self.end].tobytes().decode("utf-8")
            except UnicodeDecodeError:
                raise Unusual from None
        # One 64-bit word starting at each byte (little-endian): ids and numbers are read 8 bytes at a time.
        room = 8 * len(_HASH_FACTORS)  # the last word of the longest id may start that far after a value
        self.padded = text if self.end + room <= len(text) else text + bytes(room)
        self.words = np.ndarray((len(self.padded) - 7,), dtype="<u8", buffer=self.padded, strides=(1,))

    def _strip_all(self, *, controls: bool) -> None:
        """Other layouts: the first and last byte of each value, found by skipping whitespace around it."""
        positions, opens, places = self.positions.astype(np.int64), self.opens, self.places
        count = positions.size
        values = np.zeros(count - 1, dtype=bool)  # gap k, between marks k and k + 1, holds a value
        for place in range(4):
            values[(opens + place)[places > place]] = True
        self.first = np.empty(count - 1, dtype=np.int64)
        self.last = np.empty(count - 1, dtype=np.int64)
        first = self._skip(positions[:-1] + 1, 1)
        if not np.array_equal(first[~values], positions[1:][~values]):  # whitespace only around the edges
            raise Unusual
        last = self._skip(positions[1:][values] - 1, -1)
        if bool(np.any(last < first[values])):  # a place with no value
            raise Unusual
        self.first[:] = first
        self.last[values] = last
        if controls:  # whitespace is fine between values, a control character inside an id is not
            found = np.flatnonzero(self.data[self.start : self.end] < 32) + self.start
            ids = np.zeros(count - 1, dtype=bool)
            ids[opens] = True
            ids[opens + 1] = True
            if not np.array_equal(np.searchsorted(found, self.first[ids]), np.searchsorted(found, self.last[ids])):
                raise Unusual

    def _skip(self, position: NDArray[np.int64], step: int) -> NDArray[np.int64]:
        """Move each position by ``step`` while it is on whitespace (a bracket or a comma stops it)."""
        data = self.data
        moving = np.flatnonzero(_is_whitespace(data[position]))
        while moving.size:
            position[moving] += step
            moving = moving[_is_whitespace(data[position[moving]])]
        return position

    def _value(self, marks: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """First and last byte of the values that follow the marks at these indexes."""
        if self.compact:
            before = self.positions[marks].astype(np.int64)
            return before + 1 + (self.data[before + 1] == _SPACE), self.positions[marks + 1].astype(np.int64) - 1
        return self.first[marks], self.last[marks]

    def columns(
        self, agents: _Lookup, slots: _Lookup
    ) -> tuple[NDArray[np.int32], NDArray[np.int32], NDArray[np.int64], NDArray[np.int64]]:
        """Agent and slot positions, scores in millis and units of every edge."""
        agent = np.empty(self.count, dtype=np.int32)
        slot = np.empty(self.count, dtype=np.int32)
        millis = np.empty(self.count, dtype=np.int64)
        units = np.ones(self.count, dtype=np.int64)

        def fill(low: int) -> int:
            """Columns of the edges from ``low`` on, one block; returns the bytes their values take."""
            block = slice(low, low + _EDGE_BLOCK)
            opens, places = self.opens[block], self.places[block]
            taken = 0
            first, last = self._value(opens)
            agent[block] = agents.find(self._id_words(first, last, agents.words), runs=True)
            taken += int((last - first).sum())
            first, last = self._value(opens + 1)
            slot[block] = slots.find(self._id_words(first, last, slots.words), runs=False)
            taken += int((last - first).sum())
            first, last = self._value(opens + 2)
            millis[block] = self._scores(first, last)
            taken += int((last - first).sum())
            with_units = np.flatnonzero(places == 4)
            if with_units.size:
                first, last = self._value(opens[with_units] + 3)
                value = self._integers(first, last)
                if int(value.max()) > MAX_QUANTITY:
                    raise Unusual
                units[low + with_units] = value
                taken += int((last - first).sum()) + with_units.size
            return taken + 3 * opens.size

        taken = sum(self.pool.map(fill, range(0, self.count, _EDGE_BLOCK)))
        # Compact layouts: every byte is a mark, a space after a comma or part of a value: nothing stray.
        if self.compact and taken != self.end - self.start - self.positions.size - self.spaces:
            raise Unusual
        return agent, slot, millis, units

    def _id_words(
        self, first: NDArray[np.int64], last: NDArray[np.int64], words: int
    ) -> tuple[NDArray[np.uint64], ...]:
        """The bytes between the quotes of these ids (first and last byte), as ``words`` words each."""
        quoted = self.data[first] == _QUOTE
        quoted &= self.data[last] == _QUOTE
        length = last - first - 1
        if not bool(quoted.all()) or int(length.min()) < 1 or int(length.max()) > 8 * words:
            raise Unusual  # not a string, empty, or longer than any known id
        first = first + 1
        if words == 1:
            return (self.words[first] & _BYTE_MASKS[length],)
        return tuple(
            self.words[first + 8 * word] & _BYTE_MASKS[np.clip(length - 8 * word, 0, 8)] for word in range(words)
        )

    def _digits(
        self, first: NDArray[np.int64], length: NDArray[np.int64], *, fraction: bool
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """``digits`` or ``digits.digits`` (JSON's rules), at most 8 bytes: (value of the digits, decimals)."""
        word = self.words[first]
        word &= _BYTE_MASKS[length]
        dot = np.full(first.size, -1, dtype=np.int64)
        if fraction:
            matches = word ^ _DOTS
            flags = (matches - _ONES) & ~matches & _HIGHS
            dotted = flags != 0
            if bool(np.any(dotted)):
                dot[dotted] = _first_set_byte(flags[dotted])
                keep = _BYTE_MASKS[dot[dotted]]
                word[dotted] = (word[dotted] & keep) | ((word[dotted] >> _U8(8)) & ~keep)
        dotted = dot >= 0
        digits = length - dotted
        # Digits to the high end of the word, "0" in front: eight digits with the same value.
        aligned = (word << (_U8(8) * (8 - digits).astype(np.uint64))) | (_ZEROS & _BYTE_MASKS[8 - digits])
        value, valid = _eight_digits(aligned)
        integer_digits = np.where(dotted, dot, length)
        leading_zero = (self.data[first] == ord("0")) & (integer_digits > 1)
        if not bool(np.all(valid & (integer_digits >= 1) & (dot < length - 1) & ~leading_zero)):
            raise Unusual
        return value, np.where(dotted, length - 1 - dot, 0)

    def _scores(self, first: NDArray[np.int64], last: NDArray[np.int64]) -> NDArray[np.int64]:
        """Scores × 1000, exactly; at most 3 decimals once trailing zeros are dropped, within ``MAX_SCORE``."""
        negative = self.data[first] == _MINUS
        first = first + negative
        value, decimals = self._number(first, last - first + 1, fraction=True)
        scale = _POWERS_OF_TEN[decimals]
        whole = value // scale
        beyond = (whole > MAX_SCORE) | ((whole == MAX_SCORE) & (value % scale > 0))  # at most MAX_SCORE, exactly
        if bool(beyond.any()):
            raise Unusual
        if int(decimals.max()) <= 3:
            millis = value * _POWERS_OF_TEN[3 - decimals]
        else:  # more decimals: only zeros beyond the third
            millis = value * _POWERS_OF_TEN[np.maximum(3 - decimals, 0)]
            extra = np.flatnonzero(decimals > 3)
            dropped = _POWERS_OF_TEN[decimals[extra] - 3]
            if bool(np.any(value[extra] % dropped)):
                raise Unusual
            millis[extra] = value[extra] // dropped
        np.negative(millis, out=millis, where=negative)
        return millis

    def _integers(self, first: NDArray[np.int64], last: NDArray[np.int64]) -> NDArray[np.int64]:
        return self._number(first, last - first + 1, fraction=False)[0]

    def _number(
        self, first: NDArray[np.int64], length: NDArray[np.int64], *, fraction: bool
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """(value of the digits, decimals): eight bytes at a time, longer numbers (rare) byte by byte."""
        if int(length.min()) < 1:
            raise Unusual
        if int(length.max()) <= 8:
            return self._digits(first, length, fraction=fraction)
        value = np.empty(first.size, dtype=np.int64)
        decimals = np.empty(first.size, dtype=np.int64)
        short = length <= 8
        value[short], decimals[short] = self._digits(first[short], length[short], fraction=fraction)
        value[~short], decimals[~short] = self._long_digits(first[~short], length[~short], fraction=fraction)
        return value, decimals

    def _long_digits(
        self, first: NDArray[np.int64], length: NDArray[np.int64], *, fraction: bool
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Same as ``_digits`` for up to 18 digits, one byte position at a time."""
        data = self.data
        if int(length.max()) > 19:
            raise Unusual
        value = np.zeros(first.size, dtype=np.int64)
        decimals = np.zeros(first.size, dtype=np.int64)
        dot = np.full(first.size, -1, dtype=np.int64)
        for offset in range(int(length.max())):
            live = offset < length
            byte = data[np.where(live, first + offset, first)]
            digit = live & (byte >= ord("0")) & (byte <= ord("9"))
            is_dot = live & (byte == ord(".")) & fraction & (dot < 0)
            if not bool(np.all(digit | is_dot | ~live)):
                raise Unusual
            value = np.where(digit, value * 10 + (byte.astype(np.int64) - ord("0")), value)
            decimals += digit & (dot >= 0)
            dot[is_dot] = offset
        if int((length - (dot >= 0)).max()) > 18:  # beyond what int64 holds exactly
            raise Unusual
        integer_digits = np.where(dot >= 0, dot, length)
        leading_zero = (data[first] == ord("0")) & (integer_digits > 1)
        if not bool(np.all((integer_digits >= 1) & (dot < length - 1) & ~leading_zero)):
            raise Unusual
        return value, decimals


class _Lookup:
    """Ids (UTF-8, at most 32 bytes) in an open-addressing hash table, searched a column at a time."""

    def __init__(self, ids: list[str]) -> None:
        if not ids:
            raise Unusual
        # NUL between ids (JSON text without escapes has none in a string), room after the last one's words.
        joined = "\0".join(ids).encode("utf-8") + bytes(8 * len(_HASH_FACTORS) + 8)
        raw = np.frombuffer(joined, dtype=np.uint8)
        ends = np.flatnonzero(raw == 0)[: len(ids)]
        starts = np.concatenate(([0], ends[:-1] + 1))
        length = ends - starts
        self.words = -(-int(length.max()) // 8)
        if self.words > len(_HASH_FACTORS) or int(length.min()) < 1:
            raise Unusual
        text_words = np.ndarray((raw.size - 7,), dtype="<u8", buffer=joined, strides=(1,))
        self.keys = tuple(
            text_words[starts + 8 * word] & _BYTE_MASKS[np.clip(length - 8 * word, 0, 8)] for word in range(self.words)
        )
        self.bits = max(4, (4 * max(len(ids), 1) - 1).bit_length())  # at most a quarter of the cells used
        self.mask = (1 << self.bits) - 1
        self.table = np.full(1 << self.bits, -1, dtype=np.int32)
        home = self._home(self.keys)
        waiting = np.arange(home.size)
        while waiting.size:
            wanted = home[waiting]
            free = self.table[wanted] == -1
            cells, first = np.unique(wanted[free], return_index=True)
            placed = waiting[free][first]
            self.table[cells] = placed
            done = np.zeros(home.size, dtype=bool)
            done[placed] = True
            waiting = waiting[~done[waiting]]
            home[waiting] = (home[waiting] + 1) & self.mask
        self.cell_keys = tuple(np.where(self.table >= 0, key[self.table], _U8(0)) for key in self.keys)

    def _home(self, columns: tuple[NDArray[np.uint64], ...]) -> NDArray[np.int64]:
        mixed = columns[0] * _HASH_FACTORS[0]
        for word in range(1, len(columns)):
            mixed ^= columns[word] * _HASH_FACTORS[word]
            mixed *= _HASH_FACTORS[0]
        return (mixed >> _U8(64 - self.bits)).view(np.int64)

    def _search(self, columns: tuple[NDArray[np.uint64], ...]) -> NDArray[np.int32]:
        cell = self._home(columns)
        found = self.table[cell]
        same = found >= 0
        for word, keys in enumerate(self.cell_keys):
            same &= keys[cell] == columns[word]
        pending = np.flatnonzero(~same)
        while pending.size:
            if bool(np.any(found[pending] < 0)):  # an empty cell before the id: unknown id
                raise Unusual
            cell[pending] = (cell[pending] + 1) & self.mask
            here = cell[pending]
            found[pending] = self.table[here]
            same = found[pending] >= 0
            for word, keys in enumerate(self.cell_keys):
                same &= keys[here] == columns[word][pending]
            pending = pending[~same]
        return found

    def find(self, columns: tuple[NDArray[np.uint64], ...], *, runs: bool) -> NDArray[np.int32]:
        """Position of each id; with ``runs``, an id repeated in neighbouring edges is searched once."""
        if not runs or columns[0].size < 2:
            return self._search(columns)
        changes = np.ones(columns[0].size, dtype=bool)
        np.not_equal(columns[0][1:], columns[0][:-1], out=changes[1:])
        for column in columns[1:]:
            changes[1:] |= column[1:] != column[:-1]
        heads = np.flatnonzero(changes)
        found = self._search(tuple(column[heads] for column in columns))
        return np.repeat(found, np.diff(np.append(heads, changes.size)))
