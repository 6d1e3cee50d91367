"""The draw and whole-attempt grading, as plain Python (no app, no database)."""

from __future__ import annotations

import ast
import random
from pathlib import Path

import pytest

from app.content.questions import Option, Question
from app.content.quiz_syntax import Quiz, QuizSettings
from app.quiz.content import QuizContent, draw_questions
from app.quiz.grading import grade_attempt


def quiz(**settings) -> Quiz:
    single = Question("single", "single", "S", options=[Option("a", "A"), Option("b", "B", True), Option("c", "C")])
    multiple = Question(
        "multi",
        "multiple",
        "M",
        options=[Option("a", "A", True), Option("b", "B", True), Option("c", "C"), Option("d", "D")],
    )
    ordering = Question("order", "ordering", "O", options=[Option(x, x.upper()) for x in "abcd"])
    truefalse = Question("tf", "single", "T", options=[Option("a", "True", True), Option("b", "False")])
    return Quiz(QuizSettings(**settings), [single, multiple, ordering, truefalse])


@pytest.mark.parametrize("seed", range(20))
def test_draw_takes_that_many_distinct_questions_from_the_pool(seed):
    ids, orders = draw_questions(quiz(draw=2), random.Random(seed))
    assert len(ids) == 2 and len(set(ids)) == 2 and set(ids) <= {"single", "multi", "order", "tf"}
    assert set(orders) == set(ids)


def test_without_draw_every_question_is_asked():
    ids, _orders = draw_questions(quiz(), random.Random(1))
    assert sorted(ids) == ["multi", "order", "single", "tf"]


def test_without_shuffling_questions_keep_their_written_order_even_when_drawn():
    for seed in range(20):
        ids, _orders = draw_questions(quiz(draw=3, shuffle_questions=False), random.Random(seed))
        assert ids == sorted(ids, key=["single", "multi", "order", "tf"].index)


def test_without_option_shuffling_choices_keep_their_order_but_ordering_is_still_shuffled():
    for seed in range(50):
        _ids, orders = draw_questions(quiz(shuffle_options=False), random.Random(seed))
        assert orders["single"] == ["a", "b", "c"] and orders["multi"] == ["a", "b", "c", "d"]
        assert sorted(orders["order"]) == ["a", "b", "c", "d"] and orders["order"] != ["a", "b", "c", "d"]


def test_shuffling_options_changes_their_order_across_attempts():
    seen = {tuple(draw_questions(quiz(), random.Random(seed))[1]["multi"]) for seed in range(30)}
    assert len(seen) > 5


def test_a_two_item_ordering_question_is_always_shown_reversed():
    two = Quiz(QuizSettings(), [Question("o", "ordering", "O", options=[Option("a", "A"), Option("b", "B")])])
    assert {tuple(draw_questions(two, random.Random(seed))[1]["o"]) for seed in range(20)} == {("b", "a")}


def test_grading_averages_question_scores_in_percent_and_compares_with_the_pass_mark():
    result = grade_attempt(
        quiz(pass_mark=75, scoring="partial"),
        ["single", "multi", "order", "tf"],
        {
            "single": ["b"],
            "multi": ["a"],
            "order": ["a", "b", "c", "d"],  # tf unanswered
        },
    )
    assert result.question_scores == {"single": 1.0, "multi": 0.5, "order": 1.0, "tf": 0.0}
    assert result.percent == 62.5 and result.passed is False


def test_only_the_drawn_questions_count():
    result = grade_attempt(quiz(pass_mark=100), ["single", "tf"], {"single": ["b"], "tf": ["a"], "multi": ["c"]})
    assert result.question_scores == {"single": 1.0, "tf": 1.0}
    assert result.percent == 100.0 and result.passed


def test_a_score_of_exactly_the_pass_mark_passes_despite_float_sums():
    # 0.6 + 4 x 1.0 out of 5 is 92%, but 100 * 4.6 / 5 is 91.99999999999999 in floating point.
    five = Question("m", "multiple", "M", options=[Option(x, x, True) for x in "abcde"])
    singles = [Question(f"s{n}", "single", "S", options=[Option("a", "A", True), Option("b", "B")]) for n in range(4)]
    exam = Quiz(QuizSettings(pass_mark=92, scoring="partial"), [five, *singles])
    responses = {"m": ["a", "b", "c"], **{f"s{n}": ["a"] for n in range(4)}}
    result = grade_attempt(exam, ["m", "s0", "s1", "s2", "s3"], responses)
    assert result.percent == 92.0 and result.passed


def test_quiz_content_falls_back_to_the_source_language_and_takes_settings_from_it():
    source, french = quiz(pass_mark=80).to_dict(), quiz(pass_mark=10).to_dict()
    manifest = {"quiz": {"en": source, "fr": french}, "metadata": {"en": {"title": "Course"}}}
    content = QuizContent.from_manifest(manifest, "en")
    assert content.shown_locale("fr") == "fr" and content.shown_locale("de") == "en"
    assert content.settings.pass_mark == 80
    assert content.course_title("de") == "Course"
    assert QuizContent.from_manifest({"quiz": {}}, "en") is None


@pytest.mark.parametrize("module", ["content.py", "grading.py", "statistics.py"])
def test_the_quiz_logic_is_plain_python(module):
    tree = ast.parse((Path(__file__).resolve().parents[2] / "app" / "quiz" / module).read_text(encoding="utf-8"))
    imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [name for name in imported if name.startswith(("flask", "sqlalchemy", "app.extensions"))]
