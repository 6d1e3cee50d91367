"""Writing learners' progress. Services flush; the view commits (one transaction per request)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.auth.models import User, utcnow
from app.courses import completion
from app.courses.models import CheckAnswer, CourseVersion, Enrolment, LessonProgress, Reflection
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


# --- the learner's side: opening, completing, answering -----------------------------------
# Two tabs (or a double click) may insert the same row at once: inserts run in a savepoint,
# and on a conflict the row the other request made is used, so the second never fails.


def _insert_or_get(model, key: dict, values: dict, *, known_missing: bool = False):
    """The row with this primary key, inserted with `values` if missing; (row, inserted).
    `known_missing`: the caller has just read that there is none, so no look-up first."""
    primary_key = tuple(key.values())
    row = None if known_missing else db.session.get(model, primary_key)
    if row is not None:
        return row, False
    try:
        with db.session.begin_nested():
            row = model(**key, **values)
            db.session.add(row)
        return row, True
    except IntegrityError:
        row = db.session.get(model, primary_key, populate_existing=True)
        if row is None:
            raise
        return row, False


def enrol(user_id: int, course_id: str) -> Enrolment:
    """The learner's enrolment, created the first time they start the course."""
    enrolment = enrolment_by_ids(user_id, course_id)
    return enrolment if enrolment is not None else _insert_enrolment(user_id, course_id)


def _insert_enrolment(user_id: int, course_id: str) -> Enrolment:
    """A new enrolment; if another request (a second tab) made it since we looked, theirs."""
    try:
        with db.session.begin_nested():
            enrolment = Enrolment(user_id=user_id, course_id=course_id)
            db.session.add(enrolment)
    except IntegrityError:
        enrolment = enrolment_by_ids(user_id, course_id)
        if enrolment is None:
            raise
    return enrolment


def enrolment_by_ids(user_id: int, course_id: str) -> Enrolment | None:
    return db.session.scalar(select(Enrolment).where(Enrolment.user_id == user_id, Enrolment.course_id == course_id))


def acknowledge_content_note(user_id: int, course_id: str) -> Enrolment:
    """Record (once) that the learner read the course's content note; this starts the course."""
    enrolment = enrol(user_id, course_id)
    if enrolment.content_note_acknowledged_at is None:
        enrolment.content_note_acknowledged_at = utcnow()
    enrolment.last_activity_at = utcnow()
    db.session.flush()
    return enrolment


# Reopening the lesson last opened within this time of the recorded activity writes nothing.
# `last_activity_at` orders the dashboard and is the "last active" date of reports: neither needs
# a finer time than this. Learners reread and reload pages all the time, and without a write the
# page costs no row lock, no WAL flush at commit, and no dead row for VACUUM.
ACTIVITY_RESOLUTION = timedelta(minutes=5)


def open_lesson(
    user_id: int, course_id: str, lesson_id: str, version_hash: str, enrolment: Enrolment | None, opened_before: bool
) -> bool:
    """Opening a lesson: enrols on first open, remembers it for "Continue", records its start
    once, and keeps `last_activity_at` (to ACTIVITY_RESOLUTION). `enrolment` and `opened_before`
    are what the caller read in this transaction. Returns whether anything was written (flushed)."""
    now = utcnow()
    wrote = enrolment is None
    if enrolment is None:
        enrolment = _insert_enrolment(user_id, course_id)
    active = enrolment.last_activity_at
    if enrolment.last_lesson_id != lesson_id or active is None or now - active >= ACTIVITY_RESOLUTION:
        enrolment.last_lesson_id = lesson_id
        enrolment.last_activity_at = now
        wrote = True
    if not opened_before:
        _insert_or_get(
            LessonProgress,
            {"user_id": user_id, "course_id": course_id, "lesson_id": lesson_id},
            {"version_hash": version_hash},
            known_missing=True,
        )
        wrote = True
    if wrote:
        db.session.flush()
    return wrote


def complete_lesson(user_id: int, version: CourseVersion, lesson_id: str) -> tuple[Enrolment, bool]:
    """Mark a lesson complete (once: repeating changes nothing) and complete the course if that
    was the last thing missing. Returns the enrolment and whether the course was completed now."""
    now = utcnow()
    enrolment = enrol(user_id, version.course_id)
    enrolment.last_lesson_id = lesson_id
    enrolment.last_activity_at = now
    progress, _inserted = _insert_or_get(
        LessonProgress,
        {"user_id": user_id, "course_id": version.course_id, "lesson_id": lesson_id},
        {"version_hash": version.content_hash, "started_at": now, "completed_at": now},
    )
    if progress.completed_at is None:
        progress.completed_at = now
        progress.version_hash = version.content_hash  # the version the lesson was completed on
    db.session.flush()
    return enrolment, complete_course_if_done(enrolment, version)


def save_check_answer(
    user_id: int, course_id: str, lesson_id: str, check_id: str, response: list[str], correct: bool
) -> CheckAnswer:
    """Keep the learner's latest answer to a knowledge check (ungraded)."""
    values = {"response": list(response), "correct": correct, "answered_at": utcnow()}
    answer, inserted = _insert_or_get(
        CheckAnswer, {"user_id": user_id, "course_id": course_id, "lesson_id": lesson_id, "check_id": check_id}, values
    )
    if not inserted:
        for name, value in values.items():
            setattr(answer, name, value)
    db.session.flush()
    return answer


def save_reflection(user_id: int, course_id: str, lesson_id: str, reflection_id: str, text: str) -> Reflection | None:
    """Keep the learner's private reflection; saving it empty deletes it."""
    key = {"user_id": user_id, "course_id": course_id, "lesson_id": lesson_id, "reflection_id": reflection_id}
    if not text.strip():
        existing = db.session.get(Reflection, tuple(key.values()))
        if existing is not None:
            db.session.delete(existing)
            db.session.flush()
        return None
    values = {"text": text, "updated_at": utcnow()}
    reflection, inserted = _insert_or_get(Reflection, key, values)
    if not inserted:
        for name, value in values.items():
            setattr(reflection, name, value)
    db.session.flush()
    return reflection
