"""The dashboard's numbers: per course, per group (organisation, country, sector, level), per month.

A fixed set of aggregate queries whatever the number of learners (a test counts them);
the database groups, Python only adds up the few hundred groups that come back. Every
count describes the same rows as the learner report (app/reports/queries.py), so the
dashboard, the report's totals and the exports agree:

- learners: people in scope matching the filters about the person;
- not started / in progress / completed: learner-course rows by status;
- certified: rows with a valid (not revoked) certificate;
- pass rate: of the rows whose learner has a graded final-assessment attempt, the share whose
  best score reaches the course's pass mark (the rule completion itself applies);
- median days to complete: calendar days (UTC) from first opening to completion. The
  database counts completions per course, month and number of days (one query serves the
  months chart and the medians); `median` then takes the middle of those counts, which is
  percentile_cont(0.5) over whole days, the same on SQLite and PostgreSQL, and spares
  PostgreSQL a sort of every completion.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from sqlalchemy import case, false, func, select

from app.auth.models import User
from app.certificates.models import Certificate
from app.courses.models import Enrolment
from app.extensions import db
from app.orgs.models import Organisation, memberships
from app.reports.catalogue import CourseInfo
from app.reports.filters import ReportFilters
from app.reports.queries import (
    ReportTotals,
    enrolment_conditions,
    learner_conditions,
    only_learners,
    row_conditions,
    tune_session_for_reports,
)
from app.reports.scope import Scope, organisations_condition, organisations_query
from app.reports.sql import calendar_days, month_key, month_start


@dataclass
class Tally:
    """Counts for one course or one group; `learners` is people, the rest learner-course rows."""

    learners: int = 0
    started: int = 0
    completed: int = 0
    certified: int = 0
    scored: int = 0
    score_sum: float = 0.0
    took_quiz: int = 0
    passed_quiz: int = 0
    days: Counter = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        for name in ("learners", "started", "completed", "certified", "scored", "took_quiz", "passed_quiz"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.score_sum += other.score_sum
        self.days.update(other.days)


@dataclass(frozen=True)
class Row:
    """One line of a dashboard table, as shown."""

    key: str | None
    learners: int
    not_started: int
    in_progress: int
    completed: int
    certified: int
    pass_rate: float | None
    average_score: float | None
    median_days: float | None
    quiz_takers: int = 0
    quiz_passed: int = 0
    scored: int = 0

    @property
    def rows(self) -> int:
        return self.not_started + self.in_progress + self.completed

    @property
    def started(self) -> int:
        return self.in_progress + self.completed

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.rows if self.rows else None


@dataclass(frozen=True)
class Dashboard:
    courses: list[tuple[CourseInfo, Row]]
    total: Row
    by_organisation: list[tuple[Organisation | None, Row]]
    by_country: list[Row]
    by_sector: list[Row]
    by_level: list[Row]
    by_month: list[tuple[str, int]]


def build_dashboard(scope: Scope, filters: ReportFilters, courses: list[CourseInfo]) -> Dashboard:
    selected = [c for c in courses if c.id in filters.course_ids]
    tune_session_for_reports()
    people = _people_by_profile(scope, filters)
    progress = _progress_by_course_and_profile(scope, filters, selected)
    certified = _certified_by_course(scope, filters)
    completions = _completions_by_course_month_and_days(scope, filters)

    learners = sum(people.values())
    per_course = {c.id: Tally(learners=learners) for c in selected}
    for (course_id, *_profile), tally in progress.items():
        per_course[course_id].add(tally)
    for course_id, count in certified.items():
        per_course[course_id].certified += count
    for (course_id, _month, days), count in completions.items():
        per_course[course_id].days[days] += count

    total = Tally()
    for tally in per_course.values():
        total.add(tally)
    total.learners = learners
    n = len(selected)
    organisations = {o.id: o for o in db.session.scalars(organisations_query(scope))}
    if len(organisations) == 1 and not scope.everyone:
        # A coordinator of one organisation: its people are exactly the people in scope.
        by_organisation = {next(iter(organisations)): total}
    else:
        by_organisation = _by_organisation(scope, filters)
    return Dashboard(
        courses=[(c, _row(c.id, per_course[c.id], 1, filters)) for c in selected],
        total=_row(None, total, n, filters),
        by_organisation=[
            (organisations.get(org_id), _row(str(org_id), tally, n, filters))
            for org_id, tally in by_organisation.items()
        ],
        by_country=_grouped(people, progress, 0, n, filters),
        by_sector=_grouped(people, progress, 1, n, filters),
        by_level=_grouped(people, progress, 2, n, filters),
        by_month=_months(completions),
    )


def _row(key, tally: Tally, courses: int, filters: ReportFilters) -> Row:
    # Every learner-course pair that was never opened is a 'not started' row. When only those
    # are asked for, the opened ones were still counted (see _progress_conditions), then dropped.
    not_started = tally.learners * courses - tally.started if filters.includes("not_started") else 0
    if filters.status == "not_started":
        tally = Tally(learners=tally.learners)
    in_progress = tally.started - tally.completed
    return Row(
        key=key,
        learners=tally.learners,
        not_started=max(not_started, 0),
        in_progress=in_progress,
        completed=tally.completed,
        certified=tally.certified,
        pass_rate=tally.passed_quiz / tally.took_quiz if tally.took_quiz else None,
        average_score=tally.score_sum / tally.scored if tally.scored else None,
        median_days=median(tally.days),
        quiz_takers=tally.took_quiz,
        quiz_passed=tally.passed_quiz,
        scored=tally.scored,
    )


def median(histogram: Counter) -> float | None:
    """The median of values given as {value: how many}, halfway between the middle two if even."""
    size = sum(histogram.values())
    if not size:
        return None
    wanted = [(size - 1) // 2, size // 2]  # 0-based positions of the middle value(s)
    found, seen = [], 0
    for value in sorted(histogram):
        seen += histogram[value]
        while wanted and wanted[0] < seen:
            found.append(value)
            wanted.pop(0)
    return (found[0] + found[1]) / 2


def _grouped(people: dict, progress: dict, position: int, courses: int, filters: ReportFilters) -> list[Row]:
    """One profile field's groups: learners, and the started and completed rows (what group tables show)."""
    tallies: dict = defaultdict(Tally)
    for profile, count in people.items():
        tallies[profile[position]].learners += count
    for (_course, *profile), tally in progress.items():
        group = tallies[profile[position]]
        group.started += tally.started
        group.completed += tally.completed
    return [_row(key, tally, courses, filters) for key, tally in tallies.items()]


def _months(completions: dict) -> list[tuple[str, int]]:
    per_month: Counter = Counter()
    for (_course, month, _days), count in completions.items():
        per_month[month] += count
    if not per_month:
        return []
    months = _month_range(min(per_month), max(per_month))
    return [(month, per_month.get(month, 0)) for month in months]


def _month_range(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


# --- the queries -----------------------------------------------------------------------------

PROFILE = (User.country, User.sector, User.level)


def _people_by_profile(scope: Scope, filters: ReportFilters) -> dict[tuple, int]:
    query = select(*PROFILE, func.count()).where(*learner_conditions(scope, filters)).group_by(*PROFILE)
    return {tuple(row[:3]): row[3] for row in db.session.execute(query)}


def _progress_conditions(filters: ReportFilters) -> list:
    """Conditions on opened rows; 'not started' is counted as learners minus every opened row."""
    if filters.status == "not_started":
        return enrolment_conditions(replace(filters, status=None))
    return enrolment_conditions(filters)


def _progress_columns(courses: list[CourseInfo]):
    # Counted for every course, kept only for courses with a final assessment (`_progress_by_...`):
    # a condition on the course in every row would cost more than the count.
    pass_marks = {c.id: c.pass_mark for c in courses if c.pass_mark is not None}
    took = Enrolment.attempts_count > 0
    # A course without a pass mark gives NULL, which is never reached.
    passed = Enrolment.best_score >= case(pass_marks, value=Enrolment.course_id) if pass_marks else false()
    return (
        func.count(),
        func.count(Enrolment.completed_at),
        func.count(Enrolment.best_score),
        func.coalesce(func.sum(Enrolment.best_score), 0.0),
        func.count(case((took, 1))),
        func.count(case((passed, 1))),
    )


def _progress_by_course_and_profile(scope: Scope, filters: ReportFilters, courses: list[CourseInfo]) -> dict:
    query = (
        select(Enrolment.course_id, *PROFILE, *_progress_columns(courses))
        .join(User, User.id == Enrolment.user_id)
        .where(
            *learner_conditions(scope, filters),
            *filters.course_condition(Enrolment.course_id),
            *_progress_conditions(filters),
        )
        .group_by(Enrolment.course_id, *PROFILE)
    )
    quizzes = {c.id for c in courses if c.pass_mark is not None}
    tallies = {}
    for course_id, country, sector, level, started, completed, scored, score_sum, took, passed in db.session.execute(
        query
    ):
        if course_id not in quizzes:
            took = passed = 0
        tallies[(course_id, country, sector, level)] = Tally(
            started=started,
            completed=completed,
            scored=scored,
            score_sum=float(score_sum),
            took_quiz=took,
            passed_quiz=passed,
        )
    return tallies


def _certified_by_course(scope: Scope, filters: ReportFilters) -> dict[str, int]:
    started = (Enrolment.user_id == Certificate.user_id) & (Enrolment.course_id == Certificate.course_id)
    query = select(Certificate.course_id, func.count()).where(
        *filters.course_condition(Certificate.course_id), Certificate.revoked_at.is_(None)
    )
    conditions = row_conditions(filters)
    if conditions:  # status or dates: they are about the enrolment the certificate belongs to
        query = query.outerjoin(Enrolment, started).where(*conditions)
    query = only_learners(query, Certificate.user_id, scope, filters)
    return dict(db.session.execute(query.group_by(Certificate.course_id)).all())


def _completions_by_course_month_and_days(scope: Scope, filters: ReportFilters) -> dict[tuple, int]:
    """Completed rows by course, month of completion and calendar days taken: the months chart and medians."""
    month = month_start(Enrolment.completed_at)
    days = calendar_days(Enrolment.started_at, Enrolment.completed_at)
    query = select(Enrolment.course_id, month, days, func.count()).where(
        *filters.course_condition(Enrolment.course_id), Enrolment.completed_at.is_not(None), *row_conditions(filters)
    )
    query = only_learners(query, Enrolment.user_id, scope, filters).group_by(Enrolment.course_id, month, days)
    months: dict = {}  # thousands of rows, a few dozen months: convert each month once
    return {
        (course_id, months.get(m) or months.setdefault(m, month_key(m)), int(d)): count
        for course_id, m, d, count in db.session.execute(query)
    }


def _by_organisation(scope: Scope, filters: ReportFilters) -> dict[int, Tally]:
    """Per organisation in scope, its learners and their progress (a person in two counts in both).

    Being a member of an organisation in scope is what puts a person in scope, so the
    membership rows themselves select the people; users are joined only for profile filters.
    """
    org = memberships.c.organisation_id
    # Administrators: every membership counts, and the condition would cost a lookup per row.
    in_scope = [] if scope.everyone else [org.in_(select(Organisation.id).where(organisations_condition(scope)))]
    members_of_scope = Scope(everyone=True)  # the membership row already puts its person in scope
    people_query = only_learners(
        select(org, func.count()).where(*in_scope), memberships.c.user_id, members_of_scope, filters
    ).group_by(org)
    progress_query = only_learners(
        select(org, func.count(), func.count(Enrolment.completed_at))
        .select_from(Enrolment)
        .join(memberships, memberships.c.user_id == Enrolment.user_id)
        .where(*in_scope, *filters.course_condition(Enrolment.course_id), *_progress_conditions(filters)),
        Enrolment.user_id,
        members_of_scope,
        filters,
    ).group_by(org)
    tallies = {org_id: Tally(learners=count) for org_id, count in db.session.execute(people_query)}
    for org_id, started, completed in db.session.execute(progress_query):
        tallies.setdefault(org_id, Tally()).add(Tally(started=started, completed=completed))
    return tallies


def report_totals(scope: Scope, filters: ReportFilters) -> ReportTotals:
    """The learner report's totals, counted like the dashboard's (three small queries, not a
    count of every row of the report: at 100,000 learners x 10 courses that takes seconds)."""
    tune_session_for_reports()
    learners = db.session.scalar(select(func.count()).select_from(User).where(*learner_conditions(scope, filters)))
    started, completed = db.session.execute(
        only_learners(
            select(func.count(), func.count(Enrolment.completed_at)).where(
                *filters.course_condition(Enrolment.course_id), *_progress_conditions(filters)
            ),
            Enrolment.user_id,
            scope,
            filters,
        )
    ).one()
    certified = sum(_certified_by_course(scope, filters).values())
    tally = Tally(learners=learners, started=started, completed=completed, certified=certified)
    row = _row(None, tally, len(filters.course_ids), filters)
    return ReportTotals(row.rows, row.not_started, row.in_progress, row.completed, row.certified)
