"""Question statistics, checked against numbers worked out by hand (no app, no database)."""

from __future__ import annotations

import pytest

from app.quiz.statistics import (
    EASY,
    HARD,
    NEGATIVE,
    AttemptRecord,
    QuestionInfo,
    group_size,
    question_statistics,
    quiz_statistics,
)

Q1 = QuestionInfo("q1", ["a", "b", "c"])  # b is right
Q2 = QuestionInfo("q2", ["a", "b"])
Q3 = QuestionInfo("q3", ["a", "b"])
TOTALS = [100, 90, 80, 70, 60, 50, 40, 30, 20, 10]
# Who got q1 right (by total), what the others chose; the 10-point attempt left it blank.
Q1_RIGHT = {100, 90, 60, 20}
Q1_CHOICES = {80: "a", 70: "a", 50: "c", 40: "c", 30: "c"}
# q2 is answered right only by the weakest: stronger learners are misled by it.
Q2_RIGHT = {50, 30, 20, 10}


def _attempt(total: int) -> AttemptRecord:
    responses, scores = {}, {}
    if total in Q1_RIGHT:
        responses["q1"], scores["q1"] = ["b"], 1.0
    elif total in Q1_CHOICES:
        responses["q1"], scores["q1"] = [Q1_CHOICES[total]], 0.0
    responses["q2"], scores["q2"] = (["a"], 1.0) if total in Q2_RIGHT else (["b"], 0.0)
    responses["q3"], scores["q3"] = ["a"], 1.0
    return AttemptRecord(
        total=total, question_ids=["q1", "q2", "q3"], responses=responses, scores=scores, passed=total >= 80
    )


# Submission order is not score order: the ranking must not depend on it.
ATTEMPTS = [_attempt(t) for t in (60, 10, 100, 30, 80, 20, 50, 90, 40, 70)]


@pytest.mark.parametrize(("n", "k"), [(0, 0), (1, 1), (3, 1), (10, 3), (11, 3), (20, 5), (37, 10), (100, 27)])
def test_upper_and_lower_groups_are_27_percent_rounded_at_least_one(n, k):
    assert group_size(n) == k


def test_share_correct_options_and_discrimination_of_a_good_question():
    stats = question_statistics(ATTEMPTS, Q1)
    assert (stats.asked, stats.answered, stats.correct) == (10, 9, 4)
    assert stats.correct_share == pytest.approx(0.4)
    assert stats.option_shares == pytest.approx({"a": 0.2, "b": 0.4, "c": 0.3})
    assert stats.unanswered_share == pytest.approx(0.1)
    # Upper 3 (100, 90, 80): 2 right; lower 3 (30, 20, 10): 1 right.
    assert stats.p_upper == pytest.approx(2 / 3)
    assert stats.p_lower == pytest.approx(1 / 3)
    assert stats.discrimination == pytest.approx(1 / 3)
    assert stats.flags == ()


def test_a_question_the_weakest_get_right_discriminates_negatively():
    stats = question_statistics(ATTEMPTS, Q2)
    assert stats.correct_share == pytest.approx(0.4)
    assert (stats.p_upper, stats.p_lower, stats.discrimination) == (0.0, 1.0, -1.0)
    assert stats.flags == (NEGATIVE,)


def test_a_question_everyone_gets_right_is_flagged_easy_and_does_not_discriminate():
    stats = question_statistics(ATTEMPTS, Q3)
    assert stats.correct_share == 1.0
    assert stats.discrimination == 0.0
    assert stats.flags == (EASY,)


def test_a_question_almost_nobody_gets_right_is_flagged_hard():
    attempts = [
        AttemptRecord(total=t, question_ids=["q"], responses={"q": ["a"]}, scores={"q": 1.0 if t in (100, 90) else 0.0})
        for t in TOTALS
    ]
    stats = question_statistics(attempts, QuestionInfo("q", ["a", "b"]))
    assert stats.correct_share == pytest.approx(0.2)
    assert stats.flags == (HARD,)


def test_below_ten_attempts_there_is_no_discrimination_and_no_flag():
    nine = ATTEMPTS[:9]
    stats = question_statistics(nine, Q3)
    assert stats.asked == 9 and not stats.enough_attempts
    assert stats.correct_share == 1.0
    assert (stats.discrimination, stats.p_upper, stats.p_lower, stats.flags) == (None, None, None, ())


def test_only_attempts_that_were_asked_the_question_count():
    drawn = [
        AttemptRecord(total=50, question_ids=["q1"], responses={"q1": ["b"]}, scores={"q1": 1.0}),
        AttemptRecord(total=50, question_ids=["q2"], responses={"q2": ["a"]}, scores={"q2": 1.0}),
    ]
    stats = question_statistics(drawn, Q1)
    assert (stats.asked, stats.correct, stats.correct_share) == (1, 1, 1.0)
    assert stats.option_shares == {"a": 0.0, "b": 1.0, "c": 0.0}


def test_partial_credit_is_not_counted_as_correct():
    attempts = [AttemptRecord(total=50, question_ids=["m"], responses={"m": ["a"]}, scores={"m": 0.5})]
    assert question_statistics(attempts, QuestionInfo("m", ["a", "b", "c"])).correct == 0


def test_ordering_questions_count_items_placed_in_their_correct_position():
    order = QuestionInfo("o", ["a", "b", "c"], ordering=True)
    attempts = [
        AttemptRecord(total=100, question_ids=["o"], responses={"o": ["a", "b", "c"]}, scores={"o": 1.0}),
        AttemptRecord(total=0, question_ids=["o"], responses={"o": ["a", "c", "b"]}, scores={"o": 0.0}),
        AttemptRecord(total=0, question_ids=["o"], responses={"o": ["c", "b", "a"]}, scores={"o": 0.0}),
        AttemptRecord(total=0, question_ids=["o"]),
    ]
    stats = question_statistics(attempts, order)
    # a first: 2 of 4; b second: 2 of 4; c third: 1 of 4.
    assert stats.option_shares == {"a": 0.5, "b": 0.5, "c": 0.25}
    assert stats.unanswered_share == 0.25


def test_quiz_summary_counts_attempts_mean_and_pass_share():
    summary = quiz_statistics(ATTEMPTS, [Q1, Q2, Q3])
    assert summary.attempts == 10
    assert summary.mean_score == pytest.approx(55.0)
    assert summary.pass_share == pytest.approx(0.3)
    assert [q.question_id for q in summary.questions] == ["q1", "q2", "q3"]


def test_no_attempts_gives_empty_numbers_not_errors():
    summary = quiz_statistics([], [Q1])
    assert (summary.attempts, summary.mean_score, summary.pass_share) == (0, None, None)
    assert summary.questions[0].correct_share is None and summary.questions[0].option_shares["a"] == 0.0
