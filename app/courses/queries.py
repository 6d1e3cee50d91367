"""What the learner's pages show, read in a bounded number of queries whatever the number of
courses, lessons or other learners (manifests come from the per-process cache)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from app.certificates.models import Certificate
from app.courses import catalogue as matching
from app.courses import completion
from app.courses.localised import Localised, course_metadata, course_title
from app.courses.models import Enrolment, LessonProgress
from app.courses.outline import (
    OutlineEntry,
    continue_lesson,
    outline,
    percent_complete,
    remaining_required,
    total_minutes,
)
from app.courses.published import PublishedCourse, published_courses
from app.extensions import db

# The course that helps with what this material may stir up; linked from content notes.
SUPPORT_COURSE_ID = "looking-after-yourself"


@dataclass
class LearnerRecord:
    """One learner on one course: the enrolment's fields and which lessons they started and completed."""

    started_at: datetime | None = None
    last_activity_at: datetime | None = None
    last_lesson_id: str | None = None
    note_acknowledged: bool = False
    completed_at: datetime | None = None
    started_lessons: set[str] = field(default_factory=set)
    completed_lessons: set[str] = field(default_factory=set)

    @property
    def enrolled(self) -> bool:
        return self.started_at is not None


def learner_records(user_id: int, course_ids: list[str] | None = None) -> dict[str, LearnerRecord]:
    """The learner's enrolments and lesson progress, by course id, in two queries."""
    enrolments = select(
        Enrolment.course_id,
        Enrolment.started_at,
        Enrolment.last_activity_at,
        Enrolment.last_lesson_id,
        Enrolment.content_note_acknowledged_at,
        Enrolment.completed_at,
    ).where(Enrolment.user_id == user_id)
    progress = select(LessonProgress.course_id, LessonProgress.lesson_id, LessonProgress.completed_at).where(
        LessonProgress.user_id == user_id
    )
    if course_ids is not None:
        enrolments = enrolments.where(Enrolment.course_id.in_(course_ids))
        progress = progress.where(LessonProgress.course_id.in_(course_ids))
    records: dict[str, LearnerRecord] = defaultdict(LearnerRecord)
    for course_id, started, active, last_lesson, acknowledged, completed in db.session.execute(enrolments):
        records[course_id] = LearnerRecord(started, active, last_lesson, acknowledged is not None, completed)
    for course_id, lesson_id, completed_at in db.session.execute(progress):
        record = records[course_id]
        record.started_lessons.add(lesson_id)
        if completed_at is not None:
            record.completed_lessons.add(lesson_id)
    return dict(records)


@dataclass(frozen=True)
class CertificateInfo:
    code: str
    issued_at: datetime
    revoked: bool


def certificates(user_id: int, course_ids: list[str] | None = None) -> dict[str, CertificateInfo]:
    query = select(Certificate.course_id, Certificate.code, Certificate.issued_at, Certificate.revoked_at).where(
        Certificate.user_id == user_id
    )
    if course_ids is not None:
        query = query.where(Certificate.course_id.in_(course_ids))
    return {
        course_id: CertificateInfo(code, issued, revoked is not None)
        for course_id, code, issued, revoked in db.session.execute(query)
    }


# --- the catalogue -------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseCard:
    id: str
    title: Localised
    summary: Localised
    minutes: int | None
    locales: tuple[str, ...]
    percent: int | None  # None: not started
    completed: bool
    recommended: bool


@dataclass(frozen=True)
class Profile:
    sector: str | None
    subsector: str | None
    level: str | None

    @property
    def empty(self) -> bool:
        return not (self.sector or self.subsector or self.level)


def catalogue(
    user_id: int,
    profile: Profile,
    wanted: str,
    parent_of,
    *,
    sector: str | None = None,
    level: str | None = None,
    query: str = "",
) -> list[CourseCard]:
    """Published, current courses that pass the filters: recommended ones first, then by title."""
    records = learner_records(user_id)
    cards = []
    for course in published_courses().values():
        settings = course.settings
        if not matching.matches_filter(settings, sector, level, parent_of):
            continue
        metadata, locale = course_metadata(course.manifest, wanted, course.source_locale)
        if query and not matching.matches_query(query, [metadata["title"], metadata["summary"]]):
            continue
        record = records.get(course.id)
        cards.append(
            CourseCard(
                course.id,
                Localised(metadata["title"], locale),
                Localised(metadata["summary"], locale),
                total_minutes(course.manifest),
                course.languages,
                percent_complete(course.manifest, record.completed_lessons) if record and record.enrolled else None,
                bool(record and record.completed_at),
                matching.recommended(settings, profile.sector, profile.subsector, profile.level, parent_of),
            )
        )
    return sorted(cards, key=lambda card: (not card.recommended, matching.fold(card.title.text)))


# --- the course page -----------------------------------------------------------------------


@dataclass(frozen=True)
class Prerequisite:
    id: str
    title: Localised | None  # None: not published
    completed: bool
    offered: bool  # published and not retired: can be taken now


@dataclass
class CoursePage:
    course: PublishedCourse
    metadata: dict
    locale: str  # of the course texts
    outline: list[OutlineEntry]
    record: LearnerRecord
    percent: int
    prerequisites: list[Prerequisite]
    certificate: CertificateInfo | None
    support_course: Localised | None
    continue_id: str | None

    @property
    def blocked_by_prerequisites(self) -> bool:
        """Starting waits for prerequisites that can be taken; someone already started carries on."""
        return not self.record.enrolled and any(p.offered and not p.completed for p in self.prerequisites)

    @property
    def content_note(self) -> str | None:
        return self.metadata.get("content_warning")

    @property
    def note_needed(self) -> bool:
        return bool(self.content_note) and not self.record.note_acknowledged

    @property
    def has_quiz(self) -> bool:
        return completion.has_quiz(self.course.manifest)

    @property
    def lessons_done(self) -> bool:
        return not remaining_required(self.course.manifest, self.record.completed_lessons)

    @property
    def awards_certificate(self) -> bool:
        return completion.awards_certificate(self.course.manifest)

    @property
    def reviewed(self) -> date | None:
        value = self.course.settings.get("reviewed")
        try:
            return date.fromisoformat(str(value)) if value else None
        except ValueError:
            return None

    @property
    def minutes(self) -> int | None:
        return total_minutes(self.course.manifest)

    @property
    def optional_count(self) -> int:
        return sum(1 for entry in self.outline if entry.optional)


def course_page(course: PublishedCourse, user_id: int, wanted: str) -> CoursePage:
    prerequisite_ids = list(course.settings.get("prerequisites") or [])
    records = learner_records(user_id, [course.id, *prerequisite_ids])
    record = records.get(course.id) or LearnerRecord()
    others = published_courses([*prerequisite_ids, SUPPORT_COURSE_ID], include_retired=True)
    prerequisites = []
    for prerequisite_id in prerequisite_ids:
        other = others.get(prerequisite_id)
        prerequisites.append(
            Prerequisite(
                prerequisite_id,
                course_title(other.manifest, wanted, other.source_locale) if other else None,
                bool(records.get(prerequisite_id) and records[prerequisite_id].completed_at),
                bool(other and not other.retired),
            )
        )
    support = others.get(SUPPORT_COURSE_ID)
    metadata, locale = course_metadata(course.manifest, wanted, course.source_locale)
    return CoursePage(
        course,
        metadata,
        locale,
        outline(course.manifest, record.started_lessons, record.completed_lessons, wanted, course.source_locale),
        record,
        percent_complete(course.manifest, record.completed_lessons),
        prerequisites,
        certificates(user_id, [course.id]).get(course.id),
        course_title(support.manifest, wanted, support.source_locale)
        if support and not support.retired and support.id != course.id
        else None,
        continue_lesson(course.manifest, record.last_lesson_id, record.completed_lessons),
    )


def enrolment_record(enrolment: Enrolment | None) -> LearnerRecord:
    """The enrolment's fields alone, without the lessons (enough to know whether the learner
    started the course and read its content note)."""
    if enrolment is None:
        return LearnerRecord()
    return LearnerRecord(
        enrolment.started_at,
        enrolment.last_activity_at,
        enrolment.last_lesson_id,
        enrolment.content_note_acknowledged_at is not None,
        enrolment.completed_at,
    )


def learner_record(user_id: int, course_id: str) -> LearnerRecord:
    return learner_records(user_id, [course_id]).get(course_id) or LearnerRecord()


def may_start(course: PublishedCourse, record: LearnerRecord, user_id: int) -> bool:
    """False while offered prerequisites are not completed (only for someone not yet enrolled)."""
    prerequisite_ids = list(course.settings.get("prerequisites") or [])
    if record.enrolled or not prerequisite_ids:
        return True
    offered = published_courses(prerequisite_ids)
    done = learner_records(user_id, list(offered))
    return all(done.get(course_id) and done[course_id].completed_at for course_id in offered)


# --- the dashboard ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardEntry:
    course_id: str
    title: Localised
    percent: int
    started_at: datetime
    last_activity_at: datetime
    completed_at: datetime | None
    retired: bool
    continue_id: str | None  # the lesson "Continue" opens; None with lessons done
    lessons_done: bool
    has_quiz: bool
    certificate: CertificateInfo | None


def dashboard(user_id: int, wanted: str) -> list[DashboardEntry]:
    """Every course the learner started, the most recently active first."""
    records = {course_id: r for course_id, r in learner_records(user_id).items() if r.enrolled}
    courses = published_courses(list(records), include_retired=True)
    issued = certificates(user_id, list(records))
    entries = []
    for course_id, record in records.items():
        course = courses.get(course_id)
        if course is None:  # never published: nothing to show (cannot happen through the app)
            continue
        lessons_done = not remaining_required(course.manifest, record.completed_lessons)
        entries.append(
            DashboardEntry(
                course_id,
                course_title(course.manifest, wanted, course.source_locale),
                100 if record.completed_at else percent_complete(course.manifest, record.completed_lessons),
                record.started_at,
                record.last_activity_at,
                record.completed_at,
                course.retired,
                None
                if lessons_done
                else continue_lesson(course.manifest, record.last_lesson_id, record.completed_lessons),
                lessons_done,
                completion.has_quiz(course.manifest),
                issued.get(course_id),
            )
        )
    return sorted(entries, key=lambda entry: entry.last_activity_at, reverse=True)
