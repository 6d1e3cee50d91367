"""Starting attempts, saving answers, grading exactly once. Services flush; the view commits.

Concurrency: two tabs, a double click or a resubmitted form must not start two attempts or
grade one twice, on SQLite or on several app servers over PostgreSQL.
- Starting relies on the unique (user, course, number) constraint: the loser of a race gets
  an IntegrityError and returns the attempt the winner started.
- Saving and submitting both begin with a conditional UPDATE of the attempt row
  (`WHERE submitted_at IS NULL`): it takes the row's lock, so a save and a submission of one
  attempt run one after the other, and no answer can be written after grading.
"""

from __future__ import annotations

import random

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.auth.models import User, utcnow
from app.courses.models import CourseVersion, Enrolment
from app.courses.services import complete_course_if_done, enrol
from app.extensions import db
from app.quiz.content import QuizContent, draw_questions
from app.quiz.grading import grade_attempt
from app.quiz.models import QuizAnswer, QuizAttempt
from app.quiz.queries import open_attempt

_random = random.SystemRandom()


class QuizRefused(Exception):
    """The request cannot be carried out; `message` tells the learner why, in their language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def attempts_left(content: QuizContent, used: int) -> int | None:
    """How many more attempts may be started (None: unlimited)."""
    limit = content.settings.max_attempts
    return None if not limit else max(0, limit - used)


def start_attempt(user: User, course_id: str, content_hash: str, content: QuizContent) -> QuizAttempt:
    """The learner's open attempt, or a new one on this version with its questions drawn; flushes."""
    existing = open_attempt(user.id, course_id)
    if existing is not None:
        return existing
    used = db.session.scalar(
        select(func.coalesce(func.max(QuizAttempt.number), 0)).where(
            QuizAttempt.user_id == user.id, QuizAttempt.course_id == course_id
        )
    )
    if attempts_left(content, used) == 0:
        raise QuizRefused(_l("You have used all the attempts this assessment allows."))
    question_ids, option_orders = draw_questions(content.source, _random)
    attempt = QuizAttempt(
        user_id=user.id,
        course_id=course_id,
        version_hash=content_hash,
        number=used + 1,
        question_ids=question_ids,
        option_orders=option_orders,
    )
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:
        # Another tab started attempt number `used + 1` a moment ago: resume that one.
        existing = open_attempt(user.id, course_id)
        if existing is None:
            raise QuizRefused(_l("An attempt was started and submitted at the same moment. Reload the page.")) from None
        return existing
    enrolment = enrol(user.id, course_id)
    enrolment.last_activity_at = utcnow()
    db.session.flush()
    return attempt


def _hold_open(attempt: QuizAttempt) -> bool:
    """Lock the attempt's row if it is still open; False if it has been submitted."""
    result = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.submitted_at.is_(None))
        .values(number=QuizAttempt.number)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def save_answer(attempt: QuizAttempt, question_id: str, response: list[str]) -> bool:
    """Store (or replace) one answer; an empty response removes it. False if already submitted."""
    if not _hold_open(attempt):
        return False
    answer = db.session.scalar(
        select(QuizAnswer)
        .where(QuizAnswer.attempt_id == attempt.id, QuizAnswer.question_id == question_id)
        .execution_options(populate_existing=True)
    )
    if not response:
        if answer is not None:
            db.session.delete(answer)
    elif answer is None:
        db.session.add(QuizAnswer(attempt_id=attempt.id, question_id=question_id, response=list(response)))
    else:
        answer.response = list(response)
        answer.answered_at = utcnow()
    db.session.flush()
    return True


def submit_attempt(attempt: QuizAttempt, course_version: CourseVersion, content: QuizContent) -> bool:
    """Grade the attempt, record the best score and complete the course if it is now done.

    Returns False, changing nothing, if the attempt was already submitted (by another tab,
    a double click, or a form sent again): the conditional UPDATE lets exactly one through.
    """
    now = utcnow()
    result = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.submitted_at.is_(None))
        .values(submitted_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    db.session.refresh(attempt)
    answers = {
        answer.question_id: answer
        for answer in db.session.scalars(
            select(QuizAnswer).where(QuizAnswer.attempt_id == attempt.id).execution_options(populate_existing=True)
        )
    }
    graded = grade_attempt(content.source, attempt.question_ids, {qid: a.response for qid, a in answers.items()})
    for qid, answer in answers.items():
        answer.score = graded.question_scores.get(qid, 0.0)
    attempt.score, attempt.passed = graded.percent, graded.passed

    enrolment = _locked_enrolment(attempt.user_id, attempt.course_id)
    enrolment.attempts_count += 1
    if enrolment.best_score is None or graded.percent > enrolment.best_score:
        enrolment.best_score = graded.percent
    enrolment.last_activity_at = now
    db.session.flush()
    # The same transaction: a passing attempt and the completion and certificate it earns
    # are recorded together or not at all.
    quiz_passed = enrolment.best_score >= content.settings.pass_mark
    complete_course_if_done(enrolment, course_version, quiz_passed=quiz_passed)
    return True


def _locked_enrolment(user_id: int, course_id: str) -> Enrolment:
    enrolment = enrol(user_id, course_id)
    # Lock the row (PostgreSQL) so that a lesson completed at the same moment in another
    # tab and this grading update best score, progress and completion one after the other.
    return db.session.scalar(
        select(Enrolment)
        .where(Enrolment.id == enrolment.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
