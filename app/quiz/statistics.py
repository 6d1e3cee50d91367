"""Question statistics for trainers: plain Python over submitted attempts (no Flask, no database).

For each question: how many attempts were asked it, the share that got it fully right, how
answers spread over the options, and a discrimination index. Questions are flagged when
almost everyone gets them right, when almost nobody does, or when stronger learners do
worse on them than weaker ones (often a wrongly marked or ambiguous question).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

# Below this many attempts at a question the numbers are noise: no discrimination index
# and no flags are given (the classical-test-theory rule of thumb starts far higher; ten is
# the least at which the upper and lower groups hold three attempts each).
MIN_ATTEMPTS = 10
# Kelley's 27%: the upper and lower groups that maximise the difference while staying large.
GROUP_SHARE = 0.27
# Flags. Too easy: almost everyone right. Too hard: fewer right than guessing among four or
# five options would give, so most learners are choosing a wrong option; check the key.
EASY_AT = 0.95
HARD_AT = 0.20
FULL_MARKS = 1 - 1e-9

EASY, HARD, NEGATIVE = "easy", "hard", "negative"


@dataclass(frozen=True)
class AttemptRecord:
    """One submitted attempt: its total (percent), the questions asked, and the answers given."""

    total: float
    question_ids: Sequence[str]
    responses: dict[str, Sequence[str]] = field(default_factory=dict)  # unanswered: absent
    scores: dict[str, float] = field(default_factory=dict)  # 0-1 per question asked
    passed: bool = False


@dataclass(frozen=True)
class QuestionInfo:
    """What the statistics need to know about a question: its options in the written order."""

    id: str
    option_ids: Sequence[str]
    ordering: bool = False


@dataclass
class QuestionStats:
    """The numbers for one question; shares are 0-1, None when there is nothing to divide by."""

    question_id: str
    asked: int
    answered: int
    correct: int
    correct_share: float | None
    # Choice questions: the share of attempts choosing each option. Ordering questions: the
    # share placing each item in its correct position.
    option_shares: dict[str, float]
    unanswered_share: float | None
    p_upper: float | None = None
    p_lower: float | None = None
    discrimination: float | None = None
    flags: tuple[str, ...] = ()

    @property
    def enough_attempts(self) -> bool:
        return self.asked >= MIN_ATTEMPTS


@dataclass
class QuizStats:
    attempts: int
    mean_score: float | None
    pass_share: float | None
    questions: list[QuestionStats]


def group_size(n: int) -> int:
    """The size of the upper and of the lower group among n attempts (27%, at least one)."""
    return max(1, int(GROUP_SHARE * n + 0.5)) if n else 0


def quiz_statistics(attempts: Sequence[AttemptRecord], questions: Sequence[QuestionInfo]) -> QuizStats:
    """Statistics for every question, in the order given; attempts in submission order."""
    count = len(attempts)
    return QuizStats(
        attempts=count,
        mean_score=sum(a.total for a in attempts) / count if count else None,
        pass_share=sum(1 for a in attempts if a.passed) / count if count else None,
        questions=[question_statistics(attempts, question) for question in questions],
    )


def question_statistics(attempts: Sequence[AttemptRecord], question: QuestionInfo) -> QuestionStats:
    asked = [a for a in attempts if question.id in a.question_ids]
    n = len(asked)
    answered = [a for a in asked if a.responses.get(question.id)]
    correct = sum(1 for a in asked if _is_correct(a, question.id))
    stats = QuestionStats(
        question_id=question.id,
        asked=n,
        answered=len(answered),
        correct=correct,
        correct_share=correct / n if n else None,
        option_shares=_option_shares(asked, question),
        unanswered_share=(n - len(answered)) / n if n else None,
    )
    if n >= MIN_ATTEMPTS:
        stats.p_upper, stats.p_lower, stats.discrimination = discrimination(asked, question.id)
        stats.flags = _flags(stats)
    return stats


def discrimination(asked: Sequence[AttemptRecord], question_id: str) -> tuple[float, float, float]:
    """(p_upper, p_lower, D) over the attempts that were asked the question.

    Attempts are ranked by total score, highest first; ties keep submission order, so the
    result does not depend on the database's row order. D = p_upper - p_lower, where p is the
    share of the group that got the question fully right.
    """
    ranked = sorted(asked, key=lambda a: -a.total)
    k = group_size(len(ranked))
    upper, lower = ranked[:k], ranked[-k:]
    p_upper = sum(1 for a in upper if _is_correct(a, question_id)) / k
    p_lower = sum(1 for a in lower if _is_correct(a, question_id)) / k
    return p_upper, p_lower, p_upper - p_lower


def _is_correct(attempt: AttemptRecord, question_id: str) -> bool:
    return attempt.scores.get(question_id, 0.0) >= FULL_MARKS


def _option_shares(asked: Sequence[AttemptRecord], question: QuestionInfo) -> dict[str, float]:
    n = len(asked)
    counts = dict.fromkeys(question.option_ids, 0)
    for attempt in asked:
        response = list(attempt.responses.get(question.id) or ())
        if question.ordering:
            for position, option in enumerate(question.option_ids):
                if position < len(response) and response[position] == option:
                    counts[option] += 1
        else:
            for option in set(response) & counts.keys():
                counts[option] += 1
    return {option: (count / n if n else 0.0) for option, count in counts.items()}


def _flags(stats: QuestionStats) -> tuple[str, ...]:
    flags = []
    if stats.correct_share is not None and stats.correct_share >= EASY_AT:
        flags.append(EASY)
    if stats.correct_share is not None and stats.correct_share <= HARD_AT:
        flags.append(HARD)
    if stats.discrimination is not None and stats.discrimination < 0:
        flags.append(NEGATIVE)
    return tuple(flags)
