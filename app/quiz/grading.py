"""Grading a whole attempt: plain Python over the source-language quiz."""

from __future__ import annotations

from dataclasses import dataclass

from app.content.questions import grade
from app.content.quiz_syntax import Quiz
from app.quiz.content import questions_by_id

# Scores are stored rounded, so 79.99999999999999 from float sums cannot fail an 80 pass mark.
SCORE_DECIMALS = 4


@dataclass(frozen=True)
class AttemptGrade:
    """Each drawn question's score (0-1; unanswered scores 0) and the total in percent."""

    question_scores: dict[str, float]
    percent: float
    passed: bool


def grade_attempt(quiz: Quiz, question_ids: list[str], responses: dict[str, list[str]]) -> AttemptGrade:
    """Grade the drawn questions with the quiz's scoring mode and pass mark."""
    questions = questions_by_id(quiz)
    scoring = quiz.settings.scoring
    scores = {qid: round(grade(questions[qid], responses.get(qid), scoring), SCORE_DECIMALS) for qid in question_ids}
    percent = round(100 * sum(scores.values()) / len(question_ids), SCORE_DECIMALS) if question_ids else 0.0
    return AttemptGrade(scores, percent, percent >= quiz.settings.pass_mark)
