"""One learner's whole record: every course, every graded attempt, every certificate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, true

from app.auth.models import User
from app.certificates.models import Certificate
from app.certificates.services import format_code
from app.courses.models import Enrolment
from app.extensions import db
from app.orgs.models import Organisation, memberships
from app.quiz.models import QuizAttempt
from app.reports.catalogue import CourseInfo
from app.reports.queries import row_status
from app.reports.scope import Scope, learners_condition, organisations_condition


@dataclass(frozen=True)
class CourseLine:
    course: CourseInfo
    status: str
    progress_percent: int
    best_score: float | None
    attempts: int
    first_access: datetime | None
    last_activity: datetime | None
    completed_at: datetime | None


@dataclass(frozen=True)
class AttemptLine:
    course: CourseInfo
    number: int
    submitted_at: datetime
    score: float | None
    passed: bool | None


@dataclass(frozen=True)
class CertificateLine:
    course: CourseInfo
    code: str
    issued_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class Transcript:
    learner: User
    organisations: list[str]
    courses: list[CourseLine]
    attempts: list[AttemptLine]
    certificates: list[CertificateLine]


def learner_in_scope(scope: Scope, user_id: int) -> User | None:
    """The person if the scope covers them, else None (the view answers 404 either way)."""
    return db.session.scalar(select(User).where(User.id == user_id, learners_condition(scope)))


def build_transcript(learner: User, scope: Scope, catalogue: list[CourseInfo]) -> Transcript:
    known = {course.id: course for course in catalogue}

    def course(course_id: str) -> CourseInfo:
        return known.get(course_id) or CourseInfo(id=course_id, title=course_id, pass_mark=None, retired=True)

    enrolments = {e.course_id: e for e in db.session.scalars(select(Enrolment).where(Enrolment.user_id == learner.id))}
    course_ids = [c.id for c in catalogue] + sorted(set(enrolments) - set(known))
    courses = []
    for course_id in course_ids:
        e = enrolments.get(course_id)
        courses.append(
            CourseLine(
                course=course(course_id),
                status=row_status(e.started_at if e else None, e.completed_at if e else None),
                progress_percent=e.progress_percent if e else 0,
                best_score=e.best_score if e else None,
                attempts=e.attempts_count if e else 0,
                first_access=e.started_at if e else None,
                last_activity=e.last_activity_at if e else None,
                completed_at=e.completed_at if e else None,
            )
        )
    # Started courses first, in catalogue order; then the ones not started yet.
    courses.sort(key=lambda line: line.status == "not_started")
    attempts = [
        AttemptLine(course(a.course_id), a.number, a.submitted_at, a.score, a.passed)
        for a in db.session.scalars(
            select(QuizAttempt)
            .where(QuizAttempt.user_id == learner.id, QuizAttempt.submitted_at.is_not(None))
            .order_by(QuizAttempt.submitted_at, QuizAttempt.id)
        )
    ]
    certificates = [
        CertificateLine(course(c.course_id), format_code(c.code), c.issued_at, c.revoked_at)
        for c in db.session.scalars(
            select(Certificate).where(Certificate.user_id == learner.id).order_by(Certificate.issued_at)
        )
    ]
    # A person sees all their own organisations; a coordinator only the ones they coordinate.
    visible = true() if scope.only_user_id == learner.id else organisations_condition(scope)
    organisations = db.session.scalars(
        select(Organisation.name)
        .join(memberships, memberships.c.organisation_id == Organisation.id)
        .where(memberships.c.user_id == learner.id, visible)
        .order_by(Organisation.name)
    ).all()
    return Transcript(learner, list(organisations), courses, attempts, certificates)
