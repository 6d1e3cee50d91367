"""Reading quizzes, attempts and answers for the quiz pages and the statistics."""

from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import defer

from app.courses import completion
from app.courses.models import CourseVersion, Enrolment
from app.courses.published import PublishedCourse, published_course
from app.courses.queries import learner_record, may_start
from app.courses.services import completed_lesson_ids
from app.extensions import db
from app.quiz.content import QuizContent
from app.quiz.models import QuizAnswer, QuizAttempt
from app.quiz.statistics import AttemptRecord

# Parsed quizzes per process, by (course id, content hash): a published version never
# changes, so an entry never goes stale. Bounded, since old versions stay readable.
_CACHE: dict[tuple[str, str], QuizContent | None] = {}
_CACHE_SIZE = 64
_CACHE_LOCK = threading.Lock()


def _versions():
    # The manifest (every page's overview in every locale) is loaded only on a cache miss.
    return select(CourseVersion).options(defer(CourseVersion.manifest))


def served_quiz(course_id: str) -> tuple[PublishedCourse, QuizContent] | None:
    """The course as served (retired too: its quiz page still lists the learner's attempts) and
    its quiz; None if the course was never published or has no quiz."""
    course = published_course(course_id)
    if course is None:
        return None
    key = (course.id, course.content_hash)
    if key not in _CACHE:
        _remember(key, QuizContent.from_manifest(course.manifest, course.source_locale))
    content = _CACHE[key]
    return (course, content) if content is not None else None


def version(course_id: str, content_hash: str) -> CourseVersion | None:
    return db.session.scalar(
        _versions().where(CourseVersion.course_id == course_id, CourseVersion.content_hash == content_hash)
    )


def quiz_content(course_version: CourseVersion) -> QuizContent | None:
    """The version's quiz in every locale, or None if the version has no quiz."""
    key = (course_version.course_id, course_version.content_hash)
    if key not in _CACHE:
        _remember(key, QuizContent.from_manifest(course_version.manifest, course_version.source_locale))
    return _CACHE[key]


def quiz_content_by_hash(course_id: str, content_hash: str) -> QuizContent | None:
    """The same, by the hash an attempt records: no query at all once cached."""
    key = (course_id, content_hash)
    if key not in _CACHE:
        found = version(course_id, content_hash)
        return quiz_content(found) if found is not None else None
    return _CACHE[key]


def _remember(key: tuple[str, str], content: QuizContent | None) -> None:
    with _CACHE_LOCK:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = content


def older_quiz_contents(course_id: str, hashes: set[str]) -> list[QuizContent]:
    """The quizzes of these versions of a course, newest first (statistics across republishing)."""
    if not hashes:
        return []
    versions = db.session.scalars(
        _versions()
        .where(CourseVersion.course_id == course_id, CourseVersion.content_hash.in_(hashes))
        .order_by(CourseVersion.published_at.desc(), CourseVersion.id.desc())
    )
    return [content for v in versions if (content := quiz_content(v)) is not None]


def attempts_of(user_id: int, course_id: str) -> list[QuizAttempt]:
    return list(
        db.session.scalars(
            select(QuizAttempt)
            .where(QuizAttempt.user_id == user_id, QuizAttempt.course_id == course_id)
            .order_by(QuizAttempt.number)
        )
    )


def open_attempt(user_id: int, course_id: str) -> QuizAttempt | None:
    return db.session.scalar(
        select(QuizAttempt)
        .where(QuizAttempt.user_id == user_id, QuizAttempt.course_id == course_id, QuizAttempt.submitted_at.is_(None))
        .order_by(QuizAttempt.number.desc())
        .limit(1)
    )


def own_attempt(user_id: int, course_id: str, attempt_id: int) -> QuizAttempt | None:
    """The attempt, if it is this person's and of this course; None otherwise (a 404 either way)."""
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.user_id != user_id or attempt.course_id != course_id:
        return None
    return attempt


def answers_by_question(attempt_id: int) -> dict[str, QuizAnswer]:
    answers = db.session.scalars(select(QuizAnswer).where(QuizAnswer.attempt_id == attempt_id))
    return {answer.question_id: answer for answer in answers}


def enrolment(user_id: int, course_id: str) -> Enrolment | None:
    return db.session.scalar(select(Enrolment).where(Enrolment.user_id == user_id, Enrolment.course_id == course_id))


def lessons_done(user_id: int, course: PublishedCourse) -> tuple[int, int]:
    """(required lessons completed, required lessons) on the served version: the other half of completion."""
    required = completion.required_lesson_ids(course.manifest)
    return len(set(required) & completed_lesson_ids(user_id, course.id)), len(required)


# Why a learner may not start an attempt now; the same rules as the course's lessons.
RETIRED, PREREQUISITES, CONTENT_NOTE = "retired", "prerequisites", "content-note"


def start_blocker(user_id: int, course: PublishedCourse, content: QuizContent, locale: str) -> str | None:
    """None if the learner may start an attempt, else why not (RETIRED, PREREQUISITES, CONTENT_NOTE)."""
    if course.retired:
        return RETIRED
    record = learner_record(user_id, course.id)
    if not may_start(course, record, user_id):
        return PREREQUISITES
    if content.course_warning(locale) and not record.note_acknowledged:
        return CONTENT_NOTE
    return None


def statistics_records(
    course_id: str, start: datetime | None, end: datetime | None
) -> tuple[list[AttemptRecord], set[str]]:
    """Submitted attempts of a course in [start, end), in submission order, and their versions."""
    # Only submitted attempts: an open one may still change, and has no total to rank by.
    chosen = [QuizAttempt.course_id == course_id, QuizAttempt.submitted_at.is_not(None)]
    if start is not None:
        chosen.append(QuizAttempt.submitted_at >= start)
    if end is not None:
        chosen.append(QuizAttempt.submitted_at < end)
    attempts = db.session.scalars(select(QuizAttempt).where(*chosen).order_by(QuizAttempt.submitted_at, QuizAttempt.id))
    attempts = attempts.all()
    answers: dict[int, list[QuizAnswer]] = {}
    rows = db.session.scalars(select(QuizAnswer).join(QuizAnswer.attempt).where(*chosen)) if attempts else []
    for answer in rows:
        answers.setdefault(answer.attempt_id, []).append(answer)
    records = [
        AttemptRecord(
            total=attempt.score or 0.0,
            question_ids=list(attempt.question_ids),
            responses={a.question_id: list(a.response) for a in answers.get(attempt.id, [])},
            scores={a.question_id: a.score or 0.0 for a in answers.get(attempt.id, [])},
            passed=bool(attempt.passed),
        )
        for attempt in attempts
    ]
    return records, {attempt.version_hash for attempt in attempts}
