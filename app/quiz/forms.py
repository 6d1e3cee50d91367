"""Quiz forms: CSRF-carrying forms, reading an answer off a question's inputs, the statistics filter.

The inputs of a question depend on its type's `input` (radio, checkbox, order), so answers
are read by one small reader per input rather than a fixed WTForms class. A reader tells
apart what a person can do with the page (leave positions blank, give two items the same
position: `AnswerProblem`, shown next to the question) from what only a forged request can
send (an option that is not on the page, an extra field: `Tampered`, refused with a 400).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.validators import Optional

from app.content.questions import Question, question_type
from app.core.forms import IsoDateField, check_date_order

END = "end"  # the "check your answers" step after the last question


class Tampered(Exception):
    """Only a forged or replayed request sends this; `message` is for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class AnswerProblem(Exception):
    """Something a person did with the page's own inputs that cannot be saved as it is."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class StartForm(FlaskForm):
    """Start (or resume) an attempt: nothing but the CSRF token."""


class AnswerForm(FlaskForm):
    """Save one answer; the answer's own inputs are read by `read_response`."""


class SubmitForm(FlaskForm):
    """Submit an attempt; `confirm=yes` when the learner chose to leave questions unanswered."""


# --- answers -------------------------------------------------------------------------------


def check_fields(formdata: MultiDict, allowed: set[str]) -> None:
    """Refuse a request carrying fields the page never sends (score=100, question_ids=...)."""
    if set(formdata.keys()) - allowed:
        raise Tampered(_l("This form contained information the page does not send, so nothing was saved."))


def answer_fields(question: Question) -> set[str]:
    return {"csrf_token", "question", "go"} | READERS[question_type(question.type).input].fields(question)


def read_response(question: Question, formdata: MultiDict) -> list[str]:
    """The response as option ids (ordering: in the learner's order); [] means no answer."""
    return READERS[question_type(question.type).input].read(question, formdata)


def read_destination(value: str | None, count: int) -> int | str:
    """Where to go after saving: a question number 1..count, or END."""
    if value == END:
        return END
    if value and value.isascii() and value.isdigit() and 1 <= int(value) <= count:
        return int(value)
    raise Tampered(_l("This form asked for a page the attempt does not have, so nothing was saved."))


def _not_an_option():
    return Tampered(_l("That answer is not one of this question's options, so nothing was saved."))


class _Choice:
    """Radio buttons and checkboxes: the `answer` field holds option ids."""

    single: bool

    @staticmethod
    def fields(question):
        return {"answer"}

    @classmethod
    def read(cls, question, formdata):
        chosen = formdata.getlist("answer")
        if len(set(chosen)) != len(chosen) or not set(chosen) <= set(question.option_ids):
            raise _not_an_option()
        if cls.single and len(chosen) > 1:
            raise Tampered(_l("This question takes one answer only, so nothing was saved."))
        return [oid for oid in question.option_ids if oid in chosen]


class _Radio(_Choice):
    single = True


class _Checkbox(_Choice):
    single = False


class _Order:
    """One position select per item, named position-<option id>, with values 1..n or blank."""

    @staticmethod
    def fields(question):
        return {f"position-{oid}" for oid in question.option_ids}

    @staticmethod
    def read(question, formdata):
        count = len(question.option_ids)
        allowed = {str(n) for n in range(1, count + 1)}
        positions = {}
        for oid in question.option_ids:
            values = formdata.getlist(f"position-{oid}")
            if len(values) > 1 or (values and values[0] and values[0] not in allowed):
                raise _not_an_option()
            positions[oid] = values[0] if values else ""
        if not any(positions.values()):
            return []
        if sorted(positions.values(), key=lambda v: (len(v), v)) != [str(n) for n in range(1, count + 1)]:
            raise AnswerProblem(
                _l(
                    "Give each item a different position from 1 to %(count)d, so that every position is used once.",
                    count=count,
                )
            )
        return sorted(question.option_ids, key=lambda oid: int(positions[oid]))


# Keyed by QuestionType.input: a new question type with a new kind of input adds a reader
# here and the templates quiz/_question_<input>.html and quiz/_review_<input>.html.
READERS = {"radio": _Radio, "checkbox": _Checkbox, "order": _Order}


def submitted_positions(question: Question, formdata: MultiDict) -> dict[str, str]:
    """The positions as sent, to show them again next to an error."""
    return {oid: formdata.get(f"position-{oid}", "") for oid in question.option_ids}


# --- statistics filter -----------------------------------------------------------------------


class StatisticsFilterForm(FlaskForm):
    """The date range of the statistics, read from the query string (GET ?from=&to=)."""

    class Meta:
        csrf = False  # a GET that changes nothing

    start = IsoDateField(_l("From"), name="from", validators=[Optional()])
    end = IsoDateField(_l("To"), name="to", validators=[Optional()])

    def validate_end(self, field):
        check_date_order(self.start, field)
