"""The courses a report can name: id, title in the viewer's language, pass mark.

Titles and pass marks come from each course's served version. A version never changes
once published, so what is read from its manifest is cached per process by version hash.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import select, tuple_

from app.content.sectors import localized
from app.courses.models import Course, CourseVersion
from app.extensions import db


@dataclass(frozen=True)
class CourseInfo:
    """A course as reports show it."""

    id: str
    title: str
    pass_mark: float | None  # None: the course has no final assessment
    retired: bool

    @property
    def label(self) -> str:
        """The title as screens show it: a retired course says so (exports keep the bare title)."""
        return gettext("%(title)s (retired)", title=self.title) if self.retired else self.title


@dataclass(frozen=True)
class _VersionFacts:
    titles: dict[str, str]
    pass_mark: float | None


_facts_by_version: dict[tuple[str, str], _VersionFacts] = {}


def course_catalogue(language: str) -> list[CourseInfo]:
    """Every course with at least one published version, by title."""
    courses = db.session.execute(
        select(Course.id, Course.current_hash, Course.retired_at).where(Course.current_hash.is_not(None))
    ).all()
    _load_missing({(c.id, c.current_hash) for c in courses})
    catalogue = []
    for course_id, current_hash, retired_at in courses:
        facts = _facts_by_version.get((course_id, current_hash))
        title = localized(facts.titles, language) if facts and facts.titles else course_id
        catalogue.append(
            CourseInfo(
                id=course_id, title=title, pass_mark=facts.pass_mark if facts else None, retired=retired_at is not None
            )
        )
    return sorted(catalogue, key=lambda c: (c.retired, c.title.casefold(), c.id))


def _load_missing(keys: set[tuple[str, str]]) -> None:
    missing = sorted(keys - _facts_by_version.keys())
    if not missing:
        return
    versions = db.session.execute(
        select(
            CourseVersion.course_id, CourseVersion.content_hash, CourseVersion.source_locale, CourseVersion.manifest
        ).where(tuple_(CourseVersion.course_id, CourseVersion.content_hash).in_(missing))
    ).all()
    for course_id, content_hash, source_locale, manifest in versions:
        _facts_by_version[(course_id, content_hash)] = _facts(manifest, source_locale)


def _facts(manifest: dict, source_locale: str) -> _VersionFacts:
    titles = {locale: meta["title"] for locale, meta in (manifest.get("metadata") or {}).items() if meta.get("title")}
    if source_locale in titles:
        # `localized` falls back to English; a course written in another language falls back to its own.
        titles.setdefault("en", titles[source_locale])
    quiz = (manifest.get("quiz") or {}).get(source_locale)
    pass_mark = quiz["settings"].get("pass_mark") if quiz else None
    return _VersionFacts(titles=titles, pass_mark=float(pass_mark) if pass_mark is not None else None)
