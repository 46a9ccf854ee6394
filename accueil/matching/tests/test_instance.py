"""Reading and validating instances: every malformed input is refused with a message naming the item."""

import json

import numpy as np
import pytest

from accueil.matching import (
    Agent,
    Edge,
    Instance,
    InstanceError,
    Slot,
    build_arrays,
    instance_arrays,
    load_instance_json,
    parse_instance_json,
)

AGENTS = [{"id": "v1", "capacity": 2}, {"id": "v2", "capacity": 1}]
SLOTS = [{"id": "s1", "capacity": 3}]


def document(edges: object, agents: object = AGENTS, slots: object = SLOTS) -> str:
    return json.dumps({"agents": agents, "slots": slots, "edges": edges})


BAD_DOCUMENTS = [
    ('{"agents": [', "invalid JSON: Expecting value: line 1 column 13 (char 12)"),
    ('{"agents": [], "slots": [], "edges": [["v1", "s1", NaN]]}', "invalid JSON: NaN is not a number"),
    (
        b'{"agents": [], "slots": [], "edges": ["\xff"]}',
        "invalid JSON: 'utf-8' codec can't decode byte 0xff in position 39: invalid start byte",
    ),
    ("[]", 'the instance must be a JSON object with "agents", "slots" and "edges"'),
    ('{"agents": [], "slots": []}', 'the instance has no "edges"'),
    ('{"agents": [], "slots": [], "edges": [], "edge": []}', 'the instance has an unknown key "edge"'),
    ('{"agents": {}, "slots": [], "edges": []}', '"agents" must be a list'),
    ('{"agents": [], "slots": [], "edges": 3}', '"edges" must be a list'),
    (document([], agents=[3]), 'agents[0] must be an object {"id": ..., "capacity": ...}, got 3'),
    (document([], agents=[{"id": "v1"}]), 'agents[0] has no "capacity"'),
    (document([], slots=[{"id": "s1", "capacity": 1, "name": "x"}]), 'slots[0] has an unknown key "name"'),
    (
        document([], agents=[{"id": "v1", "capacity": -1}]),
        "agents[0]: capacity must be an integer from 0 to 1000000000, got -1",
    ),
    (
        document([], slots=[{"id": "s1", "capacity": True}]),
        "slots[0]: capacity must be an integer from 0 to 1000000000, got true",
    ),
    (
        document([], agents=[{"id": "v1", "capacity": 1.0}]),
        "agents[0]: capacity must be an integer from 0 to 1000000000, got 1.0",
    ),
    (document([], agents=[*AGENTS, {"id": "v1", "capacity": 1}]), 'agents[2]: duplicate id "v1" (already agents[0])'),
    (
        document([], agents=[{"id": 1.5, "capacity": 1}]),
        "agents[0]: id must be a non-empty string or an integer, got 1.5",
    ),
    (document([], slots=[{"id": "", "capacity": 1}]), 'slots[0]: id must be a non-empty string or an integer, got ""'),
    (document([["v1", "s1", 1], ["v1", "s9", 1]]), 'edges[1] refers to unknown slot "s9"'),
    (document([["v9", "s1", 1]]), 'edges[0] refers to unknown agent "v9"'),
    (
        document([["v1", "s1", 1, 1, 1]]),
        'edges[0] must be [agent, slot, score] or [agent, slot, score, units], got ["v1", "s1", 1, 1, 1]',
    ),
    (
        document([["v1", "s1"]]),
        'edges[0] must be [agent, slot, score] or [agent, slot, score, units], got ["v1", "s1"]',
    ),
    (
        document([{"agent": "v1"}]),
        'edges[0] must be [agent, slot, score] or [agent, slot, score, units], got {"agent": "v1"}',
    ),
    (document([["v1", "s1", "7"]]), 'edges[0]: score must be a number, got "7"'),
    (document([["v1", "s1", True]]), "edges[0]: score must be a number, got true"),
    (document([["v1", "s1", None]]), "edges[0]: score must be a number, got null"),
    (document([["v1", "s1", 1.5], ["v2", "s1", 1.2345]]), "edges[1]: score 1.2345 has more than 3 decimals"),
    (document([["v1", "s1", 1e300]]), "edges[0]: score 1e+300 is out of range (at most 1000000 in absolute value)"),
    (
        document([["v1", "s1", 10**400]]),
        "edges[0]: score 1" + "0" * 38 + "… is out of range (at most 1000000 in absolute value)",
    ),
    (document([["v1", "s1", 1, -2]]), "edges[0]: units must be an integer from 0 to 1000000000, got -2"),
    (document([["v1", "s1", 1, 2.5]]), "edges[0]: units must be an integer from 0 to 1000000000, got 2.5"),
    (document([["v1", "s1", 1, True]]), "edges[0]: units must be an integer from 0 to 1000000000, got true"),
    (
        document([["v1", "s1", 1], ["v2", "s1", 1], ["v1", "s1", 2]]),
        'edges[2] repeats the pair ("v1", "s1") of edges[0]',
    ),
    (
        document([[True, "s1", 1]], agents=[{"id": 1, "capacity": 1}]),
        "edges[0]: agent must be a non-empty string or an integer, got true",
    ),
    (
        document([[1.0, "s1", 1]], agents=[{"id": 1, "capacity": 1}]),
        "edges[0]: agent must be a non-empty string or an integer, got 1.0",
    ),
    (document([["v1", ["s1"], 1]]), 'edges[0]: slot must be a non-empty string or an integer, got ["s1"]'),
]


@pytest.mark.parametrize(("text", "message"), BAD_DOCUMENTS)
def test_malformed_documents_are_refused(text: str | bytes, message: str) -> None:
    with pytest.raises(InstanceError) as caught:
        parse_instance_json(text)
    assert str(caught.value) == message


def test_a_document_becomes_arrays() -> None:
    arrays = parse_instance_json(
        document(
            [["v1", "s1", 7.25], ["v2", "s1", 3.5, 4], ["v2", 2, -1]],
            slots=[{"id": "s1", "capacity": 3}, {"id": 2, "capacity": 0}],
        )
    )
    assert arrays.agent_ids == ["v1", "v2"]
    assert arrays.slot_ids == ["s1", 2]
    assert arrays.agent_capacity.tolist() == [2, 1]
    assert arrays.slot_capacity.tolist() == [3, 0]
    assert arrays.edge_agent.tolist() == [0, 1, 1]
    assert arrays.edge_slot.tolist() == [0, 0, 1]
    assert arrays.edge_millis.tolist() == [7250, 3500, -1000]
    assert arrays.edge_units.tolist() == [1, 4, 1]


def test_exactly_three_decimals_pass_at_every_magnitude() -> None:
    arrays = parse_instance_json(document([["v1", "s1", 999999.999], ["v2", "s1", -0.001]]))
    assert arrays.edge_millis.tolist() == [999_999_999, -1]


def test_pairs_out_of_order_are_checked_for_repeats() -> None:
    slots = [{"id": "s1", "capacity": 1}, {"id": "s2", "capacity": 1}]
    parse_instance_json(document([["v2", "s2", 1], ["v1", "s2", 1], ["v2", "s1", 1]], slots=slots))
    with pytest.raises(InstanceError, match=r'^edges\[3\] repeats the pair \("v2", "s2"\) of edges\[0\]$'):
        parse_instance_json(document([["v2", "s2", 1], ["v1", "s2", 1], ["v2", "s1", 1], ["v2", "s2", 3]], slots=slots))


def test_documents_orjson_reads_differently_are_read_as_the_json_module_does() -> None:
    big = 123456789012345678901234567890  # orjson reads it as a float
    arrays = parse_instance_json(document([["v1", big, 2.5]], slots=[{"id": big, "capacity": 1}]))
    assert arrays.slot_ids == [big]
    assert type(arrays.slot_ids[0]) is int
    assert arrays.edge_millis.tolist() == [2500]
    with pytest.raises(InstanceError) as caught:
        parse_instance_json(document([], agents=[{"id": "v1", "capacity": big}]))
    assert str(caught.value) == f"agents[0]: capacity must be an integer from 0 to 1000000000, got {big}"
    with pytest.raises(InstanceError) as caught:
        parse_instance_json(document([["v1", "s1", 10**25]]))
    assert str(caught.value) == "edges[0]: score 1e+25 is out of range (at most 1000000 in absolute value)"
    # A byte order mark and lone surrogates: orjson refuses them, the json module reads them.
    assert parse_instance_json(b"\xef\xbb\xbf" + document([["v1", "s1", 1]]).encode()).edge_millis.tolist() == [1000]
    text = '{"agents": [{"id": "\\ud800", "capacity": 1}], "slots": [{"id": "s", "capacity": 1}], "edges": []}'
    assert parse_instance_json(text).agent_ids == ["\ud800"]
    with pytest.raises(InstanceError) as caught:
        parse_instance_json(document([["v1", "s1", 1]]).replace("1]]", "1e400]]"))
    assert str(caught.value) == "edges[0]: score inf is out of range (at most 1000000 in absolute value)"


def test_a_missing_file(tmp_path) -> None:
    with pytest.raises(InstanceError, match=r"^cannot read .*absent\.json: No such file or directory$"):
        load_instance_json(tmp_path / "absent.json")


def test_instances_are_validated_like_documents() -> None:
    agents, slots = [Agent("v1", 2)], [Slot("s1", 1)]
    cases = [
        (
            Instance(agents=[Agent("v1", -1)], slots=slots, edges=[]),
            "agents[0]: capacity must be an integer from 0 to 1000000000, got -1",
        ),
        (
            Instance(agents=agents, slots=[Slot(True)], edges=[]),
            "slots[0]: id must be a non-empty string or an integer, got true",
        ),
        (
            Instance(agents=[*agents, Agent("v1")], slots=slots, edges=[]),
            'agents[1]: duplicate id "v1" (already agents[0])',
        ),
        (Instance(agents=agents, slots=slots, edges=[Edge("v1", "s2", 1)]), 'edges[0] refers to unknown slot "s2"'),
        (
            Instance(agents=agents, slots=slots, edges=[Edge("v1", "s1", "1")]),
            'edges[0]: score must be a number, got "1"',
        ),  # type: ignore[arg-type]
        (
            Instance(agents=agents, slots=slots, edges=[Edge("v1", "s1", 0.0001)]),
            "edges[0]: score 0.0001 has more than 3 decimals",
        ),
        (
            Instance(agents=agents, slots=slots, edges=[Edge("v1", "s1", 1, units=False)]),
            "edges[0]: units must be an integer from 0 to 1000000000, got false",
        ),
        (
            Instance(
                agents=agents, slots=slots, edges=[Edge("v1", "s1", 7.25, reasons=(("skills", 4), ("distance", 3)))]
            ),
            "edges[0]: reasons add up to 7.0, not to the score 7.25",
        ),
        (
            Instance(agents=agents, slots=slots, edges=[Edge("v1", "s1", 4, reasons=(("skills",),))]),  # type: ignore[arg-type]
            "edges[0]: reasons must be (criterion, points) pairs",
        ),
    ]
    for instance, message in cases:
        with pytest.raises(InstanceError) as caught:
            instance_arrays(instance)
        assert str(caught.value) == message


def test_numpy_scalars_are_accepted_as_ids_and_numbers() -> None:
    arrays = instance_arrays(
        Instance(
            agents=[Agent(np.int64(3), np.int64(2))],  # type: ignore[arg-type]
            slots=[Slot("s1", 1)],
            edges=[Edge(np.int64(3), "s1", np.float64(2.5), units=np.int32(2))],  # type: ignore[arg-type]
        )
    )
    assert arrays.agent_ids == [3]
    assert type(arrays.agent_ids[0]) is int
    assert arrays.edge_millis.tolist() == [2500]


def test_columns_are_validated() -> None:
    good = {
        "agent_ids": ["a", "b"],
        "agent_capacity": [1, 2],
        "slot_ids": ["x"],
        "slot_capacity": [1],
        "edge_agent": [0, 1],
        "edge_slot": [0, 0],
        "edge_score": [1.0, 2.0],
    }
    assert build_arrays(**good).edge_units.tolist() == [1, 1]
    cases = [
        ({"agent_capacity": [1, -2]}, "agents[1]: capacity must be an integer from 0 to 1000000000, got -2"),
        ({"agent_capacity": [1.0, 2.0]}, "agents must be integers, got float64"),
        ({"slot_capacity": [1, 2]}, "slots must be a flat array of 1 integers"),
        ({"edge_agent": [0, 2]}, "edges[1] refers to unknown agent position 2"),
        ({"edge_slot": [0, -1]}, "edges[1] refers to unknown slot position -1"),
        ({"edge_score": [1.0]}, "edge scores must be 2 numbers"),
        ({"edge_score": [True, False]}, "edge scores must be 2 numbers"),
        ({"edge_score": [1.0, 0.5005]}, "edges[1]: score 0.5005 has more than 3 decimals"),
        ({"edge_units": [1, 10**10]}, "edges[1]: units must be an integer from 0 to 1000000000, got 10000000000"),
        ({"agent_ids": ["a", "a"]}, 'agents[1]: duplicate id "a" (already agents[0])'),
        ({"edge_agent": [0, 0]}, 'edges[1] repeats the pair ("a", "x") of edges[0]'),
    ]
    for change, message in cases:
        with pytest.raises(InstanceError) as caught:
            build_arrays(**{**good, **change})
        assert str(caught.value) == message
