"""Publishing content/ into stored course versions with `flask content publish`: atomic per course,
idempotent, never deleting. Its summary lines and exit status: tests/core/test_cli_publish.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.content import build as content_build
from app.courses import publishing
from app.courses.models import Course, CourseVersion, LessonPage
from app.extensions import db
from tests.courses.publish_cli import content_app_fixture, empty_content_folder, flask_content, statuses  # noqa: F401  (a fixture)

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture
def content_dir(content_app) -> Path:
    """content_app's CONTENT_DIR, empty, with the shipped sectors.yml."""
    root = empty_content_folder(Path(content_app.config["CONTENT_DIR"]))
    shutil.copy(CONTENT / "sectors.yml", root / "sectors.yml")
    return root


@pytest.fixture
def content_root(content_dir):
    """A content folder with two real courses, safe to edit."""
    for course in ("looking-after-yourself", "responding-to-disclosures"):
        shutil.copytree(CONTENT / "courses" / course, content_dir / "courses" / course)
    return content_dir


@pytest.fixture
def publish_all(app, content_app):
    """Run `flask content publish` over content_app's CONTENT_DIR; returns course id -> status."""
    return lambda: statuses(flask_content(content_app, app, "publish").output)


@pytest.fixture
def builds(monkeypatch):
    """The course folders the renderer builds, by name, each time it builds one."""
    built = []
    real = content_build.build_course

    def counted(course_dir, *args, **kwargs):
        built.append(Path(course_dir).name)
        return real(course_dir, *args, **kwargs)

    monkeypatch.setattr(content_build, "build_course", counted)
    return built


def versions(course_id: str) -> int:
    return db.session.scalar(
        select(func.count()).select_from(CourseVersion).where(CourseVersion.course_id == course_id)
    )


def test_publishes_every_course_with_its_lessons_in_each_locale(publish_all, content_root):
    assert publish_all() == {
        "looking-after-yourself": "published",
        "responding-to-disclosures": "published",
    }
    core = db.session.get(Course, "responding-to-disclosures")
    version = db.session.scalar(select(CourseVersion).where(CourseVersion.content_hash == core.current_hash))
    assert {"en", "fr", "ar"} <= set(version.locales)
    lesson_ids = [lesson["id"] for lesson in version.manifest["lessons"]]
    pages = db.session.scalars(select(LessonPage).where(LessonPage.version_id == version.id)).all()
    assert {(p.lesson_id, p.locale) for p in pages} >= {(lesson, "en") for lesson in lesson_ids}
    assert all("<script" not in page.html for page in pages)
    assert version.manifest["quiz"]


def test_publishing_unchanged_files_does_nothing(publish_all, content_root):
    publish_all()
    assert publish_all() == {
        "looking-after-yourself": "unchanged",
        "responding-to-disclosures": "unchanged",
    }
    assert versions("looking-after-yourself") == 1


def test_publishing_builds_each_new_course_once_and_unchanged_ones_not_at_all(publish_all, content_root, builds):
    publish_all()
    assert sorted(builds) == ["looking-after-yourself", "responding-to-disclosures"]

    builds.clear()
    assert set(publish_all().values()) == {"unchanged"}
    assert builds == []


def test_changing_one_byte_republishes_that_course_alone(publish_all, content_root, builds):
    publish_all()
    old_hash = db.session.get(Course, "looking-after-yourself").current_hash
    lesson = next((content_root / "courses" / "looking-after-yourself").glob("01-*.md"))
    lesson.write_bytes(lesson.read_bytes().replace(b".", b"!", 1))
    builds.clear()

    assert publish_all() == {
        "looking-after-yourself": "published",
        "responding-to-disclosures": "unchanged",
    }
    assert builds == ["looking-after-yourself"]
    assert db.session.get(Course, "looking-after-yourself").current_hash != old_hash
    assert versions("looking-after-yourself") == 2


def test_the_hash_from_the_files_is_the_builds_and_its_media_urls_use_it(content_dir, publish_all):
    root = content_dir
    shutil.copytree(CONTENT / "example-course", root / "courses" / "example-course")
    taxonomy, _report = publishing.taxonomy_for(root)
    folder = root / "courses" / "example-course"
    assert publish_all() == {"example-course": "published"}
    served = db.session.get(Course, "example-course").current_hash
    assert served == content_build.hash_course(folder, taxonomy, "en", content_root=root)
    html = " ".join(db.session.scalars(select(LessonPage.html)))
    assert f"/courses/example-course/v/{served[:16]}/media/" in html
    # What else the build reads is part of the hash: the default language and the taxonomy's ids.
    assert content_build.hash_course(folder, taxonomy, "de", content_root=root) != served
    assert content_build.hash_course(folder, None, "en", content_root=root) != served


def test_a_change_to_the_taxonomy_is_checked_again_not_taken_as_unchanged(publish_all, content_root, builds):
    """Courses are checked against the ids in sectors.yml: renaming a level a course names
    fails that course (its last good version stays), as it would from scratch."""
    publish_all()
    good_hash = db.session.get(Course, "looking-after-yourself").current_hash
    sectors = content_root / "sectors.yml"
    sectors.write_text(sectors.read_text("utf-8").replace("id: post-crisis", "id: after-crisis"), "utf-8")
    builds.clear()

    assert publish_all() == {
        "looking-after-yourself": "failed",
        "responding-to-disclosures": "published",
    }
    assert sorted(builds) == ["looking-after-yourself", "responding-to-disclosures"]
    assert db.session.get(Course, "looking-after-yourself").current_hash == good_hash


def test_a_broken_course_keeps_its_last_good_version_while_others_publish(publish_all, content_root):
    publish_all()
    good_hash = db.session.get(Course, "looking-after-yourself").current_hash
    quiz = content_root / "courses" / "looking-after-yourself" / "quiz.md"
    quiz.write_text(quiz.read_text("utf-8").replace("[x]", "[ ]"), "utf-8")
    core = content_root / "courses" / "responding-to-disclosures"
    lesson = next(p for p in core.glob("01-*.md") if p.name.count(".") == 1)  # the source, not a translation
    lesson.write_text(lesson.read_text("utf-8") + "\n\nOne more paragraph.\n", "utf-8")

    assert publish_all() == {
        "looking-after-yourself": "failed",
        "responding-to-disclosures": "published",
    }
    assert db.session.get(Course, "looking-after-yourself").current_hash == good_hash
    assert versions("responding-to-disclosures") == 2


def test_a_removed_course_is_retired_and_its_versions_kept(publish_all, content_root):
    publish_all()
    shutil.rmtree(content_root / "courses" / "looking-after-yourself")
    assert publish_all()["looking-after-yourself"] == "retired"
    course = db.session.get(Course, "looking-after-yourself")
    assert course.retired_at is not None
    assert versions("looking-after-yourself") == 1

    shutil.copytree(CONTENT / "courses" / "looking-after-yourself", content_root / "courses" / "looking-after-yourself")
    assert publish_all()["looking-after-yourself"] == "published"
    assert db.session.get(Course, "looking-after-yourself").retired_at is None
    assert versions("looking-after-yourself") == 1


def test_flask_content_publish_reports_each_course(runner):
    result = runner.invoke(args=["content", "publish"])
    assert result.exit_code == 0, result.output
    for folder in publishing.course_folders(CONTENT):
        assert f"{folder.name}: published" in result.output
    again = runner.invoke(args=["content", "publish"])
    assert all(": unchanged" in line for line in again.output.strip().splitlines())


def test_flask_content_validate_passes_on_the_shipped_content(runner):
    result = runner.invoke(args=["content", "validate"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].startswith("0 error(s)")
