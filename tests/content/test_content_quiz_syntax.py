"""The quiz syntax: types from the list, ids and attributes from the heading, stem, feedback, explanation."""

from __future__ import annotations

from app.content.diagnostics import Diagnostics
from app.content.frontmatter import split_front_matter
from app.content.markdown import RenderContext, parse_heading_attrs
from app.content.quiz_syntax import Quiz, QuizSettings, parse_quiz_body
from app.content.renderer import prepare_tokens

QUIZ = """\
---
pass_mark: 80
---

Read carefully.

## What should you do *first*? {#first-step}

A case:

* a bullet in the stem (a different bullet character starts a new list)

- [ ] Ask for details
- [x] Listen
  > Yes: listening comes first.
- [ ] Call the police

> Listening is the first LIVES step.

## Who may interpret? {#interpreter}

- [x] A professional interpreter
- [x] A telephone service
- [ ] The partner

## Only one is right, but checkboxes {#forced type=multiple}

- [x] Right
- [ ] Wrong

## True or false: consent matters. {#consent}

- [x] True
- [ ] False

## Put in order {#order}

1. Listen
2. Inquire
3. Validate
"""


def parse(text: str):
    report = Diagnostics()
    ctx = RenderContext("quiz.md", report)
    tokens = prepare_tokens(split_front_matter(text).body, ctx)
    intro, questions, sections = parse_quiz_body(tokens, ctx)
    return intro, questions, [d.format() for d in report.sorted()]


def test_types_follow_the_list_and_marks():
    _, questions, messages = parse(QUIZ)
    assert messages == []
    assert [(q.id, q.type) for q in questions] == [
        ("first-step", "single"),
        ("interpreter", "multiple"),
        ("forced", "multiple"),
        ("consent", "single"),
        ("order", "ordering"),
    ]


def test_parts_of_a_question():
    intro, questions, _ = parse(QUIZ)
    first = questions[0]
    assert intro == "<p>Read carefully.</p>\n"
    assert first.title == "What should you do first?"
    assert (
        first.stem_html
        == "<p>A case:</p>\n<ul>\n<li>a bullet in the stem (a different bullet character starts a new list)</li>\n</ul>\n"
    )
    assert [(o.id, o.text_html, o.correct) for o in first.options] == [
        ("a", "Ask for details", False),
        ("b", "Listen", True),
        ("c", "Call the police", False),
    ]
    assert first.options[1].feedback_html == "<p>Yes: listening comes first.</p>\n"
    assert first.explanation_html == "<p>Listening is the first LIVES step.</p>\n"
    assert first.line == 7 and first.options[1].line == 14


def test_ordering_keeps_the_written_order():
    _, questions, _ = parse(QUIZ)
    order = questions[-1]
    assert [o.text_html for o in order.options] == ["Listen", "Inquire", "Validate"]
    assert order.correct_ids == ["a", "b", "c"]


def test_errors_carry_the_file_line():
    text = "## No id here\n\n- [x] a\n- [ ] b\n\n## Nothing marked {#none}\n\n- [ ] a\n- [ ] b\n"
    _, questions, messages = parse(text)
    assert [m.splitlines()[0] for m in messages] == [
        "quiz.md:1: error: The question “No id here” has no id",
        "quiz.md:6: error: The question “Nothing marked” has no correct option marked [x]",
    ]
    assert "flask content add-ids" in messages[0]


def test_setext_heading_and_crlf_line_endings_parse_alike():
    text = "Which one? {#which}\r\n---\r\n\r\n- [x] a\r\n- [ ] b\r\n"
    _, questions, messages = parse(text)
    assert messages == [] and questions[0].id == "which" and questions[0].type == "single"


def test_heading_attributes():
    assert parse_heading_attrs("Title {#an-id type=multiple}") == ("Title", {"id": "an-id", "type": "multiple"})
    assert parse_heading_attrs("Sets {a, b}") == ("Sets {a, b}", None)
    assert parse_heading_attrs("No attributes") == ("No attributes", None)


def test_quiz_round_trips_through_dict():
    _, questions, _ = parse(QUIZ)
    quiz = Quiz(QuizSettings(title="T", pass_mark=70, draw=3), questions, "<p>x</p>")
    assert Quiz.from_dict(quiz.to_dict()) == quiz
