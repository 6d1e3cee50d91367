"""`flask content publish` and `flask content validate` through the CLI runner: the summary line
of each course, its errors, exit statuses, and the two commands agreeing on what is an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.courses.models import Course
from app.extensions import db
from tests.courses.course_folders import write_course
from tests.courses.publish_cli import content_app_fixture, empty_content_folder, flask_content  # noqa: F401  (a fixture)

CIRCLE_HINT = "hint: Remove one of the prerequisites so that some course can be started first."
LINK_ERROR = "error: The course folder `first-steps` is a link (symlink) and was not read"
LINK_HINT = "hint: Put the course folder itself in content/courses/ instead of linking to it."


@pytest.fixture
def root(content_app) -> Path:
    """content_app's CONTENT_DIR, emptied for this test."""
    return empty_content_folder(Path(content_app.config["CONTENT_DIR"]))


@pytest.fixture
def publish(app, content_app):
    return lambda: flask_content(content_app, app, "publish")


@pytest.fixture
def validate(app, content_app):
    return lambda *path: flask_content(content_app, app, "validate", *path)


def served(course_id: str) -> str | None:
    course = db.session.get(Course, course_id)
    return course.current_hash if course is not None and course.retired_at is None else None


def errors_in(output: str) -> list[str]:
    """The error messages in an output, without where they are (validate and publish show paths differently)."""
    return sorted(line.split(": error: ", 1)[1] for line in output.splitlines() if ": error: " in line)


def add_prerequisites(root: Path, course_id: str, *prerequisites: str) -> None:
    """Give a written course prerequisites, on line 2 of its course.md."""
    course_md = root / "courses" / course_id / "course.md"
    text = course_md.read_text("utf-8").replace("---\n", f"---\nprerequisites: [{', '.join(prerequisites)}]\n", 1)
    course_md.write_text(text, "utf-8")


def test_publish_prints_published_then_unchanged_and_exits_0(root, publish):
    write_course(root, "first-steps")
    write_course(root, "next-steps")

    first = publish()
    assert first.exit_code == 0, first.output
    assert first.output.splitlines() == [
        f"first-steps: published ({served('first-steps')[:12]})",
        f"next-steps: published ({served('next-steps')[:12]})",
    ]

    again = publish()
    assert again.exit_code == 0, again.output
    assert again.output.splitlines() == [
        f"first-steps: unchanged ({served('first-steps')[:12]})",
        f"next-steps: unchanged ({served('next-steps')[:12]})",
    ]


def test_a_course_with_errors_is_listed_with_them_keeps_its_version_and_publish_exits_1(root, publish):
    write_course(root, "first-steps")
    write_course(root, "next-steps")
    publish()
    good = served("first-steps")
    lesson = root / "courses" / "first-steps" / "02-lesson-2.md"
    lesson.write_text(lesson.read_text("utf-8").replace("duration_minutes: 10", "duration_minutes: ten"), "utf-8")
    course_md = write_course(root, "new-course") / "courses" / "new-course" / "course.md"
    course_md.write_text(course_md.read_text("utf-8").replace("duration_minutes: 75", "duration_minutes: 1h"), "utf-8")

    result = publish()

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "first-steps: failed, 1 error(s); the last good version stays online",
        "  content/courses/first-steps/02-lesson-2.md:3: error: `duration_minutes` must be a whole number, not 'ten'",
        "    hint: Write a number without units, e.g. 30.",
        "new-course: failed, 1 error(s); not published",
        "  content/courses/new-course/course.md:5: error: `duration_minutes` must be a whole number, not '1h'",
        "    hint: Write a number without units, e.g. 30.",
        f"next-steps: unchanged ({served('next-steps')[:12]})",
    ]
    assert served("first-steps") == good
    assert served("new-course") is None


def test_a_course_removed_from_disk_is_retired_and_publish_exits_0(root, publish):
    write_course(root, "first-steps")
    write_course(root, "next-steps")
    publish()
    shutil.rmtree(root / "courses" / "next-steps")

    result = publish()

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"first-steps: unchanged ({served('first-steps')[:12]})",
        "next-steps: retired (its learners' records are kept)",
    ]
    assert db.session.get(Course, "next-steps").retired_at is not None


def test_an_unknown_prerequisite_fails_publishing_as_it_fails_validation(root, publish, validate):
    write_course(root, "first-steps", prerequisites=("no-such-course",))
    write_course(root, "next-steps")

    checked = validate()
    published = publish()

    assert checked.exit_code == 1 and published.exit_code == 1
    assert published.output.splitlines() == [
        "first-steps: failed, 1 error(s); not published",
        "  content/courses/first-steps/course.md:9: error: The prerequisite `no-such-course` is not a course",
        "    hint: Prerequisites are folder names in content/courses/.",
        f"next-steps: published ({served('next-steps')[:12]})",
    ]
    assert errors_in(published.output) == errors_in(checked.output)


def test_a_circle_of_prerequisites_fails_each_of_its_courses_naming_the_circle(root, publish, validate):
    write_course(root, "listening")
    write_course(root, "validating", prerequisites=("listening",))
    write_course(root, "enhancing-safety", prerequisites=("validating",))
    assert publish().exit_code == 0
    online = {course: served(course) for course in ("listening", "validating", "enhancing-safety")}
    add_prerequisites(root, "listening", "enhancing-safety")

    checked = validate()
    published = publish()

    assert checked.exit_code == 1 and published.exit_code == 1
    circle = "error: The prerequisites go round in a circle ({}), so none of these courses can be started"
    assert published.output.splitlines() == [
        "enhancing-safety: failed, 1 error(s); the last good version stays online",
        "  content/courses/enhancing-safety/course.md:9: "
        + circle.format("enhancing-safety → validating → listening → enhancing-safety"),
        f"    {CIRCLE_HINT}",
        "listening: failed, 1 error(s); the last good version stays online",
        "  content/courses/listening/course.md:2: "
        + circle.format("listening → enhancing-safety → validating → listening"),
        f"    {CIRCLE_HINT}",
        "validating: failed, 1 error(s); the last good version stays online",
        "  content/courses/validating/course.md:9: "
        + circle.format("validating → listening → enhancing-safety → validating"),
        f"    {CIRCLE_HINT}",
    ]
    assert errors_in(published.output) == errors_in(checked.output)
    assert {course: served(course) for course in online} == online


def test_validating_one_course_finds_a_circle_through_the_others(root, validate):
    write_course(root, "listening", prerequisites=("validating",))
    write_course(root, "validating", prerequisites=("listening",))

    result = validate(str(root / "courses" / "validating"))

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{root}/courses/validating/course.md:9: error: The prerequisites go round in a circle "
        "(validating → listening → validating), so none of these courses can be started",
        f"  {CIRCLE_HINT}",
        f"1 error(s), 0 warning(s) in {root}/courses/validating",
    ]


@pytest.mark.parametrize("moved_to", ["inside", "outside"])
def test_a_linked_course_folder_is_an_error_for_validate_and_publish_and_is_not_retired(
    root, publish, validate, tmp_path, moved_to
):
    write_course(root, "first-steps")
    write_course(root, "next-steps")
    publish()
    good = served("first-steps")
    # A folder elsewhere in content/, or out of it, linked in place of the course folder.
    real = (root / "shared" if moved_to == "inside" else tmp_path / "elsewhere") / "first-steps"
    shutil.move(root / "courses" / "first-steps", real)
    (root / "courses" / "first-steps").symlink_to(real, target_is_directory=True)

    checked = validate()
    published = publish()

    assert checked.exit_code == 1
    assert checked.output.splitlines() == [
        f"{root}/courses/first-steps:1: {LINK_ERROR}",
        f"  {LINK_HINT}",
        f"1 error(s), 0 warning(s) in {root}",
    ]
    assert published.exit_code == 1
    assert published.output.splitlines() == [
        "first-steps: failed, 1 error(s); the last good version stays online",
        f"  content/courses/first-steps:1: {LINK_ERROR}",
        f"    {LINK_HINT}",
        f"next-steps: unchanged ({served('next-steps')[:12]})",
    ]
    assert served("first-steps") == good


def test_a_broken_sectors_yml_fails_every_course(root, publish):
    write_course(root, "first-steps")
    (root / "sectors.yml").write_text("sectors: [\n", "utf-8")

    result = publish()

    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "first-steps: failed, 1 error(s); not published"
    assert result.output.splitlines()[1].startswith("  content/sectors.yml:")
    assert served("first-steps") is None


def test_without_the_content_folder_publish_exits_1_and_retires_nothing(root, publish):
    write_course(root, "first-steps")
    publish()
    shutil.rmtree(root)

    result = publish()

    assert result.exit_code == 1
    assert f"{root}: no such folder; nothing was published or retired" in result.output
    assert served("first-steps") is not None


def test_validate_exits_0_with_only_warnings_and_1_with_an_error(root, validate):
    write_course(root, "first-steps")
    course_md = root / "courses" / "first-steps" / "course.md"
    course_md.write_text(course_md.read_text("utf-8").replace("---\n", "---\ncolour: blue\n", 1), "utf-8")

    warned = validate()
    assert warned.exit_code == 0, warned.output
    assert warned.output.splitlines()[0].startswith(
        f"{root}/courses/first-steps/course.md:2: warning: Unknown key `colour` is ignored"
    )
    assert warned.output.splitlines()[-1] == f"0 error(s), 1 warning(s) in {root}"

    course_md.write_text(course_md.read_text("utf-8").replace("duration_minutes: 75", "duration_minutes: 0"), "utf-8")
    failed = validate()
    assert failed.exit_code == 1
    assert f"{root}/courses/first-steps/course.md:6: error: `duration_minutes` must be at least 1, not 0" in (
        failed.output
    )
    assert failed.output.splitlines()[-1] == f"1 error(s), 1 warning(s) in {root}"


def test_validate_of_a_path_that_does_not_exist_exits_1(root, validate):
    result = validate(str(root / "courses" / "nowhere"))
    assert result.exit_code == 1
    assert f"{root}/courses/nowhere: no such file or folder" in result.output
