"""Quiz attempts and their answers: saved as the learner goes, graded exactly once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import utcnow
from app.extensions import db


class QuizAttempt(db.Model):
    """One sitting of a course's final assessment, on the version it was started on.

    `number` is unique per learner and course, so two tabs starting an attempt at once
    cannot both succeed. `submitted_at` is set once, by a conditional UPDATE, so a double
    click or a resubmitted form cannot grade twice.
    """

    __tablename__ = "quiz_attempts"
    __table_args__ = (UniqueConstraint("user_id", "course_id", "number", name="uq_quiz_attempts_user_course_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id"), index=True)
    version_hash: Mapped[str] = mapped_column(String(64))
    number: Mapped[int]
    # The drawn questions in the order shown, and each question's option order as shown.
    question_ids: Mapped[list] = mapped_column(JSON)
    option_orders: Mapped[dict] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)
    score: Mapped[float | None]  # percent, 0-100, set at grading
    passed: Mapped[bool | None]

    answers: Mapped[list[QuizAnswer]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", order_by="QuizAnswer.question_id"
    )


class QuizAnswer(db.Model):
    """The answer to one question of an attempt; saved (and replaced) until submission."""

    __tablename__ = "quiz_answers"

    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    response: Mapped[list] = mapped_column(JSON)
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
    score: Mapped[float | None]  # 0-1, set at grading

    attempt: Mapped[QuizAttempt] = relationship(back_populates="answers")
