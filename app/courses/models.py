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
