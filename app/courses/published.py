"""Published courses as pages read them: the served version of each course, and what never
changes within a version (its manifest, its rendered lesson pages) cached per process.

A version is immutable (its content hash names it), so what is cached is keyed by the course
id and content hash (the hash, not the row id: ids are only unique within one database) and
never invalidated: a new version has a new key, and which version is served is read from the
database on every request (one small query), so every process serves a newly published version
at once. The caches hold plain data (dicts, strings, frozen dataclasses), never ORM objects, so
they are safe to share between requests and threads; nothing may modify what they return.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select

from app.courses.lesson_body import Segment, segments
from app.courses.localised import shown_locale
from app.courses.models import Course, CourseMedia, CourseVersion, Enrolment, LessonPage, MediaBlob
from app.extensions import db

MANIFEST_CACHE_SIZE = 512  # versions; a manifest is tens of kilobytes
# Lessons in one language; each holds its HTML twice (whole and split at its blocks) and its
# checks: 30 kB on average for the shipped lessons, 65 kB at most, so some 15-35 MB per process.
LESSON_CACHE_SIZE = 512


class _LRUCache:
    """A small thread-safe least-recently-used cache."""

    def __init__(self, size: int):
        self._size = size
        self._items: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: tuple, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_manifests = _LRUCache(MANIFEST_CACHE_SIZE)  # (course id, content hash) -> manifest
_lessons = _LRUCache(LESSON_CACHE_SIZE)  # (course id, content hash, lesson id, wanted locale) -> ShownLesson


def clear_manifest_cache() -> None:
    """Forget every cached manifest and lesson page (tests use it to measure a cold start)."""
    _manifests.clear()
    _lessons.clear()


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


def published_course_and_enrolment(course_id: str, user_id: int) -> tuple[PublishedCourse | None, Enrolment | None]:
    """The course with its served version, and the user's enrolment in it (None if not enrolled),
    in one query: the lesson page and the answers given on it need both on every request."""
    rows = db.session.execute(
        _served_versions()
        .add_columns(Enrolment)
        .outerjoin(Enrolment, and_(Enrolment.course_id == Course.id, Enrolment.user_id == user_id))
        .where(Course.id == course_id)
    ).all()
    if not rows:
        return None, None
    *served, enrolment = rows[0]
    return _with_manifests([served])[0], enrolment


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


@dataclass(frozen=True)
class ShownLesson:
    """A lesson ready to show in one language, the same for every learner: its page (in the
    wanted language, else the source language), that page split at its checks and reflections,
    and the source language's checks by id (they decide what is correct)."""

    page: ShownLessonPage
    segments: tuple[Segment, ...]
    source_checks: dict[str, dict]


def lesson_pages(version_id: int, lesson_id: str, locales: set[str]) -> dict[str, ShownLessonPage]:
    """The lesson's rendered pages in the given locales (those that exist), in one query."""
    rows = db.session.execute(
        select(LessonPage.locale, LessonPage.title, LessonPage.html, LessonPage.extras).where(
            LessonPage.version_id == version_id, LessonPage.lesson_id == lesson_id, LessonPage.locale.in_(locales)
        )
    )
    return {locale: ShownLessonPage(locale, title, html, extras) for locale, title, html, extras in rows}


def shown_lesson(course: PublishedCourse, lesson_id: str, wanted: str) -> ShownLesson | None:
    """The lesson of the served version as shown to someone wanting `wanted`, from the cache
    (one query the first time in this process); None if the version has no page for it."""
    key = (course.id, course.content_hash, lesson_id, wanted)
    lesson = _lessons.get(key)
    if lesson is None:
        source = course.source_locale
        pages = lesson_pages(course.version_id, lesson_id, {wanted, source})
        page = pages.get(shown_locale(pages, wanted, source))
        if page is None:
            return None
        source_page = pages.get(source, page)
        extras = page.extras
        lesson = ShownLesson(
            page,
            tuple(
                segments(
                    page.html,
                    [check["id"] for check in extras.get("checks", [])],
                    [reflection["id"] for reflection in extras.get("reflections", [])],
                )
            ),
            {question["id"]: question for question in source_page.extras.get("checks", [])},
        )
        _lessons.put(key, lesson)
    return lesson


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
