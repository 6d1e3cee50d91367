"""Knowledge checks in a lesson: reading an answer from a form, and the feedback it earns.

Plain Python over the question dicts the publisher stored (app/content/questions.py
Question.to_dict()). A check is not graded for the record: the learner sees whether the
answer is the one the course suggests, the feedback on what they chose, and the
explanation, and may answer again.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from app.content.questions import OrderingType, Question, grade, question_type

CHOOSE_ONE, CHOOSE_SOME, DISTINCT_POSITIONS = "choose-one", "choose-some", "distinct-positions"


class TamperedAnswer(ValueError):
    """The page's form could not have sent this (unknown option, malformed position)."""


class IncompleteAnswer(ValueError):
    """A mistake the learner can correct; `code` names which (CHOOSE_ONE ...)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def input_kind(question: dict) -> str:
    """radio, checkbox or order: what the page renders for this question."""
    return question_type(question["type"]).input


def option_ids(question: dict) -> list[str]:
    return [option["id"] for option in question["options"]]


def position_field(option_id: str) -> str:
    return f"position-{option_id}"


def read_response(question: dict, values: Callable[[str], list[str]]) -> list[str]:
    """The response as option ids (for ordering: in the learner's order).

    `values(name)` returns every value the form sent under that name.
    """
    ids = option_ids(question)
    if input_kind(question) == "order":
        return _read_order(ids, values)
    chosen = values("answer")
    if len(set(chosen)) != len(chosen) or not set(chosen) <= set(ids):
        raise TamperedAnswer("unknown or repeated option")
    if input_kind(question) == "radio":
        if len(chosen) > 1:
            raise TamperedAnswer("several answers to a single-choice question")
        if not chosen:
            raise IncompleteAnswer(CHOOSE_ONE)
    elif not chosen:
        raise IncompleteAnswer(CHOOSE_SOME)
    return [option_id for option_id in ids if option_id in chosen]  # in the question's order


def _read_order(ids: list[str], values: Callable[[str], list[str]]) -> list[str]:
    positions: dict[str, int] = {}
    for option_id in ids:
        sent = values(position_field(option_id))
        if len(sent) != 1 or not sent[0].isascii() or not sent[0].isdigit() or not 1 <= int(sent[0]) <= len(ids):
            raise TamperedAnswer("missing or malformed position")
        positions[option_id] = int(sent[0])
    if len(set(positions.values())) != len(ids):
        raise IncompleteAnswer(DISTINCT_POSITIONS)
    return sorted(ids, key=positions.__getitem__)


def as_sent(question: dict, values: Callable[[str], list[str]]) -> tuple[set[str], dict[str, int]]:
    """The options chosen and positions given, to show back with a correction (known ids only)."""
    ids = option_ids(question)
    positions = {}
    for option_id in ids:
        sent = values(position_field(option_id))
        if len(sent) == 1 and sent[0].isascii() and sent[0].isdigit():
            positions[option_id] = int(sent[0])
    return set(values("answer")) & set(ids), positions


def display_order(question: dict, seed: str) -> list[dict]:
    """Options in the order shown: as written, except ordering items, shuffled (never in the
    right order) the same way every time for the same learner and check."""
    options = list(question["options"])
    if not question_type(question["type"]).always_shuffled or len(options) < 2:
        return options
    random.Random(seed).shuffle(options)
    if [o["id"] for o in options] == option_ids(question):
        options = options[1:] + options[:1]
    return options


def positions(question: dict, shown: list[dict], response: list[str] | None) -> dict[str, int]:
    """The position each ordering select starts at: the learner's last answer, else as shown."""
    if response and sorted(response) == sorted(option_ids(question)):
        return {option_id: index for index, option_id in enumerate(response, start=1)}
    return {option["id"]: index for index, option in enumerate(shown, start=1)}


@dataclass(frozen=True)
class ChosenFeedback:
    text_html: str
    feedback_html: str


@dataclass(frozen=True)
class CheckFeedback:
    correct: bool
    chosen: list[ChosenFeedback] = field(default_factory=list)
    explanation_html: str = ""
    suggested_order: list[str] = field(default_factory=list)  # ordering questions answered otherwise


def is_correct(source_question: dict, response: list[str]) -> bool:
    """Judged on the source language's question: it decides what is correct."""
    return grade(Question.from_dict(source_question), response) == 1.0


def feedback(source_question: dict, shown_question: dict, response: list[str]) -> CheckFeedback:
    """What the learner sees after answering, in the language the question is shown in."""
    correct = is_correct(source_question, response)
    options = {option["id"]: option for option in shown_question["options"]}
    if shown_question["type"] == OrderingType.name:
        order = [] if correct else [option["text_html"] for option in shown_question["options"]]
        return CheckFeedback(correct, [], shown_question.get("explanation_html", ""), order)
    chosen = [
        ChosenFeedback(options[i]["text_html"], options[i].get("feedback_html", "")) for i in response if i in options
    ]
    return CheckFeedback(correct, chosen, shown_question.get("explanation_html", ""))
