"""A learner's own data, as one JSON document ("Download my data": GDPR articles 15 and 20).

Reads only: every query filters on the person's own id, and the number of queries is fixed
(one per kind of record), whatever the number of courses, lessons or attempts.
Keys are stable and documented by `format_version`: programs that read the file may rely on them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.auth.models import RoleGrant, User
from app.certificates.models import Certificate
from app.courses.models import CheckAnswer, Enrolment, LessonProgress, Reflection
from app.extensions import db
from app.orgs.models import Organisation, memberships
from app.quiz.models import QuizAttempt

FORMAT_VERSION = 1
# The sections of the document after "profile", in order: the page counts the rows of each.
SECTIONS = ("enrolments", "lesson_progress", "check_answers", "reflections", "quiz_attempts", "certificates")


def learner_data(user: User, now: datetime | None = None) -> dict:
    """Everything stored about `user` as a learner, ready for `as_json`."""
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": iso(now or datetime.now(UTC)),
        "profile": _profile(user),
        "enrolments": _enrolments(user.id),
        "lesson_progress": _lesson_progress(user.id),
        "check_answers": _check_answers(user.id),
        "reflections": _reflections(user.id),
        "quiz_attempts": _quiz_attempts(user.id),
        "certificates": _certificates(user.id),
    }


def as_json(data: dict) -> bytes:
    """UTF-8 JSON, indented so that a person can read it in a text editor."""
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC ("2026-11-24T09:30:00Z"); the models hand back aware UTC datetimes."""
    return None if moment is None else moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _profile(user: User) -> dict:
    organisations = db.session.scalars(
        select(Organisation.name)
        .join(memberships, memberships.c.organisation_id == Organisation.id)
        .where(memberships.c.user_id == user.id)
        .order_by(Organisation.name)
    ).all()
    grants = db.session.scalars(
        select(RoleGrant)
        .options(joinedload(RoleGrant.organisation))
        .where(RoleGrant.user_id == user.id)
        .order_by(RoleGrant.role, RoleGrant.id)
    ).all()
    # The password is left out on purpose: only a one-way hash of it is stored.
    return {
        "email": user.email,
        "display_name": user.display_name,
        "locale": user.locale,
        "country": user.country,
        "sector": user.sector,
        "subsector": user.subsector,
        "level": user.level,
        "created_at": iso(user.created_at),
        "last_login_at": iso(user.last_login_at),
        "organisations": list(organisations),
        # Everyone is a learner; these are the roles granted on top, with their scope.
        "roles": [
            {
                "role": grant.role,
                "organisation": grant.organisation.name if grant.organisation else None,
                "country": grant.country,
                "granted_at": iso(grant.created_at),
            }
            for grant in grants
        ],
    }


def _enrolments(user_id: int) -> list[dict]:
    rows = db.session.scalars(select(Enrolment).where(Enrolment.user_id == user_id).order_by(Enrolment.course_id))
    return [
        {
            "course_id": row.course_id,
            "started_at": iso(row.started_at),
            "last_activity_at": iso(row.last_activity_at),
            "last_lesson_id": row.last_lesson_id,
            "progress_percent": row.progress_percent,
            "best_score": row.best_score,
            "attempts_count": row.attempts_count,
            "completed_at": iso(row.completed_at),
            "completed_version_hash": row.completed_version_hash,
            "content_note_acknowledged_at": iso(row.content_note_acknowledged_at),
        }
        for row in rows
    ]


def _lesson_progress(user_id: int) -> list[dict]:
    rows = db.session.scalars(
        select(LessonProgress)
        .where(LessonProgress.user_id == user_id)
        .order_by(LessonProgress.course_id, LessonProgress.started_at, LessonProgress.lesson_id)
    )
    return [
        {
            "course_id": row.course_id,
            "lesson_id": row.lesson_id,
            "version_hash": row.version_hash,
            "started_at": iso(row.started_at),
            "completed_at": iso(row.completed_at),
        }
        for row in rows
    ]


def _check_answers(user_id: int) -> list[dict]:
    rows = db.session.scalars(
        select(CheckAnswer)
        .where(CheckAnswer.user_id == user_id)
        .order_by(CheckAnswer.course_id, CheckAnswer.lesson_id, CheckAnswer.check_id)
    )
    return [
        {
            "course_id": row.course_id,
            "lesson_id": row.lesson_id,
            "check_id": row.check_id,
            "response": row.response,
            "correct": row.correct,
            "answered_at": iso(row.answered_at),
        }
        for row in rows
    ]


def _reflections(user_id: int) -> list[dict]:
    rows = db.session.scalars(
        select(Reflection)
        .where(Reflection.user_id == user_id)
        .order_by(Reflection.course_id, Reflection.lesson_id, Reflection.reflection_id)
    )
    return [
        {
            "course_id": row.course_id,
            "lesson_id": row.lesson_id,
            "reflection_id": row.reflection_id,
            "text": row.text,
            "updated_at": iso(row.updated_at),
        }
        for row in rows
    ]


def _quiz_attempts(user_id: int) -> list[dict]:
    # selectinload: the answers of every attempt in one more query, not one per attempt.
    rows = db.session.scalars(
        select(QuizAttempt)
        .options(selectinload(QuizAttempt.answers))
        .where(QuizAttempt.user_id == user_id)
        .order_by(QuizAttempt.course_id, QuizAttempt.number)
    )
    return [
        {
            "course_id": row.course_id,
            "number": row.number,
            "version_hash": row.version_hash,
            "started_at": iso(row.started_at),
            "submitted_at": iso(row.submitted_at),
            "score": row.score,
            "passed": row.passed,
            "question_ids": row.question_ids,
            "answers": [
                {
                    "question_id": answer.question_id,
                    "response": answer.response,
                    "score": answer.score,
                    "answered_at": iso(answer.answered_at),
                }
                for answer in row.answers
            ],
        }
        for row in rows
    ]


def _certificates(user_id: int) -> list[dict]:
    rows = db.session.scalars(
        select(Certificate).where(Certificate.user_id == user_id).order_by(Certificate.issued_at, Certificate.id)
    )
    return [
        {
            "code": row.code,
            "course_id": row.course_id,
            "version_hash": row.version_hash,
            "holder_name": row.holder_name,
            "organisation_name": row.organisation_name,
            "sector": row.sector,
            "learning_minutes": row.learning_minutes,
            "score": row.score,
            "completed_at": iso(row.completed_at),
            "issued_at": iso(row.issued_at),
            "revoked_at": iso(row.revoked_at),
            "revoked_reason": row.revoked_reason,
        }
        for row in rows
    ]
