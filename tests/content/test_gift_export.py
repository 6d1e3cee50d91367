"""GIFT export as pure functions: quiz.md out as GIFT that Moodle accepts, and back in unchanged."""

from __future__ import annotations

import re

from app.content.gift import import_gift
from app.content.gift_export import export_gift
from tests.content.gift_helpers import REAL_QUIZ, messages, parse, same_questions

# Every percentage Moodle accepts for an answer (question_bank::fraction_options_full()).
MOODLE_PERCENTAGES = {"100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30"}
MOODLE_PERCENTAGES |= {"25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0"}
MOODLE_PERCENTAGES |= {f"-{p}" for p in MOODLE_PERCENTAGES if p != "0"}


TRICKY_QUIZ = """\
---
title: Quiz
pass_mark: 80
---

## What is *first*: listen, or ask? {#first}

A case with `code`, a [link](https://example.org), 50% and a \\# sign.

* a bullet in the stem

- [ ] Ask for = details ~ now {at once}
  > No: *never* push.
  >
  > A second paragraph.
- [x] Listen \\[x\\] 1\\. and C# \\\\ too
  > Yes.

> The explanation: first **listen**.

## Which apply? {#which}

- [x] One
- [x] Two
- [x] Three
- [ ] Four
  > Wrong.
- [ ] Five
- [ ] Six

## Only one, but checkboxes {#forced type=multiple}

- [x] Right
- [ ] %50% not a weight

## Consent matters. {#consent}

- [ ] True
  > It does.
- [x] False
  > Right: it does not... wait.

> Explained.

## Order {#order}

1. One
2. Two
"""


def test_round_trip_keeps_questions_options_feedback_and_explanations():
    exported = export_gift(TRICKY_QUIZ)
    assert exported.question_ids == ["first", "which", "forced", "consent"]
    assert messages(exported, "quiz.md") == [
        'quiz.md:45: warning: ordering question "order" skipped: GIFT has no ordering questions'
    ]
    again = import_gift(exported.gift)
    assert messages(again) == []
    before, _ = parse(TRICKY_QUIZ)
    after, diagnostics = parse(again.quiz_md)
    assert diagnostics == []
    assert list(after) == ["first", "which", "forced", "consent"]
    for qid, question in after.items():
        assert same_questions(question, before[qid]), qid


def test_export_uses_weights_moodle_accepts_and_gift_true_false():
    gift = export_gift(TRICKY_QUIZ).gift
    weights = re.findall(r"^\t~%(-?[\d.]+)%", gift, re.M)
    assert weights == ["33.33333"] * 3 + ["-33.33333"] * 3 + ["100", "-100"]
    assert set(weights) <= MOODLE_PERCENTAGES
    assert "\t~%100%Right\n" in gift and "\t~%-100%%50% not a weight\n" in gift
    assert "::consent::[markdown]Consent matters.{FALSE#It does.#Right\\: it does not... wait.####Explained.}" in gift
    assert "\t~Ask for \\= details \\~ now \\{at once\\}#No\\: *never* push.\\n\\nA second paragraph.\n" in gift
    assert "\t=Listen \\\\[x\\\\] 1\\\\. and C\\# \\\\\\\\ too#Yes.\n" in gift


def test_more_right_answers_than_moodle_can_weight_equally_are_reported():
    many = "---\npass_mark: 80\n---\n\n## Many {#many}\n\n" + "".join(f"- [x] {n}\n" for n in range(11)) + "- [ ] no\n"
    result = export_gift(many)
    assert result.question_ids == []
    assert messages(result, "quiz.md") == [
        'quiz.md:5: warning: question "many" skipped: Moodle cannot share 100% equally between 11 right answers '
        "(at most 10)"
    ]


def test_a_quiz_with_errors_is_not_exported():
    result = export_gift("---\npass_mark: 80\n---\n\n## No right answer {#none}\n\n- [ ] a\n- [ ] b\n")
    assert result.has_errors and result.gift == ""
    assert messages(result, "quiz.md") == [
        "quiz.md:5: error: The question “No right answer” has no correct option marked [x]"
    ]


def test_the_real_course_quiz_survives_export_and_import():
    source = REAL_QUIZ.read_text(encoding="utf-8")
    exported = export_gift(source, path="quiz.md")
    assert [m.text for m in exported.messages] == [
        'ordering question "lives-order" skipped: GIFT has no ordering questions'
    ]
    before, _ = parse(source)
    after, diagnostics = parse(import_gift(exported.gift).quiz_md)
    assert diagnostics == []
    assert list(after) == [qid for qid, q in before.items() if q.type != "ordering"]
    assert len(after) == 11
    for qid, question in after.items():
        assert same_questions(question, before[qid]), qid


def test_export_protects_text_that_moodle_would_read_as_a_format_and_warns_about_what_stays_behind():
    quiz = (
        "---\npass_mark: 80\n---\n\nRead this first.\n\n## Which? {#which}\n\n![A chart](media/chart.png)\n\n"
        "- [x] [html] is a tag\n  > [plain] too\n- [ ] b\n\n> [markdown] as well\n"
    )
    result = export_gift(quiz)
    assert "\t=[markdown][html] is a tag#[markdown][plain] too\n" in result.gift
    assert "\t####[markdown][markdown] as well\n" in result.gift
    assert messages(result, "quiz.md") == [
        "quiz.md: warning: the text before the first question is not exported: GIFT has questions only",
        'quiz.md:7: warning: question "which": its images are files in this course\'s media/ folder, '
        "which Moodle does not have: add them in Moodle",
    ]
    again = import_gift(result.gift)
    assert messages(again) == ['x.gift:4: warning: question "which": The image `media/chart.png` does not exist']
    after, _ = parse(again.quiz_md)
    before, _ = parse(quiz)
    assert same_questions(after["which"], before["which"])
