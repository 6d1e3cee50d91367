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
        "content/courses/x/01-intro.md:1: error: The file is too large (10.0 MB; the limit is 256 kB)\n"
        "  hint: Split the text into several lessons, or make the file smaller."
    ]


def test_a_lesson_just_over_the_limit_is_refused_unread(tmp_path):
    # Parsing costs up to ~13 µs a byte on some text (a file of list items), so 256 kB bounds it.
    content = make_course(tmp_path, "---\ntitle: Big\n---\n\n" + "- A step of a long list.\n" * 12_000)
    assert formatted(content) == [
        "content/courses/x/01-intro.md:1: error: The file is too large (293 kB; the limit is 256 kB)\n"
        "  hint: Split the text into several lessons, or make the file smaller."
    ]


PARAGRAPH_HINT = (
    "  hint: Break it into shorter paragraphs with blank lines (the limit also applies to a heading, "
    "a list item and a table cell)."
)
BRACKETS_HINT = (
    "  hint: Each `[` may start a link, image, footnote or check box, and makes the page slower to build: "
    "remove the ones that are not needed, or split the file."
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Intro.\n\n" + "x" * 20_001 + "\n",
            ["content/courses/x/01-intro.md:7: error: This paragraph has 20,001 characters; the limit is 20,000"],
        ),
        (
            "| a |\n|---|\n| b |\n| " + "y" * 20_001 + " |\n",
            ["content/courses/x/01-intro.md:8: error: This paragraph has 20,001 characters; the limit is 20,000"],
        ),
        (
            "See [a](b).\n\n" * 10_001,
            [
                "content/courses/x/01-intro.md:20005: error: The file has 10,001 `[` characters outside code; "
                "the limit is 10,000 (it is passed on this line)"
            ],
        ),
        (  # the audit's nested brackets, within the file size limit
            "[" * 100_000 + "x" + "]" * 100_000 + "\n",
            [
                "content/courses/x/01-intro.md:5: error: The file has 100,000 `[` characters outside code; "
                "the limit is 10,000 (it is passed on this line)",
                "content/courses/x/01-intro.md:5: error: This paragraph has 200,001 characters; the limit is 20,000",
            ],
        ),
    ],
)
def test_text_over_a_parsing_limit_is_refused_before_parsing(body, expected, tmp_path):
    messages = formatted(make_course(tmp_path, "---\ntitle: Limits\n---\n\n" + body))
    assert [m.split("\n")[0] for m in messages] == expected
    hints = [m.split("\n")[1] for m in messages]
    assert hints == [BRACKETS_HINT if "`[`" in m else PARAGRAPH_HINT for m in expected]


def test_brackets_in_code_do_not_count(tmp_path):
    body = "```\n" + "[" * 20_000 + "\n```\n\n    " + "[" * 20_000 + "\n\nSee `" + "[" * 5_000 + "`.\n"
    assert formatted(make_course(tmp_path, "---\ntitle: Code\n---\n\n" + body)) == []


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
        "content/courses/x/02-leak.md:1: error: This symlink points outside the content folder and was not read\n"
        "  hint: Copy the file into the course folder instead of linking to it.",
        "content/courses/x/media/leak.png:1: error: This symlink points outside the content folder and was not read\n"
        "  hint: Copy the file into the course folder instead of linking to it.",
    ]
    build = build_course(content / "courses/x", load_taxonomy(content / "sectors.yml"))
    assert "PRIVATE" not in json.dumps(build.to_dict())


@pytest.mark.parametrize("target", ["elsewhere", "content/shared-course"])
def test_a_symlinked_course_folder_is_refused_inside_the_content_folder_or_out(tmp_path, target):
    """Publishing never reads a linked course folder (it fails), so validation says so too."""
    content = make_course(tmp_path, "---\ntitle: Intro\n---\n")
    shutil.copytree(content / "courses/x", tmp_path / target)
    (content / "courses/linked").symlink_to(tmp_path / target, target_is_directory=True)
    assert formatted(content)[0] == (
        "content/courses/linked:1: error: The course folder `linked` is a link (symlink) and was not read\n"
        "  hint: Put the course folder itself in content/courses/ instead of linking to it."
    )


def test_a_symlink_loop_is_reported(tmp_path):
    content = make_course(tmp_path, "---\ntitle: Intro\n---\n")
    (content / "courses/x/02-loop.md").symlink_to(content / "courses/x/02-loop.md")
    assert formatted(content)[0].startswith("content/courses/x/02-loop.md:1: error: This link (symlink) is broken")


@pytest.mark.parametrize(
    ("body", "line"),
    [
        (">" * 10_000 + " deep\n", 5),
        ("- " * 10_000 + "deep\n", 5),
        ("".join("  " * i + "- level\n" for i in range(400)), 23),  # where the limit is reached
    ],
)
def test_deeply_nested_markdown_gives_a_message_not_a_crash(body, line, tmp_path):
    messages = formatted(make_course(tmp_path, "---\ntitle: Deep\n---\n\n" + body))
    assert messages[0].startswith(
        f"content/courses/x/01-intro.md:{line}: error: Quotes, lists or ::: blocks are nested too deeply"
    )


@pytest.mark.parametrize(
    "body",
    [
        "::: check\n" * 10_000,
        "[" * 10_000 + "x" + "]" * 10_000 + "\n",
        "*a " * 10_000 + "x" + " a*" * 10_000 + "\n",
        # Paragraphs at the length limit that took the square of their length (minutes) to parse:
        (":" * 19_000 + "\n\n") * 12,
        ("http:" * 3_800 + "\n\n") * 12,
        ("word " * 3_800 + "\n\n") * 12,
    ],
)
def test_other_pathological_markdown_is_parsed_and_reported(body, tmp_path):
    messages = formatted(make_course(tmp_path, "---\ntitle: Deep\n---\n\n" + body))
    assert all(": error: " in m or ": warning: " in m for m in messages)


def test_links_to_the_courses_own_pages_are_valid_and_lead_to_them(tmp_path):
    content = make_course(
        tmp_path,
        "---\ntitle: Intro\n---\n\n[Quiz](quiz.md) [overview](course.md#outline) [home](./) "
        "[next](02-next.md) [German](02-next.de.md) [the long way](../x/02-next.md?print=1)\n",
    )
    course = content / "courses" / "x"
    (course / "02-next.md").write_text("---\ntitle: Next\n---\n\nText.\n")
    (course / "02-next.de.md").write_text("---\ntitle: Weiter\n---\n\nText.\n")
    (course / "quiz.md").write_text("---\npass_mark: 80\n---\n\n## Ready? {#ready}\n\n- [x] Yes\n- [ ] No\n")
    assert formatted(content) == []
    html = build_course(course, load_taxonomy(content / "sectors.yml")).lessons[0].locales["en"].html
    assert html == (
        '<p><a href="/courses/x/quiz" rel="noopener noreferrer">Quiz</a> '
        '<a href="/courses/x#outline" rel="noopener noreferrer">overview</a> '
        '<a href="/courses/x" rel="noopener noreferrer">home</a> '
        '<a href="/courses/x/lessons/next" rel="noopener noreferrer">next</a> '
        '<a href="/courses/x/lessons/next" rel="noopener noreferrer">German</a> '
        '<a href="/courses/x/lessons/next?print=1" rel="noopener noreferrer">the long way</a></p>\n'
    )


def test_a_link_to_the_quiz_of_a_course_without_one_names_the_files_there_are(tmp_path):
    content = make_course(tmp_path, "---\ntitle: Intro\n---\n\nText.\n\n[The quiz](quiz.md)\n")
    assert formatted(content) == [
        "content/courses/x/01-intro.md:7: error: The linked file `quiz.md` does not exist\n"
        "  hint: Link to a file of this course: 01-intro.md, course.md."
    ]


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
