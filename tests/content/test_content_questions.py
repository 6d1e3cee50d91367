"""Grading every question type in both scoring modes, and the JSON round trip."""

from __future__ import annotations

import json

import pytest

from app.content.questions import QUESTION_TYPES, Option, Question, grade, option_id


def choice(kind: str, marks: str) -> Question:
    options = [Option(option_id(i), f"option {i}", mark == "x") for i, mark in enumerate(marks)]
    return Question("q", kind, "Title", options=options)


SINGLE = choice("single", "-x--")
MULTIPLE = choice("multiple", "xx--")
ORDERING = Question("o", "ordering", "Order", options=[Option(option_id(i), str(i)) for i in range(5)])


def test_option_ids_are_stable_letters():
    assert [option_id(i) for i in (0, 1, 25, 26, 27)] == ["a", "b", "z", "a1", "b1"]


@pytest.mark.parametrize("scoring", ["all-or-nothing", "partial"])
@pytest.mark.parametrize(
    ("response", "expected"), [("b", 1.0), (["b"], 1.0), ("a", 0.0), (["a", "b"], 0.0), (None, 0.0)]
)
def test_single_choice_is_right_or_wrong_in_both_modes(response, expected, scoring):
    assert grade(SINGLE, response, scoring) == expected


@pytest.mark.parametrize(
    ("response", "expected"), [(["a", "b"], 1.0), (["b", "a"], 1.0), (["a"], 0.0), (["a", "b", "c"], 0.0), ([], 0.0)]
)
def test_multiple_response_all_or_nothing(response, expected):
    assert grade(MULTIPLE, response, "all-or-nothing") == expected


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (["a", "b"], 1.0),
        (["a"], 0.5),  # one of two right
        (["a", "c"], 0.0),  # one right, one wrong
        (["a", "b", "c"], 0.5),  # two right, one wrong
        (["a", "b", "c", "d"], 0.0),  # ticking everything does not pay
        (["c", "d"], 0.0),  # never below zero
    ],
)
def test_multiple_response_partial_is_right_minus_wrong(response, expected):
    assert grade(MULTIPLE, response, "partial") == pytest.approx(expected)


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (list("abcde"), 1.0),
        (list("edcba"), 0.0),
        (list("bcdea"), 0.75),  # one item moved from first to last: 3 of 4 neighbour pairs kept
        (list("bacde"), 0.5),  # first two swapped: b-a and a-c lost
    ],
)
def test_ordering_partial_counts_neighbour_pairs(response, expected):
    assert grade(ORDERING, response, "partial") == pytest.approx(expected)
    assert grade(ORDERING, response, "all-or-nothing") == (1.0 if expected == 1.0 else 0.0)


@pytest.mark.parametrize("response", [list("abcd"), list("abcdd"), list("abcdz"), "a"])
def test_ordering_needs_every_item_once(response):
    assert grade(ORDERING, response, "partial") == 0.0


def test_unknown_or_repeated_ids_score_zero():
    assert grade(SINGLE, "z") == 0.0
    assert grade(MULTIPLE, ["a", "a", "b"], "partial") == 0.0


def test_unknown_scoring_mode_is_a_programming_error():
    with pytest.raises(ValueError):
        grade(SINGLE, "b", "generous")


def test_question_round_trips_through_json():
    question = Question("q", "multiple", "T", "<p>stem</p>", [Option("a", "A", True, "<p>fb</p>", 7)], "<p>ex</p>", 5)
    assert Question.from_dict(json.loads(json.dumps(question.to_dict()))) == question


def test_registry_has_one_class_per_type_with_its_input():
    assert {name: t.input for name, t in QUESTION_TYPES.items()} == {
        "ordering": "order",
        "single": "radio",
        "multiple": "checkbox",
    }
    assert QUESTION_TYPES["ordering"].always_shuffled
