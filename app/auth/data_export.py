"""A learner's own data, as one JSON document ("Download my data": GDPR articles 15 and 20).

Reads only: every query filters on the person's own id, and the number of queries is fixed
(one per kind of record), whatever the number of courses, lessons or attempts.
Keys are stable and documented by `format_version`: programs that read the file may rely on them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.auth.models import RoleGrant, User
from app.certificates.models import Certificate
from app.courses.models import CheckAnswer, Enrolment, LessonProgress, Reflection
from app.extensions import db
from app.orgs.models import Organisation, memberships
from app.quiz.models import QuizAttempt

FORMAT_VERSION = 1

# One column of the file: its key, and how to read its value from a stored record.
Column = tuple[str, Callable[[Any], Any]]


def stored(key: str, attribute: str | None = None) -> Column:
    """A value written as stored."""
    return key, attrgetter(attribute or key)


def timestamp(key: str, attribute: str | None = None) -> Column:
    """A date and time, written in ISO 8601 UTC (see `iso`)."""
    read = attrgetter(attribute or key)
    return key, lambda record: iso(read(record))


def nested(key: str, columns: tuple[Column, ...], attribute: str | None = None) -> Column:
    """A list of related records (an attempt's answers), each with its own columns."""
    read = attrgetter(attribute or key)
    return key, lambda record: _rows(read(record), columns)


def _row(record, columns: tuple[Column, ...]) -> dict:
    return {key: read(record) for key, read in columns}


def _rows(records, columns: tuple[Column, ...]) -> list[dict]:
    return [_row(record, columns) for record in records]


@dataclass(frozen=True)
class Section:
    """One list in the file: a person's records of one model, in a stable order, and their columns."""

    model: type
    order_by: tuple
    columns: tuple[Column, ...]
    options: tuple = ()

    def rows(self, user_id: int) -> list[dict]:
        records = db.session.scalars(
            select(self.model).options(*self.options).where(self.model.user_id == user_id).order_by(*self.order_by)
        )
        return _rows(records, self.columns)


# The password is left out on purpose: only a one-way hash of it is stored.
PROFILE_COLUMNS = (
    stored("email"),
    stored("display_name"),
    stored("locale"),
    stored("country"),
    stored("sector"),
    stored("subsector"),
    stored("level"),
    timestamp("created_at"),
    timestamp("last_login_at"),
)
# Everyone is a learner; these are the roles granted on top, with their scope.
ROLE_COLUMNS = (
    stored("role"),
    ("organisation", lambda grant: grant.organisation.name if grant.organisation else None),
    stored("country"),
    timestamp("granted_at", "created_at"),
)
ANSWER_COLUMNS = (stored("question_id"), stored("response"), stored("score"), timestamp("answered_at"))
# A certificate's history: issued, reissued with a corrected name, revoked. Earlier names are the
# person's data too. Who made a change is another person's data and is left out.
HISTORY_COLUMNS = (stored("action"), stored("holder_name"), stored("reason"), timestamp("at"))

# The sections of the document after "profile", in file order.
SECTION_TABLE = {
    "enrolments": Section(
        Enrolment,
        order_by=(Enrolment.course_id,),
        columns=(
            stored("course_id"),
            timestamp("started_at"),
            timestamp("last_activity_at"),
            stored("last_lesson_id"),
            stored("progress_percent"),
            stored("best_score"),
            stored("attempts_count"),
            timestamp("completed_at"),
            stored("completed_version_hash"),
            timestamp("content_note_acknowledged_at"),
        ),
    ),
    "lesson_progress": Section(
        LessonProgress,
        order_by=(LessonProgress.course_id, LessonProgress.started_at, LessonProgress.lesson_id),
        columns=(
            stored("course_id"),
            stored("lesson_id"),
            stored("version_hash"),
            timestamp("started_at"),
            timestamp("completed_at"),
        ),
    ),
    "check_answers": Section(
        CheckAnswer,
        order_by=(CheckAnswer.course_id, CheckAnswer.lesson_id, CheckAnswer.check_id),
        columns=(
            stored("course_id"),
            stored("lesson_id"),
            stored("check_id"),
            stored("response"),
            stored("correct"),
            timestamp("answered_at"),
        ),
    ),
    "reflections": Section(
        Reflection,
        order_by=(Reflection.course_id, Reflection.lesson_id, Reflection.reflection_id),
        columns=(
            stored("course_id"),
            stored("lesson_id"),
            stored("reflection_id"),
            stored("text"),
            timestamp("updated_at"),
        ),
    ),
    "quiz_attempts": Section(
        QuizAttempt,
        order_by=(QuizAttempt.course_id, QuizAttempt.number),
        # selectinload: the answers of every attempt in one more query, not one per attempt.
        options=(selectinload(QuizAttempt.answers),),
        columns=(
            stored("course_id"),
            stored("number"),
            stored("version_hash"),
            timestamp("started_at"),
            timestamp("submitted_at"),
            stored("score"),
            stored("passed"),
            stored("question_ids"),
            nested("answers", ANSWER_COLUMNS),
        ),
    ),
    "certificates": Section(
        Certificate,
        order_by=(Certificate.issued_at, Certificate.id),
        options=(selectinload(Certificate.revisions),),
        columns=(
            stored("code"),
            stored("course_id"),
            stored("version_hash"),
            stored("holder_name"),
            stored("organisation_name"),
            stored("sector"),
            stored("learning_minutes"),
            stored("score"),
            timestamp("completed_at"),
            timestamp("issued_at"),
            timestamp("revoked_at"),
            stored("revoked_reason"),
            nested("history", HISTORY_COLUMNS, "revisions"),
        ),
    ),
}
# The page counts the rows of each.
SECTIONS = tuple(SECTION_TABLE)


def learner_data(user: User, now: datetime | None = None) -> dict:
    """Everything stored about `user` as a learner, ready for `as_json`."""
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": iso(now or datetime.now(UTC)),
        "profile": _profile(user),
        **{name: section.rows(user.id) for name, section in SECTION_TABLE.items()},
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
    return {**_row(user, PROFILE_COLUMNS), "organisations": list(organisations), "roles": _rows(grants, ROLE_COLUMNS)}
