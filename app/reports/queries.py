"""The learner report: one row per in-scope learner and selected course, started or not.

Rows are every learner the scope and learner filters allow times every selected course (a
cross join), joined to the enrolment and valid certificate if any; the status and date
filters then apply to the enrolment. The screen's page and both downloads are built from
`_report_from` and `_report_where`; the totals and the dashboard count the same rows with
aggregates over the same conditions (app/reports/dashboard.py), and
tests/reports/test_report_dashboard.py checks that all of them agree for many filters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, case, false, func, literal, select, text, true

from app.auth.models import User
from app.certificates.models import Certificate
from app.certificates.services import CODE_LENGTH
from app.courses.models import Course, Enrolment
from app.extensions import db
from app.orgs.models import Organisation, memberships
from app.reports.filters import ReportFilters
from app.reports.scope import Scope, learners_condition, organisations_condition
from app.reports.sql import decimal_text, iso_utc, joined_names

PAGE_SIZE = 50


def learner_id_conditions(scope: Scope, filters: ReportFilters, user_id) -> list:
    """Who is counted, as conditions on a column holding a user id: the scope and the organisation filter."""
    conditions = [learners_condition(scope, user_id)]
    if filters.organisation_id is not None:
        members = select(memberships.c.user_id).where(memberships.c.organisation_id == filters.organisation_id)
        conditions.append(user_id.in_(members))
    return conditions


def profile_conditions(filters: ReportFilters) -> list:
    """The filters about the person's profile: they need the users table."""
    pairs = ((User.country, filters.country), (User.sector, filters.sector), (User.level, filters.level))
    return [column == value for column, value in pairs if value is not None]


def learner_conditions(scope: Scope, filters: ReportFilters) -> list:
    """Who is counted, for a query that has the users table: the scope, then the filters about the person."""
    return [*learner_id_conditions(scope, filters, User.id), *profile_conditions(filters)]


def only_learners(query: Select, user_id, scope: Scope, filters: ReportFilters) -> Select:
    """Restrict a query on a table with a user id column, joining users only if a profile filter needs it."""
    query = query.where(*learner_id_conditions(scope, filters, user_id))
    profile = profile_conditions(filters)
    return query.join(User, User.id == user_id).where(*profile) if profile else query


def enrolment_conditions(filters: ReportFilters, enrolment=Enrolment) -> list:
    """Which started learner-course pairs count: status and first-opened dates (never 'not started')."""
    conditions = []
    if filters.status == "completed":
        conditions.append(enrolment.completed_at.is_not(None))
    elif filters.status == "in_progress":
        conditions.append(enrolment.completed_at.is_(None))
    if filters.started_after_utc is not None:
        conditions.append(enrolment.started_at >= filters.started_after_utc)
    if filters.started_before_utc is not None:
        conditions.append(enrolment.started_at < filters.started_before_utc)
    return conditions


def organisation_names(scope: Scope):
    """Per user, the names of their organisations that the viewer may see, sorted, joined with '; '."""
    pairs = (
        select(memberships.c.user_id, Organisation.name)
        .join(Organisation, Organisation.id == memberships.c.organisation_id)
        .where(organisations_condition(scope))
        .order_by(memberships.c.user_id, Organisation.name)
        .subquery()
    )
    return select(pairs.c.user_id, joined_names(pairs.c.name).label("names")).group_by(pairs.c.user_id).subquery("orgs")


def _report_from(scope: Scope, columns) -> Select:
    valid_certificate = and_(
        Certificate.user_id == User.id, Certificate.course_id == Course.id, Certificate.revoked_at.is_(None)
    )
    started = and_(Enrolment.user_id == User.id, Enrolment.course_id == Course.id)
    return (
        select(*columns)
        .select_from(User)
        .join(Course, true())
        .outerjoin(Enrolment, started)
        .outerjoin(Certificate, valid_certificate)
    )


def row_conditions(filters: ReportFilters, enrolment=Enrolment) -> list:
    """Which learner-course pairs are rows, given the (outer-joined) enrolment: status and dates."""
    if filters.status == "not_started":
        # A course never opened has no first-opened date: a date range leaves no such rows.
        return [enrolment.id.is_(None), *([false()] if filters.has_dates else [])]
    conditions = enrolment_conditions(filters, enrolment)
    if filters.status is not None or filters.has_dates:
        conditions.append(enrolment.id.is_not(None))
    return conditions


def _report_where(query: Select, scope: Scope, filters: ReportFilters) -> Select:
    return query.where(*learner_conditions(scope, filters), Course.id.in_(filters.course_ids), *row_conditions(filters))


def report_rows(scope: Scope, filters: ReportFilters) -> Select:
    """The report's rows in a stable order: by learner id, then course id."""
    orgs = organisation_names(scope)
    columns = (
        User.id.label("learner_id"),
        User.display_name,
        User.email,
        orgs.c.names,
        User.country,
        User.sector,
        User.level,
        User.locale,
        Course.id.label("course_id"),
        Enrolment.started_at,
        Enrolment.completed_at,
        Enrolment.progress_percent,
        Enrolment.best_score,
        Enrolment.attempts_count,
        Certificate.code,
        Enrolment.completed_version_hash,
    )
    query = _report_from(scope, columns).outerjoin(orgs, orgs.c.user_id == User.id)
    return _report_where(query, scope, filters)


def export_rows(scope: Scope, filters: ReportFilters, course_titles: dict[str, str]) -> Select:
    """What the CSV and XLSX exports stream: every cell final, in KEYS order, by learner id then course id.

    The database formats dates and decimals, works out the status and neutralises text that a
    spreadsheet would run as a formula, so the app writes rows out as they come.
    """
    orgs = organisation_names(scope)
    status = case(
        (Enrolment.completed_at.is_not(None), "completed"),
        (Enrolment.id.is_not(None), "in_progress"),
        else_="not_started",
    )
    title = case(course_titles, value=Course.id, else_=Course.id) if course_titles else Course.id
    columns = (
        User.id,
        neutralised(User.display_name),
        neutralised(User.email),
        neutralised(orgs.c.names),
        User.country,
        User.sector,
        User.level,
        User.locale,
        Course.id,
        neutralised(title),
        status,
        func.coalesce(Enrolment.progress_percent, 0),
        decimal_text(Enrolment.best_score),
        func.coalesce(Enrolment.attempts_count, 0),
        iso_utc(Enrolment.started_at),
        iso_utc(Enrolment.completed_at),
        grouped_code(Certificate.code),
        Enrolment.completed_version_hash,
    )
    query = _report_from(scope, columns).outerjoin(orgs, orgs.c.user_id == User.id)
    return _report_where(query, scope, filters).order_by(User.id, Course.id)


# A spreadsheet runs a cell starting with one of these as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text):
    """Text prefixed with a single quote when a spreadsheet would run it as a formula."""
    return case((func.substr(text, 1, 1).in_(FORMULA_STARTS), literal("'") + text), else_=text)


def grouped_code(code):
    """A certificate code as printed, in groups of four joined by hyphens (see certificates.services)."""
    groups = [func.substr(code, start + 1, 4) for start in range(0, CODE_LENGTH, 4)]
    result = groups[0]
    for group in groups[1:]:
        result = result + "-" + group
    return result


def report_page(scope: Scope, filters: ReportFilters, page: int) -> list:
    """One screen of the report, by name then course."""
    query = report_rows(scope, filters).order_by(func.lower(User.display_name), User.id, Course.id)
    return db.session.execute(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()


@dataclass(frozen=True)
class ReportTotals:
    """How many rows the report has, by status, and how many carry a valid certificate."""

    rows: int
    not_started: int
    in_progress: int
    completed: int
    certified: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.rows // PAGE_SIZE))


def tune_session_for_reports() -> None:
    """Settings for this transaction's report queries."""
    if db.session.get_bind().dialect.name == "postgresql":
        # They scan many rows once: compiling them to machine code (JIT) costs more than it saves.
        db.session.execute(text("SET LOCAL jit = off"))
        # Exports read every row through a cursor: plan for all of them, not for the first 10%.
        db.session.execute(text("SET LOCAL cursor_tuple_fraction = 1.0"))


def row_status(started_at: datetime | None, completed_at: datetime | None) -> str:
    if completed_at is not None:
        return "completed"
    return "in_progress" if started_at is not None else "not_started"
