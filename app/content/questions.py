"""Question types as a registry of small classes: what each type is, and how it is graded."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import ClassVar, Literal

Scoring = Literal["all-or-nothing", "partial"]
SCORING_MODES = ("all-or-nothing", "partial")


def option_id(index: int) -> str:
    """Stable, index-based option ids: a, b, ... z, then a1, b1, ..."""
    letter, round_ = chr(ord("a") + index % 26), index // 26
    return letter if round_ == 0 else f"{letter}{round_}"


@dataclass
class Option:
    """One answer option; for ordering questions `correct` is unused (written order is the answer)."""

    id: str
    text_html: str
    correct: bool = False
    feedback_html: str = ""
    line: int | None = None


@dataclass
class Question:
    """One parsed question, the same shape for every type; `type` names its class in QUESTION_TYPES."""

    id: str
    type: str
    title: str
    stem_html: str = ""
    options: list[Option] = field(default_factory=list)
    explanation_html: str = ""
    line: int | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Question:
        return cls(**{**data, "options": [Option(**o) for o in data.get("options", [])]})

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]

    @property
    def correct_ids(self) -> list[str]:
        """Correct options, or for ordering the correct order."""
        if self.type == OrderingType.name:
            return self.option_ids
        return [o.id for o in self.options if o.correct]


@dataclass
class AnswerItem:
    """One list item of a question's answer list, already rendered."""

    text_html: str
    checked: bool | None  # None: the item has no [ ] / [x] box
    feedback_html: str
    line: int | None


@dataclass
class QuestionSection:
    """A question section split by the quiz syntax: heading, stem, answer list, explanation."""

    id: str
    title: str
    attrs: dict
    stem_html: str
    ordered: bool
    items: list[AnswerItem]
    explanation_html: str
    line: int | None


Problem = tuple[int | None, str, str]  # (line, message, hint)


class QuestionType:
    """Base class: a type claims an answer list, parses it into a Question, and grades responses."""

    name: ClassVar[str]
    input: ClassVar[str]  # what the web layer renders: radio, checkbox or order
    always_shuffled: ClassVar[bool] = False  # shown shuffled whatever the quiz's shuffle_options says

    @classmethod
    def claims(cls, ordered: bool, correct_count: int, attrs: dict) -> bool:
        raise NotImplementedError

    @classmethod
    def parse(cls, section: QuestionSection) -> tuple[Question, list[Problem]]:
        """Build the question; problems are authoring errors."""
        problems: list[Problem] = []
        for item in section.items:
            if item.checked is None:
                problems.append(
                    (
                        item.line,
                        "This option has no [ ] or [x] box",
                        "Start every option with `- [ ] ` (wrong) or `- [x] ` (right).",
                    )
                )
        if len(section.items) < 2:
            problems.append((section.line, "A question needs at least two options", "Add another `- [ ]` option."))
        options = [
            Option(option_id(i), it.text_html, bool(it.checked), it.feedback_html, it.line)
            for i, it in enumerate(section.items)
        ]
        return cls._question(section, options), problems

    @classmethod
    def _question(cls, section: QuestionSection, options: list[Option]) -> Question:
        return Question(
            section.id, cls.name, section.title, section.stem_html, options, section.explanation_html, section.line
        )

    @classmethod
    def grade(cls, question: Question, response: list[str], scoring: Scoring) -> float:
        raise NotImplementedError


class SingleChoiceType(QuestionType):
    """Exactly one `[x]`: radio buttons. True/false is this type with two options."""

    name, input = "single", "radio"

    @classmethod
    def claims(cls, ordered, correct_count, attrs):
        return not ordered and correct_count == 1 and attrs.get("type") != "multiple"

    @classmethod
    def grade(cls, question, response, scoring):
        return 1.0 if response == question.correct_ids else 0.0


class MultipleResponseType(QuestionType):
    """Several `[x]`, or `type=multiple`: checkboxes."""

    name, input = "multiple", "checkbox"

    @classmethod
    def claims(cls, ordered, correct_count, attrs):
        return not ordered and (correct_count > 1 or attrs.get("type") == "multiple")

    @classmethod
    def grade(cls, question, response, scoring):
        chosen, correct = set(response), set(question.correct_ids)
        if scoring != "partial":
            return 1.0 if chosen == correct else 0.0
        # Right minus wrong: each correct option ticked earns 1/len(correct), each
        # wrong option ticked costs as much, never below zero. Ticking everything
        # therefore does not pass.
        right, wrong = len(chosen & correct), len(chosen - correct)
        return max(0.0, (right - wrong) / len(correct))


class OrderingType(QuestionType):
    """A numbered list: the written order is the answer; shown shuffled."""

    name, input = "ordering", "order"

    @classmethod
    def claims(cls, ordered, correct_count, attrs):
        return ordered

    always_shuffled = True  # the written order is the answer, so the display is always shuffled

    @classmethod
    def parse(cls, section):
        problems: list[Problem] = []
        if len(section.items) < 2:
            problems.append(
                (
                    section.line,
                    "An ordering question needs at least two items",
                    "Add the other steps as a numbered list (1. 2. 3.).",
                )
            )
        for item in section.items:
            if item.checked is not None:
                problems.append(
                    (
                        item.line,
                        "An ordering item cannot be marked [ ] or [x]",
                        "Remove the box: the written order is the correct answer.",
                    )
                )
            if item.feedback_html:
                problems.append(
                    (
                        item.line,
                        "Ordering items cannot have feedback (they are shuffled)",
                        "Put the explanation in a blockquote after the list.",
                    )
                )
        options = [Option(option_id(i), it.text_html, False, "", it.line) for i, it in enumerate(section.items)]
        return cls._question(section, options), problems

    @classmethod
    def grade(cls, question, response, scoring):
        correct = question.option_ids
        if sorted(response) != sorted(correct):
            return 0.0  # not a permutation of the items: nothing to compare
        if scoring != "partial":
            return 1.0 if response == correct else 0.0
        # Neighbour pairs: each pair of consecutive items in the answer that is also
        # consecutive, in that order, in the correct sequence earns 1/(n-1).
        follows = {correct[i]: correct[i + 1] for i in range(len(correct) - 1)}
        good = sum(1 for a, b in zip(response, response[1:], strict=False) if follows.get(a) == b)
        return good / (len(correct) - 1)


# Tried in order; the first type that claims an answer list parses it.
QUESTION_TYPES: dict[str, type[QuestionType]] = {
    t.name: t for t in (OrderingType, SingleChoiceType, MultipleResponseType)
}


def question_type(name: str) -> type[QuestionType]:
    return QUESTION_TYPES[name]


def normalise_response(response) -> list[str]:
    """Accept an option id, a list of ids, or None (no answer)."""
    if response is None:
        return []
    if isinstance(response, str):
        return [response]
    return [str(r) for r in response]


def grade(question: Question, response, scoring: Scoring = "all-or-nothing") -> float:
    """Score in [0, 1] for one response; unknown or repeated option ids score 0."""
    if scoring not in SCORING_MODES:
        raise ValueError(f"unknown scoring mode {scoring!r}")
    chosen = normalise_response(response)
    if len(set(chosen)) != len(chosen) or not set(chosen) <= set(question.option_ids):
        return 0.0
    return QUESTION_TYPES[question.type].grade(question, chosen, scoring)
