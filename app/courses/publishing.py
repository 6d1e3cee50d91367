"""Publishing: turn content/ into stored course versions, one course at a time, atomically.

A course with errors keeps its last good version online while the others publish;
publishing unchanged files costs a hash and nothing more (the content hash is computed from
the files, without building, and compared with the served version's); a course folder
removed from disk is retired, never deleted. The errors validation finds across courses
(prerequisites) and a linked course folder fail a course as its own errors do. (This lives
in app/courses, not app/content, because it writes to the database; app/content stays
plain Python.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from app.content import build as content_build
from app.content.build import CourseBuild
from app.content.diagnostics import Diagnostic, Diagnostics
from app.content.loader import load_course
from app.content.sectors import check_taxonomy
from app.content.validator import (
    Prerequisites,
    check_prerequisites,
    course_names,
    linked_course_folder_error,
    prerequisites_in,
)
from app.courses.models import Course, CourseMedia, CourseVersion, LessonPage, MediaBlob
from app.extensions import db

PUBLISHED, UNCHANGED, FAILED, RETIRED = "published", "unchanged", "failed", "retired"


@dataclass
class PublishResult:
    course_id: str
    status: str
    content_hash: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def media_url(course_id: str, content_hash: str, path: str) -> str:
    """Where a version's media file is served (the route is in app/courses/routes.py)."""
    return f"/courses/{course_id}/v/{content_hash[:16]}/{path}"


def lesson_url(course_id: str, lesson_id: str) -> str:
    return f"/courses/{course_id}/lessons/{lesson_id}"


@dataclass
class CourseOnDisk:
    """A course folder as first read: its content hash and prerequisites (None when not read)."""

    folder: Path
    content_hash: str | None = None
    prerequisites: Prerequisites | None = None


def course_folders(content_root: Path) -> list[Path]:
    """Every course folder in courses/, linked ones too: they fail, rather than look removed and be retired."""
    return sorted(content_root / "courses" / name for name in course_names(content_root / "courses"))


def read_courses(content_root: Path, taxonomy, default_locale: str) -> list[CourseOnDisk]:
    """Read each course folder once, for its content hash and its prerequisites: a circle of
    prerequisites spans courses, so all are read before any is published."""
    courses = []
    for folder in course_folders(content_root):
        if folder.is_symlink():
            courses.append(CourseOnDisk(folder))  # never read: publish_folder fails it
            continue
        loaded = load_course(folder, content_root, content_root.parent, Diagnostics())
        course_md = next(iter(loaded.sources("course")), None)
        prerequisites = prerequisites_in(folder.name, course_md) if course_md else None
        courses.append(CourseOnDisk(folder, content_build.folder_hash(loaded, taxonomy, default_locale), prerequisites))
    return courses


def cross_course_errors(courses: list[CourseOnDisk]) -> dict[str, list[Diagnostic]]:
    """By course id, the errors validation finds across courses: prerequisites that are not courses
    or go round in a circle (the same check, app/content/validator.py)."""
    known = {course.folder.name for course in courses}
    return check_prerequisites([course.prerequisites for course in courses if course.prerequisites], known)


def publish_folder(
    folder: Path,
    content_root: Path,
    taxonomy,
    default_locale: str,
    blocking: Sequence[Diagnostic] = (),
    content_hash: str | None = None,
) -> PublishResult:
    """Publish one course folder as its course's current version (flushes; the caller commits,
    or rolls back when it failed). Files whose content hash (`content_hash`, if the caller read
    it already) is the served version's are not built at all. `blocking`: errors from outside
    the folder (sectors.yml, other courses) that fail it; the course is still built so that its
    own errors are reported with them. A linked folder fails without being read."""
    if folder.is_symlink():
        shown = folder.relative_to(content_root.parent).as_posix()
        return PublishResult(folder.name, FAILED, None, [*blocking, linked_course_folder_error(shown)])
    content_hash = content_hash or content_build.hash_course(
        folder, taxonomy, default_locale, content_root=content_root
    )
    if not blocking and served_hash(folder.name) == content_hash:
        return PublishResult(folder.name, UNCHANGED, content_hash)
    build = build_for_publishing(folder, content_root, taxonomy, default_locale, content_hash)
    errors = [*blocking, *(d for d in build.diagnostics if d.severity == "error")]
    if errors:
        return PublishResult(folder.name, FAILED, build.content_hash, errors)
    return publish_course(build, folder)


def served_hash(course_id: str) -> str | None:
    """The content hash of the version served now; None if never published or retired."""
    row = db.session.execute(select(Course.current_hash, Course.retired_at).where(Course.id == course_id)).first()
    return row.current_hash if row is not None and row.retired_at is None else None


def build_for_publishing(
    folder: Path, content_root: Path, taxonomy, default_locale: str, content_hash: str | None = None
) -> CourseBuild:
    """Build a course once, with URLs that embed its content hash, which comes from the files
    first (`content_hash`, if the caller has it already)."""
    expected = content_hash or content_build.hash_course(folder, taxonomy, default_locale, content_root=content_root)
    build = _build(folder, content_root, taxonomy, default_locale, expected)
    if build.content_hash != expected:  # a file was saved between the two readings: use what was built
        build = _build(folder, content_root, taxonomy, default_locale, build.content_hash)
    return build


def _build(folder: Path, content_root: Path, taxonomy, default_locale: str, content_hash: str) -> CourseBuild:
    course_id = folder.name
    return content_build.build_course(
        folder,
        taxonomy,
        default_locale,
        content_root=content_root,
        media_url=lambda path: media_url(course_id, content_hash, path),
        lesson_url=lambda lesson: lesson_url(course_id, lesson),
    )


def publish_course(build: CourseBuild, folder: Path) -> PublishResult:
    """Store a built course as its current version (flushes; the caller commits)."""
    course = db.session.get(Course, build.course_id) or Course(id=build.course_id)
    db.session.add(course)
    existing = db.session.scalar(
        select(CourseVersion).where(
            CourseVersion.course_id == build.course_id, CourseVersion.content_hash == build.content_hash
        )
    )
    if existing is not None and course.current_hash == build.content_hash and course.retired_at is None:
        return PublishResult(build.course_id, UNCHANGED, build.content_hash)
    if existing is None:
        _store_version(course, build, folder)
    course.current_hash = build.content_hash
    course.retired_at = None
    db.session.flush()
    return PublishResult(build.course_id, PUBLISHED, build.content_hash, build.diagnostics)


def retire_missing(present: set[str]) -> list[PublishResult]:
    """Retire the courses whose folders are gone; their versions and learners' records stay."""
    results = []
    for course in db.session.scalars(select(Course).where(Course.retired_at.is_(None))):
        if course.id not in present:
            course.retired_at = datetime.now(UTC)
            results.append(PublishResult(course.id, RETIRED, course.current_hash))
    db.session.flush()
    return results


def taxonomy_for(content_root: Path):
    """sectors.yml's taxonomy and problems, shown as content/sectors.yml like the courses' files."""
    return check_taxonomy(content_root / "sectors.yml", f"{content_root.name}/sectors.yml")


def _store_version(course: Course, build: CourseBuild, folder: Path) -> None:
    data = build.to_dict()
    lessons = data.pop("lessons")
    manifest = {
        "settings": data["settings"],
        "metadata": data["metadata"],
        "quiz": data["quiz"],
        "quiz_stale_locales": data["quiz_stale_locales"],
        "media": data["media"],
        "lessons": [
            {key: lesson[key] for key in ("id", "number", "optional", "duration_minutes", "stale_locales")}
            | {"titles": {locale: page["title"] for locale, page in lesson["locales"].items()}}
            for lesson in lessons
        ],
    }
    version = CourseVersion(
        course=course,
        content_hash=build.content_hash,
        source_locale=build.source_locale,
        locales=build.locales,
        manifest=manifest,
    )
    db.session.add(version)
    db.session.flush()
    for lesson in lessons:
        for locale, page in lesson["locales"].items():
            extras = {key: value for key, value in page.items() if key not in ("title", "html")}
            db.session.add(
                LessonPage(
                    version_id=version.id,
                    lesson_id=lesson["id"],
                    locale=locale,
                    title=page["title"][:300],
                    html=page["html"],
                    extras=extras,
                )
            )
    # Blobs first, flushed, then the rows that point at them: the two models have no
    # relationship, so the unit of work would not know to insert the blobs first.
    for entry in build.media:
        if db.session.get(MediaBlob, entry.sha256) is None:
            db.session.add(
                MediaBlob(sha256=entry.sha256, content_type=entry.content_type, data=(folder / entry.path).read_bytes())
            )
            db.session.flush()
    for entry in build.media:
        db.session.add(CourseMedia(version_id=version.id, path=entry.path, sha256=entry.sha256))
