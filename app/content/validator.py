"""Check a whole content folder (sectors.yml and every course) and report every problem at once."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from pathlib import Path

from app.content.build import CourseBuild, build_course
from app.content.diagnostics import Diagnostic, Diagnostics
from app.content.frontmatter import load_yaml_with_lines, split_front_matter
from app.content.loader import Reader, SourceFile, display_path
from app.content.schema import check_front_matter, did_you_mean
from app.content.sectors import check_taxonomy


def validate(
    content_root: str | Path, *, default_locale: str = "en", display_base: str | Path | None = None
) -> list[Diagnostic]:
    """Every problem in `content_root` (the folder holding sectors.yml and courses/), sorted by file and line."""
    root = Path(content_root)
    base = Path(display_base) if display_base else root.parent
    report = Diagnostics()
    builds = validate_courses(root, base, default_locale, report)
    courses = [_prerequisites_of(b, root / "courses" / b.course_id / "course.md", base) for b in builds]
    _report_prerequisites(courses, course_names(root / "courses"), report)
    return report.sorted()


def validate_path(
    path: str | Path, *, default_locale: str = "en", display_base: str | Path | None = None
) -> list[Diagnostic]:
    """Validate a content root, or one course folder (what `flask content validate PATH` is given)."""
    path = Path(path)
    if (path / "course.md").exists() and not (path / "courses").is_dir():
        # content/courses/<id> or a folder next to sectors.yml, such as content/example-course.
        path = path.absolute()
        root = next((p for p in (path.parent, path.parent.parent) if (p / "sectors.yml").is_file()), path.parent.parent)
        base = Path(display_base) if display_base else root.parent
        report = Diagnostics()
        taxonomy, sector_report = check_taxonomy(root / "sectors.yml", display_path(root / "sectors.yml", base))
        report.extend(sector_report)
        if path.is_symlink() and path.parent == root / "courses":
            report.extend([linked_course_folder_error(display_path(path, base))])
            return report.sorted()
        build = build_course(path, taxonomy, default_locale, content_root=root, display_base=base)
        report.extend(build.diagnostics)
        # The other courses' prerequisites too, from their course.md alone: a circle goes through them.
        courses = [
            _prerequisites_of(build, path / "course.md", base),
            *_read_prerequisites(root, base, build.course_id),
        ]
        report.extend(check_prerequisites(courses, course_names(root / "courses")).get(build.course_id, []))
        return report.sorted()
    return validate(path, default_locale=default_locale, display_base=display_base)


def validate_courses(root: Path, base: Path, default_locale: str, report: Diagnostics) -> list[CourseBuild]:
    """Check sectors.yml, then build every course folder; problems go to `report`."""
    if not root.is_dir():
        report.error(
            display_path(root, base),
            None,
            "The content folder does not exist",
            "Run the command from the project folder, or give the path of the folder holding sectors.yml and courses/.",
        )
        return []
    taxonomy, sector_report = check_taxonomy(root / "sectors.yml", display_path(root / "sectors.yml", base))
    report.extend(sector_report)
    courses_dir = root / "courses"
    if not courses_dir.is_dir():
        report.warning(
            display_path(courses_dir, base),
            None,
            "There is no courses/ folder, so there is nothing to publish",
            "Create content/courses/ with one folder per course, e.g. content/courses/first-response/course.md.",
        )
        return []
    builds = []
    for entry in sorted(courses_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        shown = display_path(entry, base)
        if entry.is_symlink():
            report.extend([linked_course_folder_error(shown)])
            continue
        if not entry.is_dir():
            report.warning(
                shown,
                None,
                "Only course folders belong in courses/; this file is ignored",
                "Move it into a course folder (images and handouts go in its media/ folder), or delete it.",
            )
            continue
        build = build_course(entry, taxonomy, default_locale, content_root=root, display_base=base)
        report.extend(build.diagnostics)
        builds.append(build)
    return builds


def course_names(courses_dir: Path) -> set[str]:
    """The courses there are, for prerequisites: every folder in courses/, linked ones too
    (a linked folder is an error of its own, not a reason to fail the courses naming it)."""
    if not courses_dir.is_dir():
        return set()
    return {p.name for p in courses_dir.iterdir() if not p.name.startswith(".") and (p.is_symlink() or p.is_dir())}


def linked_course_folder_error(shown: str) -> Diagnostic:
    """A course folder that is a link (symlink), inside content/ or leading out: never read, by
    validate and publish alike (inside, it would publish another folder's files a second time)."""
    return Diagnostic(
        shown,
        1,
        "error",
        f"The course folder `{Path(shown).name}` is a link (symlink) and was not read",
        "Put the course folder itself in content/courses/ instead of linking to it.",
    )


@dataclass(frozen=True)
class Prerequisites:
    """One course's `prerequisites:` and where in its course.md a problem with them is reported."""

    course_id: str
    ids: list[str]
    path: str  # course.md as messages show it
    line: int | None


def check_prerequisites(courses: list[Prerequisites], known: set[str]) -> dict[str, list[Diagnostic]]:
    """The rules across courses, as errors by course id: every prerequisite is a course in `known`,
    and no prerequisites go round in a circle (each course of a circle gets an error naming it)."""
    graph = {course.course_id: course.ids for course in courses}
    errors: dict[str, list[Diagnostic]] = {}
    for course in courses:
        report = Diagnostics()
        for prerequisite in course.ids:
            if prerequisite not in known and prerequisite != course.course_id:
                report.error(
                    course.path,
                    course.line,
                    f"The prerequisite `{prerequisite}` is not a course",
                    did_you_mean(prerequisite, sorted(known)) or "Prerequisites are folder names in content/courses/.",
                )
        circle = _circle_through(course.course_id, graph)
        if circle:
            report.error(
                course.path,
                course.line,
                f"The prerequisites go round in a circle ({' → '.join(circle)}), so none of these courses can be started",
                "Remove one of the prerequisites so that some course can be started first.",
            )
        if report.items:
            errors[course.course_id] = report.items
    return errors


def prerequisites_in(course_id: str, course: SourceFile) -> Prerequisites:
    """A course's prerequisites from its course.md as the loader read it, with the build's rules
    for the value (`prerequisites: a` is [a]; a value of the wrong type is the build's error, so none)."""
    meta, lines, state = course.meta, course.key_lines, course.front_matter
    settings = check_front_matter("course", meta, lines, course.display, Diagnostics(), translation=False, state=state)
    ids = list(settings.get("prerequisites", []))
    return Prerequisites(course_id, ids, course.display, course.key_lines.get("prerequisites"))


def _read_prerequisites(root: Path, base: Path, leave_out: str) -> list[Prerequisites]:
    """Every other course's prerequisites, reading only its course.md (linked folders are not read)."""
    courses_dir, found = root / "courses", []
    reader = Reader(root, base, Diagnostics())
    for name in sorted(course_names(courses_dir) - {leave_out}):
        course_md = courses_dir / name / "course.md"
        if (courses_dir / name).is_symlink() or not course_md.is_file():
            continue
        source = SourceFile(course_md, reader.display(course_md), "course", "course.md")
        reader.read_markdown(source)
        found.append(prerequisites_in(name, source))
    return found


def _report_prerequisites(courses: list[Prerequisites], known: set[str], report: Diagnostics) -> None:
    for errors in check_prerequisites(courses, known).values():
        report.extend(errors)


def _prerequisites_of(build: CourseBuild, course_md: Path, base: Path) -> Prerequisites:
    ids = list(build.settings.get("prerequisites", []))
    return Prerequisites(build.course_id, ids, display_path(course_md, base), _key_line(course_md, "prerequisites"))


def _circle_through(start: str, graph: dict[str, list[str]]) -> list[str] | None:
    """The shortest circle of prerequisites from `start` back to it (course ids, `start` at both
    ends), or None. A course naming itself is reported by the build; only longer circles count."""
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        course = queue.popleft()
        for prerequisite in graph.get(course, []):
            if prerequisite == start and course != start:
                circle = [start]
                while course != start:
                    circle.insert(1, course)
                    course = came_from[course]
                return [*circle, start]
            if prerequisite != start and prerequisite not in came_from:
                came_from[prerequisite] = course
                queue.append(prerequisite)
    return None


def _key_line(course_md: Path, key: str) -> int | None:
    try:
        split = split_front_matter(course_md.read_bytes().decode("utf-8").removeprefix("\ufeff"))
    except (OSError, UnicodeDecodeError):
        return None
    return load_yaml_with_lines(split.yaml_text or "", first_line=2).key_lines.get(key, 1)
