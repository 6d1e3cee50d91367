"""Published courses: every version kept, rendered HTML per locale, media stored with them.

Learner records refer to courses and lessons by their stable string ids plus the version's
content hash, so republishing or retiring never orphans them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import utcnow
from app.extensions import db


class Course(db.Model):
    """A course id from content/courses/<id>/ and which of its versions is served."""

    __tablename__ = "courses"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The served version, by its natural key (course_id, content_hash): no FK cycle with versions.
    current_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None]

    versions: Mapped[list[CourseVersion]] = relationship(back_populates="course", order_by="CourseVersion.id")


class CourseVersion(db.Model):
    """One published state of a course, identified by the hash of its files."""

    __tablename__ = "course_versions"
    __table_args__ = (UniqueConstraint("course_id", "content_hash", name="uq_course_versions_course_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    source_locale: Mapped[str] = mapped_column(String(16))
    locales: Mapped[list] = mapped_column(JSON)
    # Settings, course page per locale, lesson outline, quiz definitions, media list.
    manifest: Mapped[dict] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)

    course: Mapped[Course] = relationship(back_populates="versions")


class LessonPage(db.Model):
    """A lesson of a version rendered in one locale."""

    __tablename__ = "lesson_pages"

    version_id: Mapped[int] = mapped_column(ForeignKey("course_versions.id"), primary_key=True)
    lesson_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    locale: Mapped[str] = mapped_column(String(16), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    html: Mapped[str] = mapped_column(Text)
    # Knowledge checks, reflections, headings, content warning, staleness.
    extras: Mapped[dict] = mapped_column(JSON)


class MediaBlob(db.Model):
    """Media bytes, stored once whatever the number of versions that use them."""

    __tablename__ = "media_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class CourseMedia(db.Model):
    """A media file of a version, by its path relative to the course folder."""

    __tablename__ = "course_media"

    version_id: Mapped[int] = mapped_column(ForeignKey("course_versions.id"), primary_key=True)
    path: Mapped[str] = mapped_column(String(300), primary_key=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("media_blobs.sha256"))


# --- learners' records ------------------------------------------------------------------
# Keyed by the stable string ids of the content (course id, lesson id, check id), never by
# a version row, so that republishing or retiring a course never orphans them.


class Enrolment(db.Model):
    """One learner on one course: the row the dashboard, the course page and reports read.

    Created when the learner first opens the course. `completed_at` is set in the request
    that completes the course (last required lesson, or the passing quiz attempt).
    """

    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("user_id", "course_id", name="uq_enrolments_user_course"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)
    # "Continue where you left off": the lesson the learner last opened.
    last_lesson_id: Mapped[str | None] = mapped_column(String(64))
    content_note_acknowledged_at: Mapped[datetime | None]
    # Percent of required lessons completed, kept up to date for the dashboard and reports.
    progress_percent: Mapped[int] = mapped_column(default=0)
    # Best quiz score in percent (None until a graded attempt), and how many were graded.
    best_score: Mapped[float | None]
    attempts_count: Mapped[int] = mapped_column(default=0)
    completed_at: Mapped[datetime | None] = mapped_column(index=True)
    completed_version_hash: Mapped[str | None] = mapped_column(String(64))


class LessonProgress(db.Model):
    """When a learner started and completed a lesson, and on which version."""

    __tablename__ = "lesson_progress"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id"), primary_key=True)
    lesson_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version_hash: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]


class CheckAnswer(db.Model):
    """The learner's latest answer to a knowledge check (ungraded; kept so the page shows it)."""

    __tablename__ = "check_answers"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id"), primary_key=True)
    lesson_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    check_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    response: Mapped[list] = mapped_column(JSON)
    correct: Mapped[bool]
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class Reflection(db.Model):
    """A learner's private answer to a reflection prompt: only they ever see it."""

    __tablename__ = "reflections"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id"), primary_key=True)
    lesson_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    reflection_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
