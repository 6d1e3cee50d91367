"""What a course build produces: plain dataclasses the publisher stores as JSON (`to_dict()`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from app.content.diagnostics import Diagnostic
from app.content.renderer import Heading, Reflection


@dataclass
class CourseLocale:
    """The course page in one language; missing keys fall back to the source language."""

    title: str
    summary: str
    content_warning: str | None
    overview_html: str
    stale: bool = False


@dataclass
class LessonLocale:
    title: str
    html: str
    content_warning: str | None = None
    headings: list[Heading] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    reflections: list[Reflection] = field(default_factory=list)
    has_footnotes: bool = False
    stale: bool = False


@dataclass
class LessonBuild:
    id: str
    number: int
    file: str
    optional: bool
    duration_minutes: int | None
    locales: dict[str, LessonLocale] = field(default_factory=dict)
    stale_locales: list[str] = field(default_factory=list)


@dataclass
class MediaEntry:
    path: str
    sha256: str
    content_type: str
    bytes: int
    width: int | None = None
    height: int | None = None


@dataclass
class CourseBuild:
    """A built course. `diagnostics` with any error means: do not publish this version."""

    course_id: str
    content_hash: str
    source_locale: str
    locales: list[str] = field(default_factory=list)
    settings: dict = field(default_factory=dict)  # sectors, levels, duration_minutes, prerequisites, ...
    metadata: dict[str, CourseLocale] = field(default_factory=dict)
    lessons: list[LessonBuild] = field(default_factory=list)
    quiz: dict[str, dict] | None = None
    quiz_stale_locales: list[str] = field(default_factory=list)
    media: list[MediaEntry] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)

    def to_dict(self) -> dict:
        return asdict(self)
