"""Published courses as pages read them: the served version of each course, its manifest cached.

A version is immutable (its content hash names it), so its manifest is cached per process
by (course id, content hash) and never invalidated. The cache holds plain dicts from the
JSON column, never ORM objects, so it is safe to share between requests and threads;
nothing may modify what it returns.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select

from app.courses.models import Course, CourseMedia, CourseVersion, LessonPage, MediaBlob
from app.extensions import db

MANIFEST_CACHE_SIZE = 512  # versions; a manifest is tens of kilobytes


class _ManifestCache:
    """A small thread-safe LRU of manifests by (course id, content hash)."""

    def __init__(self, size: int):
        self._size = size
        self._items: OrderedDict[tuple[str, str], dict] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> dict | None:
        with self._lock:
            manifest = self._items.get(key)
            if manifest is not None:
                self._items.move_to_end(key)
            return manifest

    def put(self, key: tuple[str, str], manifest: dict) -> None:
        with self._lock:
            self._items[key] = manifest
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_manifests = _ManifestCache(MANIFEST_CACHE_SIZE)


def clear_manifest_cache() -> None:
    """Forget every cached manifest (tests use it to measure a cold start)."""
    _manifests.clear()


@dataclass(frozen=True)
class PublishedCourse:
    """A course and its served version, for one request. `manifest` is shared: read only."""

    id: str
    version_id: int
    content_hash: str
    source_locale: str
    locales: tuple[str, ...]
    manifest: dict
    retired_at: datetime | None

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language the course has content in, its source language first."""
        return (self.source_locale, *(code for code in self.locales if code != self.source_locale))

    @property
    def settings(self) -> dict:
        return self.manifest["settings"]

    @property
    def lessons(self) -> list[dict]:
        return self.manifest["lessons"]

    def lesson(self, lesson_id: str) -> dict | None:
        return next((lesson for lesson in self.lessons if lesson["id"] == lesson_id), None)


def _served_versions():
    return select(
        Course.id,
        Course.retired_at,
        CourseVersion.id,
        CourseVersion.content_hash,
        CourseVersion.source_locale,
        CourseVersion.locales,
    ).join(CourseVersion, and_(CourseVersion.course_id == Course.id, CourseVersion.content_hash == Course.current_hash))


def _with_manifests(rows) -> list[PublishedCourse]:
    """Attach manifests, loading those not cached yet in one query."""
    missing = [row for row in rows if _manifests.get((row[0], row[3])) is None]
    if missing:
        loaded = db.session.execute(
            select(CourseVersion.id, CourseVersion.manifest).where(CourseVersion.id.in_([row[2] for row in missing]))
        )
        by_id = dict(loaded.all())
        for row in missing:
            _manifests.put((row[0], row[3]), by_id[row[2]])
    courses = []
    for course_id, retired_at, version_id, content_hash, source_locale, locales in rows:
        manifest = _manifests.get((course_id, content_hash))
        if manifest is None:  # evicted between the two steps by another thread: load it alone
            manifest = db.session.scalar(select(CourseVersion.manifest).where(CourseVersion.id == version_id))
            _manifests.put((course_id, content_hash), manifest)
        courses.append(
            PublishedCourse(course_id, version_id, content_hash, source_locale, tuple(locales), manifest, retired_at)
        )
    return courses


def published_course(course_id: str) -> PublishedCourse | None:
    """The course with its served version, retired or not; None if it was never published."""
    rows = db.session.execute(_served_versions().where(Course.id == course_id)).all()
    courses = _with_manifests(rows)
    return courses[0] if courses else None


def published_courses(
    course_ids: list[str] | None = None, *, include_retired: bool = False
) -> dict[str, PublishedCourse]:
    """Served versions of every course (or of the given ones), by course id."""
    query = _served_versions()
    if course_ids is not None:
        if not course_ids:
            return {}
        query = query.where(Course.id.in_(course_ids))
    if not include_retired:
        query = query.where(Course.retired_at.is_(None))
    return {course.id: course for course in _with_manifests(db.session.execute(query).all())}


@dataclass(frozen=True)
class ShownLessonPage:
    """A rendered lesson page in one locale, as plain data."""

    locale: str
    title: str
    html: str
    extras: dict


def lesson_pages(version_id: int, lesson_id: str, locales: set[str]) -> dict[str, ShownLessonPage]:
    """The lesson's rendered pages in the given locales (those that exist), in one query."""
    rows = db.session.execute(
        select(LessonPage.locale, LessonPage.title, LessonPage.html, LessonPage.extras).where(
            LessonPage.version_id == version_id, LessonPage.lesson_id == lesson_id, LessonPage.locale.in_(locales)
        )
    )
    return {locale: ShownLessonPage(locale, title, html, extras) for locale, title, html, extras in rows}


@dataclass(frozen=True)
class MediaFile:
    sha256: str
    content_type: str


def media_file(course_id: str, version_prefix: str, path: str) -> MediaFile | None:
    """A media file of the version whose hash starts with `version_prefix`; None unless it was published."""
    row = db.session.execute(
        select(MediaBlob.sha256, MediaBlob.content_type)
        .join(CourseMedia, CourseMedia.sha256 == MediaBlob.sha256)
        .join(CourseVersion, CourseVersion.id == CourseMedia.version_id)
        .where(
            CourseVersion.course_id == course_id,
            CourseVersion.content_hash.startswith(version_prefix, autoescape=True),
            CourseMedia.path == path,
        )
        .limit(1)
    ).first()
    return MediaFile(*row) if row else None


def media_bytes(sha256: str) -> bytes:
    return db.session.scalar(select(MediaBlob.data).where(MediaBlob.sha256 == sha256))
