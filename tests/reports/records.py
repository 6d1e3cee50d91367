"""Factories for report tests: courses with just what reports read, people, and their records.

Each commits (the test's transaction is rolled back; in the browser tests, the live server's
database keeps them). Used by tests/reports/ and tests/browser/test_reports.py.
"""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, datetime

from app.auth.models import Role, User
from app.certificates.models import Certificate
from app.courses.models import Course, CourseVersion, Enrolment
from app.extensions import db
from app.orgs.models import Organisation
from app.orgs.services import grant_role
from app.quiz.models import QuizAttempt
from tests import factories

_codes = itertools.count(1)
CODE_LETTERS = "ACDEFGHJKMNPQRTUVWXY34679"


def at(text: str) -> datetime:
    """A UTC moment from 'YYYY-MM-DD HH:MM', or from 'YYYY-MM-DD' at 10:00 (the same day in every partner country)."""
    if " " in text:
        return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    return datetime.strptime(text, "%Y-%m-%d").replace(hour=10, tzinfo=UTC)


def course(course_id: str, title: str, *, pass_mark: float | None = 80, titles: dict | None = None) -> Course:
    """A published course with just what reports read: titles and the quiz's pass mark."""
    quiz = {"en": {"settings": {"pass_mark": pass_mark}}} if pass_mark is not None else {}
    metadata = {locale: {"title": text} for locale, text in (titles or {"en": title}).items()}
    manifest = {"settings": {"certificate": True}, "metadata": metadata, "quiz": quiz, "lessons": [], "media": []}
    content_hash = hashlib.sha256(repr(sorted(manifest.items())).encode()).hexdigest()
    record = db.session.get(Course, course_id) or Course(id=course_id)
    record.current_hash = content_hash
    db.session.add(record)
    db.session.add(
        CourseVersion(
            course_id=course_id, content_hash=content_hash, source_locale="en", locales=["en"], manifest=manifest
        )
    )
    db.session.commit()
    return record


def person(
    email: str,
    name: str,
    *,
    organisation: Organisation | None = None,
    country: str | None = None,
    sector: str | None = None,
    level: str | None = None,
    locale: str | None = None,
) -> User:
    user = factories.user(email=email, name=name, organisation=organisation, locale=locale)
    user.country = country or (organisation.country if organisation else None)
    user.sector, user.level = sector, level
    db.session.commit()
    return user


def coordinator(email: str, *, organisation: Organisation | None = None, country: str | None = None) -> User:
    """A coordinator who is not a member of what they coordinate (so they are not one of its learners)."""
    user = factories.user(email=email, name=f"Coordinator {email.split('@')[0]}")
    grant_role(user, Role.COORDINATOR, organisation=organisation, country=country)
    db.session.commit()
    return user


def enrol(
    user: User,
    course_id: str,
    opened: str,
    *,
    completed: str | None = None,
    progress: int | None = None,
    best: float | None = None,
    attempts: int = 0,
    version: str | None = None,
) -> Enrolment:
    enrolment = Enrolment(
        user_id=user.id,
        course_id=course_id,
        started_at=at(opened),
        last_activity_at=at(completed or opened),
        progress_percent=progress if progress is not None else (100 if completed else 0),
        best_score=best,
        attempts_count=attempts,
        completed_at=at(completed) if completed else None,
        completed_version_hash=(version or "v" * 64) if completed else None,
    )
    db.session.add(enrolment)
    db.session.commit()
    return enrolment


def attempt(user: User, course_id: str, number: int, submitted: str, score: float, passed: bool) -> QuizAttempt:
    record = QuizAttempt(
        user_id=user.id,
        course_id=course_id,
        version_hash="v" * 64,
        number=number,
        question_ids=[],
        option_orders={},
        started_at=at(submitted),
        submitted_at=at(submitted),
        score=score,
        passed=passed,
    )
    db.session.add(record)
    db.session.commit()
    return record


def certify(user: User, course_id: str, completed: str, *, revoked: str | None = None) -> Certificate:
    number = next(_codes)
    code = "".join(CODE_LETTERS[(number // 25**i) % 25] for i in range(12))
    certificate = Certificate(
        code=code,
        user_id=user.id,
        course_id=course_id,
        version_hash="v" * 64,
        holder_name=user.display_name,
        learning_minutes=60,
        completed_at=at(completed),
        revoked_at=at(revoked) if revoked else None,
    )
    db.session.add(certificate)
    db.session.commit()
    return certificate
