"""The validator over fixture content: one broken case per rule, hostile files, and the example course."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.content.build import build_course
from app.content.loader import FILE_SIZE_LIMIT
from app.content.sectors import load_taxonomy
from app.content.validator import validate, validate_path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "content"
BROKEN = sorted(p.name for p in (FIXTURES / "broken").iterdir() if p.is_dir())
COURSE = "---\ntitle: T\nsummary: S\nsectors: [police]\nduration_minutes: 5\n---\n\nOverview.\n"


def copy_case(case: str, tmp_path: Path) -> Path:
    """The case's content/ in tmp_path, with the shared sectors.yml unless the case brings its own."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "broken" / case / "content", content)
    if not (content / "sectors.yml").exists():
        shutil.copy(FIXTURES / "sectors.yml", content / "sectors.yml")
    return content


def formatted(content: Path) -> list[str]:
    return [d.format() for d in validate(content)]


@pytest.mark.parametrize("case", BROKEN)
def test_each_broken_case_reports_exactly_its_messages(case, tmp_path):
    expected = (FIXTURES / "broken" / case / "expected.txt").read_text(encoding="utf-8")
    assert "\n".join(formatted(copy_case(case, tmp_path))) + "\n" == expected


def test_every_case_reports_something():
    for case in BROKEN:
        assert (FIXTURES / "broken" / case / "expected.txt").read_text().strip(), case


def make_course(tmp_path: Path, lesson: bytes | str) -> Path:
    course = tmp_path / "content" / "courses" / "x"
    course.mkdir(parents=True)
    shutil.copy(FIXTURES / "sectors.yml", tmp_path / "content" / "sectors.yml")
    (course / "course.md").write_text(COURSE)
    (course / "01-intro.md").write_bytes(lesson if isinstance(lesson, bytes) else lesson.encode())
    return tmp_path / "content"


def test_a_10_mb_lesson_is_refused_unread(tmp_path):
    content = make_course(tmp_path, b"---\ntitle: Big\n---\n" + b"word " * (2 * 1024 * 1024))
    assert (content / "courses/x/01-intro.md").stat().st_size > 5 * FILE_SIZE_LIMIT
    assert formatted(content) == [
        "content/courses/x/01-intro.md: error: The file is too large (10.0 MB; the limit is 2 MB)\n"
        "  hint: Split the text into several lessons, or make the file smaller."
    ]


def test_binary_junk_is_reported(tmp_path):
    content = make_course(tmp_path, bytes(range(256)) * 40)
    assert formatted(content)[0].startswith("content/courses/x/01-intro.md:1: error: This is not a text file")


def test_a_symlink_out_of_the_content_folder_is_never_followed(tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\n\nPRIVATE\n")
    content = make_course(tmp_path, "---\ntitle: Intro\n---\n\nText.\n")
    (content / "courses/x/02-leak.md").symlink_to(secret)
    (content / "courses/x/media").mkdir()
    (content / "courses/x/media/leak.png").symlink_to(secret)
    messages = formatted(content)
    assert messages == [
        "content/courses/x/02-leak.md: error: This symlink points outside the content folder and was not read\n"
        "  hint: Copy the file into the course folder instead of linking to it.",
        "content/courses/x/media/leak.png: error: This symlink points outside the content folder and was not read\n"
        "  hint: Copy the file into the course folder instead of linking to it.",
    ]
    build = build_course(content / "courses/x", load_taxonomy(content / "sectors.yml"))
    assert "PRIVATE" not in json.dumps(build.to_dict())


def test_a_symlinked_course_folder_outside_is_refused(tmp_path):
    content = make_course(tmp_path, "---\ntitle: Intro\n---\n")
    outside = tmp_path / "elsewhere"
    shutil.copytree(content / "courses/x", outside)
    (content / "courses/linked").symlink_to(outside, target_is_directory=True)
    assert formatted(content)[0] == (
        "content/courses/linked: error: This symlink points outside the content folder and was not read\n"
        "  hint: Move the course folder into content/courses/ instead of linking to it."
    )


def test_a_symlink_loop_is_reported(tmp_path):
    content = make_course(tmp_path, "---\ntitle: Intro\n---\n")
    (content / "courses/x/02-loop.md").symlink_to(content / "courses/x/02-loop.md")
    assert formatted(content)[0].startswith("content/courses/x/02-loop.md: error: This link (symlink) is broken")


@pytest.mark.parametrize(
    ("body", "line"),
    [
        (">" * 10_000 + " deep\n", 5),
        ("- " * 10_000 + "deep\n", 5),
        ("".join("  " * i + "- level\n" for i in range(1_000)), 23),  # where the limit is reached
    ],
)
def test_deeply_nested_markdown_gives_a_message_not_a_crash(body, line, tmp_path):
    messages = formatted(make_course(tmp_path, "---\ntitle: Deep\n---\n\n" + body))
    assert messages[0].startswith(
        f"content/courses/x/01-intro.md:{line}: error: Quotes, lists or ::: blocks are nested too deeply"
    )


@pytest.mark.parametrize(
    "body",
    ["::: check\n" * 10_000, "[" * 10_000 + "x" + "]" * 10_000 + "\n", "*a " * 10_000 + "x" + " a*" * 10_000 + "\n"],
)
def test_other_pathological_markdown_is_parsed_and_reported(body, tmp_path):
    messages = formatted(make_course(tmp_path, "---\ntitle: Deep\n---\n\n" + body))
    assert all(": error: " in m or ": warning: " in m for m in messages)


def test_validate_path_accepts_one_course_folder(tmp_path):
    content = copy_case("missing-question-id", tmp_path)
    assert [d.format() for d in validate_path(content / "courses" / "x")] == formatted(content)


def test_example_course_is_valid_without_a_single_warning():
    diagnostics = validate_path(REPO / "content" / "example-course", display_base=REPO)
    assert [d.format() for d in diagnostics] == []


def test_example_course_builds_to_json():
    taxonomy = load_taxonomy(REPO / "content" / "sectors.yml")
    build = build_course(
        REPO / "content" / "example-course",
        taxonomy,
        "en",
        content_root=REPO / "content",
        media_url=lambda p: f"/media/example/{p}",
        lesson_url=lambda lesson: f"/lessons/{lesson}",
    )
    assert build.ok and build.diagnostics == []
    data = json.loads(json.dumps(build.to_dict()))
    assert data["course_id"] == "example-course" and len(data["content_hash"]) == 64
    assert data["locales"] == ["de", "en"]
    assert [(lesson["id"], lesson["number"], lesson["optional"]) for lesson in data["lessons"]] == [
        ("welcome", 1, False),
        ("first-line-support", 2, False),
        ("further-reading", 3, True),
    ]
    support = data["lessons"][1]["locales"]
    assert sorted(support) == ["de", "en"] and data["lessons"][1]["stale_locales"] == []
    assert support["de"]["checks"][0]["id"] == support["en"]["checks"][0]["id"] == "first-words"
    assert support["en"]["reflections"][0]["id"] == "first-line-support-reflection-1"
    assert "/media/example/media/lives-steps.svg" in support["en"]["html"]
    assert [q["type"] for q in data["quiz"]["en"]["questions"]] == [
        "single",
        "multiple",
        "single",
        "multiple",
        "ordering",
    ]
    assert data["quiz"]["de"]["settings"]["title"] == "Abschlussprüfung"
    assert data["quiz"]["de"]["settings"]["pass_mark"] == 80
    assert {m["path"]: (m["width"], m["height"]) for m in data["media"]} == {
        "media/lives-steps.svg": (640, 120),
        "media/referral-checklist.txt": (None, None),
    }
    assert data["metadata"]["de"]["title"].startswith("Beispielkurs")


def test_editing_a_source_makes_its_translation_stale(tmp_path):
    course = tmp_path / "content" / "courses" / "example"
    shutil.copytree(REPO / "content" / "example-course", course)
    shutil.copy(REPO / "content" / "sectors.yml", tmp_path / "content" / "sectors.yml")
    with (course / "quiz.md").open("a") as handle:
        handle.write("\n> A new sentence in the explanation.\n")
    build = build_course(course, load_taxonomy(tmp_path / "content" / "sectors.yml"))
    assert build.quiz_stale_locales == ["de"]
    assert [d.format().splitlines()[0] for d in build.diagnostics] == [
        "content/courses/example/quiz.de.md:3: warning: The translation is out of date: "
        "quiz.md has changed since it was translated"
    ]
