"""The array scanner of large instance files gives exactly what the ordinary parser gives, or steps aside."""

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from accueil.matching.instance import ArrayInstance, read_document_arrays
from accueil.matching.model import InstanceError
from accueil.matching.reading import read_arrays
from accueil.matching.scan import MIN_SIZE, Unusual, scan, scan_arrays

PLAIN_IDS = st.text("abcxyz0123456789-_", min_size=1, max_size=6)
ANY_IDS = st.one_of(
    PLAIN_IDS,
    st.text("ab", min_size=9, max_size=40),  # several 64-bit words
    st.text("é𝄞 ,:[]{}\t", min_size=1, max_size=5),  # multi-byte, whitespace, JSON punctuation
    st.sampled_from(["edges", "agents", "0", "v1"]),
)
RAW_NUMBERS = ["0.5", "-0", "-0.0", "1.2500", "7.0000000000000001", "1e2", "00.5", "1.", ".5", "12345.678"]
SCORES = st.one_of(
    st.integers(-20, 20),
    st.integers(-99_999, 99_999).map(lambda millis: millis / 1000),
    st.sampled_from(RAW_NUMBERS).map(lambda raw: f"RAW:{raw}"),
    st.sampled_from([1_000_000, -1_000_000, 1_000_001, 0.0001, 123456789.5]),
)
LAYOUTS = {
    "default": {},
    "compact": {"separators": (",", ":")},
    "indented": {"indent": 2},
    "tabs": {"indent": "\t"},
    "escaped": {"ensure_ascii": True},
}


@st.composite
def documents(draw: st.DrawFn, ids: st.SearchStrategy[str] = ANY_IDS) -> str:
    agents = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    slots = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    edges = []
    for _ in range(draw(st.integers(1, 12))):
        edge = [draw(st.sampled_from(agents)), draw(st.sampled_from(slots)), draw(SCORES)]
        if draw(st.booleans()):
            edge.append(draw(st.sampled_from([0, 1, 3, 12, 100_000_000, -1])))
        edges.append(edge)
    parts = {
        "agents": [{"id": ident, "capacity": draw(st.integers(0, 3))} for ident in agents],
        "slots": [{"id": ident, "capacity": draw(st.integers(0, 3))} for ident in slots],
        "edges": edges,
    }
    order = draw(st.permutations(["agents", "slots", "edges"]))
    layout = LAYOUTS[draw(st.sampled_from(sorted(LAYOUTS)))]
    text = json.dumps({key: parts[key] for key in order}, **{"ensure_ascii": False, **layout})
    # Scores drawn as "RAW:…" become the number text they spell, valid JSON or not.
    for raw in RAW_NUMBERS:
        text = text.replace(json.dumps(f"RAW:{raw}"), raw)
    return text


def scanned_or_none(text: bytes) -> ArrayInstance | None:
    """``scan_arrays`` without its safety net: any exception other than stepping aside fails the test."""
    try:
        return scan(text)
    except (Unusual, InstanceError):
        return None


def ordinary(text: bytes) -> ArrayInstance | str:
    try:
        return read_document_arrays(text)[1]
    except InstanceError as error:
        return str(error)


def assert_same(scanned: ArrayInstance, expected: ArrayInstance | str) -> None:
    assert isinstance(expected, ArrayInstance), expected
    assert list(scanned.agent_ids) == list(expected.agent_ids)
    assert list(scanned.slot_ids) == list(expected.slot_ids)
    for name in ("agent_capacity", "slot_capacity", "edge_agent", "edge_slot", "edge_millis", "edge_units"):
        assert np.array_equal(getattr(scanned, name), getattr(expected, name)), name
        assert getattr(scanned, name).dtype == getattr(expected, name).dtype, name


DAMAGE = st.sampled_from(list(b'[]{},:" \n\t\\0123456789.-eExv\x00\x01\xc3'))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 2), DAMAGE), max_size=3))
def test_scanner_agrees_with_the_ordinary_parser_or_steps_aside(text: str, damage: list) -> None:
    data = bytearray(text.encode())
    for position, action, byte in damage:
        where = position % (len(data) + 1)
        if action == 0:
            data[where:where] = bytes([byte])  # insert
        elif action == 1:
            del data[where : where + 1]
        else:
            data[where : where + 1] = bytes([byte])  # replace
    scanned = scanned_or_none(bytes(data))
    if scanned is not None:
        assert_same(scanned, ordinary(bytes(data)))


@settings(max_examples=150, deadline=None)
@given(documents(ids=PLAIN_IDS), st.sampled_from(["default", "compact"]))
def test_usual_layouts_take_the_scanner(text: str, layout: str) -> None:
    try:
        value = json.loads(text)
    except ValueError:
        assume(False)  # a raw number text that is not JSON
    text = json.dumps(value, **LAYOUTS[layout])
    expected = ordinary(text.encode())
    scanned = scanned_or_none(text.encode())
    if isinstance(expected, str):  # the ordinary parser refuses it: the scanner must not accept it
        assert scanned is None
    else:
        assert scanned is not None
        assert_same(scanned, expected)


def large_document(count: int = 60_000, **layout: object) -> bytes:
    agents = [{"id": f"volunteer-{i}", "capacity": 1 + i % 3} for i in range(count // 10)]
    slots = [{"id": f"s{j}", "capacity": 2} for j in range(997)]
    edges = [
        [f"volunteer-{i // 10}", f"s{(i * 7919) % 997}", round((i % 2001) / 100 - 3, 3), *([2] if i % 5 == 0 else [])]
        for i in range(count)
    ]
    return json.dumps({"agents": agents, "slots": slots, "edges": edges}, **layout).encode()  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "layout", [{}, {"separators": (",", ":")}, {"indent": 1}], ids=["default", "compact", "indented"]
)
def test_a_large_file_is_scanned_with_the_same_result(layout: dict) -> None:
    text = large_document(**layout)
    assert len(text) > MIN_SIZE
    document, arrays = read_arrays(text)
    assert document is None  # the scanner read it: no parsed document
    assert_same(arrays, ordinary(text))
    assert arrays.edge_units[:6].tolist() == [2, 1, 1, 1, 1, 2]
    assert arrays.edge_millis[:3].tolist() == [-3000, -2990, -2980]


def test_a_large_file_with_a_fault_gets_the_ordinary_message() -> None:
    head, edges = large_document().split(b'"edges"')
    text = head + b'"edges"' + edges.replace(b'"s12", ', b'"s99999", ', 1)
    with pytest.raises(InstanceError) as caught:
        read_arrays(text)
    assert str(caught.value).endswith('refers to unknown slot "s99999"')
    assert scan_arrays(text) is None


def test_small_files_are_left_to_the_ordinary_parser() -> None:
    text = json.dumps(
        {"agents": [{"id": "a", "capacity": 1}], "slots": [{"id": "s", "capacity": 1}], "edges": [["a", "s", 1.5]]}
    ).encode()
    assert scan_arrays(text) is None
    assert scan_arrays(text, min_size=0) is not None
