"""Check a whole content folder (sectors.yml and every course) and report every problem at once."""

from __future__ import annotations

from pathlib import Path

from app.content.build import CourseBuild, build_course
from app.content.diagnostics import Diagnostic, Diagnostics
from app.content.frontmatter import load_yaml_with_lines, split_front_matter
from app.content.schema import did_you_mean
from app.content.sectors import check_taxonomy


def validate(
    content_root: str | Path, *, default_locale: str = "en", display_base: str | Path | None = None
) -> list[Diagnostic]:
    """Every problem in `content_root` (the folder holding sectors.yml and courses/), sorted by file and line."""
    root = Path(content_root)
    base = Path(display_base) if display_base else root.parent
    report = Diagnostics()
    builds = validate_courses(root, base, default_locale, report)
    _check_prerequisites(builds, root, base, report)
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
        taxonomy, sector_report = check_taxonomy(root / "sectors.yml", _display(root / "sectors.yml", base))
        report.extend(sector_report)
        build = build_course(path, taxonomy, default_locale, content_root=root, display_base=base)
        report.extend(build.diagnostics)
        known = {p.name for p in (root / "courses").iterdir() if p.is_dir()} if (root / "courses").is_dir() else set()
        _check_prerequisites([build], root, base, report, known)
        return report.sorted()
    return validate(path, default_locale=default_locale, display_base=display_base)


def validate_courses(root: Path, base: Path, default_locale: str, report: Diagnostics) -> list[CourseBuild]:
    """Check sectors.yml, then build every course folder; problems go to `report`."""
    if not root.is_dir():
        report.error(_display(root, base), None, "The content folder does not exist")
        return []
    taxonomy, sector_report = check_taxonomy(root / "sectors.yml", _display(root / "sectors.yml", base))
    report.extend(sector_report)
    courses_dir = root / "courses"
    if not courses_dir.is_dir():
        report.warning(_display(courses_dir, base), None, "There is no courses/ folder, so there is nothing to publish")
        return []
    builds = []
    real_root = root.resolve()
    for entry in sorted(courses_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        shown = _display(entry, base)
        if entry.is_symlink() and real_root not in entry.resolve().parents:
            report.error(
                shown,
                None,
                "This symlink points outside the content folder and was not read",
                "Move the course folder into content/courses/ instead of linking to it.",
            )
            continue
        if not entry.is_dir():
            report.warning(shown, None, "Only course folders belong in courses/; this file is ignored")
            continue
        build = build_course(entry, taxonomy, default_locale, content_root=root, display_base=base)
        report.extend(build.diagnostics)
        builds.append(build)
    return builds


def _display(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _check_prerequisites(
    builds: list[CourseBuild], root: Path, base: Path, report: Diagnostics, known: set[str] | None = None
) -> None:
    known = known if known is not None else {b.course_id for b in builds}
    graph = {b.course_id: list(b.settings.get("prerequisites", [])) for b in builds}
    for build in builds:
        course_md = root / "courses" / build.course_id / "course.md"
        line = _key_line(course_md, "prerequisites")
        for prerequisite in graph[build.course_id]:
            if prerequisite not in known and prerequisite != build.course_id:
                hint = did_you_mean(prerequisite, sorted(known))
                report.error(
                    _display(course_md, base),
                    line,
                    f"The prerequisite `{prerequisite}` is not a course",
                    hint or "Prerequisites are folder names in content/courses/.",
                )
        if _in_cycle(build.course_id, graph):
            report.error(
                _display(course_md, base),
                line,
                "The prerequisites go round in a circle back to this course",
                "Remove one of the prerequisites so that some course can be started first.",
            )


def _in_cycle(start: str, graph: dict[str, list[str]]) -> bool:
    # A course naming itself is reported by the build; here only longer circles count.
    stack, seen = [c for c in graph.get(start, []) if c != start], set()
    while stack:
        course = stack.pop()
        if course == start:
            return True
        if course not in seen:
            seen.add(course)
            stack.extend(graph.get(course, []))
    return False


def _key_line(course_md: Path, key: str) -> int | None:
    try:
        split = split_front_matter(course_md.read_bytes().decode("utf-8").removeprefix("\ufeff"))
    except (OSError, UnicodeDecodeError):
        return None
    return load_yaml_with_lines(split.yaml_text or "", first_line=2).key_lines.get(key, 1)
