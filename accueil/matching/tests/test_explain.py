"""Scores from criteria and the explanation of each proposed pair."""

import pytest

from accueil.matching import Agent, Edge, Explanation, Instance, Slot, explain, score_edge, solve


def test_score_edge_adds_rounded_points_in_order() -> None:
    assert score_edge({"skills": 4, "distance": 3.2504, "late sign-up": -0.5}) == (
        6.75,
        (("skills", 4.0), ("distance", 3.25), ("late sign-up", -0.5)),
    )
    assert score_edge({"language": 0.1, "district": 0.2}) == (0.3, (("language", 0.1), ("district", 0.2)))
    assert score_edge({}) == (0.0, ())


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ({"": 1}, "a criterion must be a non-empty string, got ''"),
        ({"skills": True}, "criterion 'skills': points must be a finite number, got True"),
        ({"skills": float("nan")}, "criterion 'skills': points must be a finite number, got nan"),
        ({"skills": "3"}, "criterion 'skills': points must be a finite number, got '3'"),
    ],
)
def test_score_edge_refuses_bad_points(criteria: dict, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        score_edge(criteria)
    assert str(caught.value) == message


def test_each_pair_is_explained_by_its_criteria() -> None:
    near, near_reasons = score_edge({"skills": 4, "distance": 3.25})
    far, far_reasons = score_edge({"skills": 4, "distance": 0.5})
    instance = Instance(
        agents=[Agent("amina", 1), Agent("depot", 5)],
        slots=[Slot("kitchen", 1), Slot("family-12", 3)],
        edges=[
            Edge("amina", "kitchen", near, reasons=near_reasons),
            Edge("amina", "family-12", far, reasons=far_reasons),
            Edge("depot", "family-12", 2, units=3),
        ],
    )
    explanations = explain(instance, solve(instance))
    assert explanations == (
        Explanation("amina", "kitchen", 1, 7.25, (("skills", 4.0), ("distance", 3.25))),
        Explanation("depot", "family-12", 3, 2.0, ()),
    )
    assert [explanation.text() for explanation in explanations] == [
        "amina → kitchen (1 unit): score 7.25 = skills +4, distance +3.25",
        "depot → family-12 (3 units): score 2",
    ]


def test_negative_points_read_with_their_sign() -> None:
    explanation = Explanation("v1", "s1", 1, 2.5, (("skills", 3.0), ("already busy that day", -0.5)))
    assert explanation.text() == "v1 → s1 (1 unit): score 2.5 = skills +3, already busy that day -0.5"


def test_a_solution_from_another_instance_is_refused() -> None:
    instance = Instance(agents=[Agent("v1")], slots=[Slot("s1")], edges=[Edge("v1", "s1", 1)])
    other = Instance(agents=[Agent("v2")], slots=[Slot("s1")], edges=[Edge("v2", "s1", 1)])
    with pytest.raises(ValueError, match=r"^no edge v2 → s1 in the instance$"):
        explain(instance, solve(other))
