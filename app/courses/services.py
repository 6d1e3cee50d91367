"""Writing learners' progress. Services flush; the view commits (one transaction per request)."""

from __future__ import annotations

from sqlalchemy import select

from app.auth.models import User, utcnow
from app.courses import completion
from app.courses.models import CourseVersion, Enrolment, LessonProgress
from app.extensions import db


def enrolment_for(user: User, course_id: str) -> Enrolment | None:
    return db.session.scalar(select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.course_id == course_id))


def completed_lesson_ids(user_id: int, course_id: str) -> set[str]:
    return set(
        db.session.scalars(
            select(LessonProgress.lesson_id).where(
                LessonProgress.user_id == user_id,
                LessonProgress.course_id == course_id,
                LessonProgress.completed_at.is_not(None),
            )
        )
    )


def complete_course_if_done(enrolment: Enrolment, version: CourseVersion, quiz_passed: bool | None = None) -> bool:
    """Record the completion (and issue the certificate) now, in the caller's transaction.

    Called after a lesson is completed and after a quiz attempt is graded. Returns True if
    this call completed the course. `quiz_passed=None` means: look it up (the enrolment's
    best score against the pass mark of the version's quiz).
    """
    manifest = version.manifest
    done = completed_lesson_ids(enrolment.user_id, enrolment.course_id)
    enrolment.progress_percent = completion.progress_percent(manifest, done)
    if enrolment.completed_at is not None:
        return False
    if quiz_passed is None:
        quiz_passed = _best_score_passes(enrolment, version)
    if not completion.is_complete(manifest, done, quiz_passed):
        db.session.flush()
        return False
    enrolment.completed_at = utcnow()
    enrolment.completed_version_hash = version.content_hash
    if completion.awards_certificate(manifest):
        from app.certificates.services import issue_certificate  # certificates build on courses

        issue_certificate(enrolment, version)
    db.session.flush()
    return True


def source_quiz(version: CourseVersion) -> dict | None:
    """The quiz in the source language: it decides what is correct and the pass mark."""
    quizzes = version.manifest.get("quiz") or {}
    return quizzes.get(version.source_locale)


def _best_score_passes(enrolment: Enrolment, version: CourseVersion) -> bool:
    quiz = source_quiz(version)
    if quiz is None or enrolment.best_score is None:
        return False
    return enrolment.best_score >= quiz["settings"]["pass_mark"]
