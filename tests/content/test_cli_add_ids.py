"""`flask content add-ids` through the CLI runner, on content folders in a temporary directory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import build_app, dispose

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"
COURSE_MD = "---\ntitle: T\nsummary: S\nsectors: [police]\nduration_minutes: 5\n---\n\nOverview.\n"
QUIZ = (
    "---\ntitle: Quiz\npass_mark: 80\n---\n\n"
    "## What comes first?\n\n- [x] Listen\n- [ ] Judge\n\n"
    "## Who may interpret?\n\n- [x] A professional interpreter\n- [ ] The partner\n\n"
    "## Put the steps in order\n\n1. Listen\n2. Inquire\n"
)
# Written with Windows line endings and a byte order mark, which must survive.
QUIZ_DE = (
    "\ufeff---\r\ntitle: Test\r\n---\r\n\r\n"
    "## Was kommt zuerst?\r\n\r\n- [x] Zuhören\r\n- [ ] Urteilen\r\n\r\n"
    "## Wer darf dolmetschen?\r\n\r\n- [x] Eine Dolmetscherin\r\n- [ ] Der Partner\r\n\r\n"
    "## Die Schritte ordnen\r\n\r\n1. Zuhören\r\n2. Nachfragen\r\n"
)
CHECK = "---\ntitle: {title}\n---\n\n::: check\n## Ready to go on?\n\n- [x] Yes\n- [ ] No\n:::\n"


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    """content/ with sectors.yml and a valid course c1 without questions; the working folder is tmp_path,
    so that messages show paths as content/courses/c1/... as they do in the project folder."""
    root = tmp_path / "content"
    (root / "courses" / "c1").mkdir(parents=True)
    shutil.copy(FIXTURES / "sectors.yml", root / "sectors.yml")
    (root / "courses" / "c1" / "course.md").write_text(COURSE_MD, encoding="utf-8")
    (root / "courses" / "c1" / "09-summary.md").write_text("---\ntitle: Summary\n---\n\nText.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return root


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def add_ids(runner, *paths: str):
    return runner.invoke(args=["content", "add-ids", *paths])


def validate(runner, path: str = "content"):
    return runner.invoke(args=["content", "validate", path])


def test_a_translation_gets_its_source_ids_although_its_name_sorts_first(runner, content):
    course = content / "courses" / "c1"
    write(course / "quiz.md", QUIZ)
    write(course / "quiz.de.md", QUIZ_DE)
    result = add_ids(runner, "content")
    expected = (
        QUIZ_DE.replace("zuerst?\r\n", "zuerst? {#what-comes-first}\r\n")
        .replace("dolmetschen?\r\n", "dolmetschen? {#who-may-interpret}\r\n")
        .replace("ordnen\r\n", "ordnen {#put-the-steps-in-order}\r\n")
    )
    assert (course / "quiz.de.md").read_bytes() == expected.encode("utf-8")
    checked = validate(runner)
    assert checked.exit_code == 0 and "0 error(s), 0 warning(s)" in checked.output, checked.output
    assert result.exit_code == 0, result.output
    ids = "what-comes-first, who-may-interpret, put-the-steps-in-order"
    assert result.stdout.splitlines() == [
        f"content/courses/c1/quiz.md: added {ids}",
        f"content/courses/c1/quiz.de.md: added {ids}",
        "2 file(s) changed, 0 error(s)",
    ]


def test_a_translation_that_does_not_line_up_with_its_source_is_left_as_it_is(runner, content):
    course = content / "courses" / "c1"
    write(course / "quiz.md", QUIZ)
    short = write(course / "quiz.fr.md", "---\ntitle: Test\n---\n\n## Quoi d'abord ?\n\n- [x] Écouter\n- [ ] Juger\n")
    before = short.read_bytes()
    result = add_ids(runner, "content")
    assert short.read_bytes() == before
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/courses/c1/quiz.fr.md:5: error: The ids were not added: this translation has 1 question, "
        "quiz.md has 3 questions",
        "  hint: Copy the missing ids from quiz.md by hand; `flask content validate` shows where the files differ.",
    ]
    assert "{#what-comes-first}" in (course / "quiz.md").read_text(encoding="utf-8")
    assert result.stdout.splitlines()[-1] == "1 file(s) changed, 1 error(s)"


def test_a_file_that_is_not_utf8_is_reported_unchanged_and_the_others_are_done(runner, content):
    course = content / "courses" / "c1"
    latin1 = CHECK.format(title="Café").encode("latin-1")  # é on line 2
    (course / "01-intro.md").write_bytes(latin1)  # sorts before quiz.md
    write(course / "quiz.md", QUIZ)
    result = add_ids(runner, "content")
    assert result.exit_code == 1
    assert "Traceback" not in result.output and not isinstance(result.exception, UnicodeError)
    assert result.stderr.splitlines() == [
        "content/courses/c1/01-intro.md:2: error: The file is not saved as UTF-8 text",
        "  hint: In your editor choose 'Save with encoding' > UTF-8.",
    ]
    assert (course / "01-intro.md").read_bytes() == latin1
    assert "{#put-the-steps-in-order}" in (course / "quiz.md").read_text(encoding="utf-8")
    assert result.stdout.splitlines() == [
        "content/courses/c1/quiz.md: added what-comes-first, who-may-interpret, put-the-steps-in-order",
        "1 file(s) changed, 1 error(s)",
    ]


def test_nothing_is_written_through_a_symlink(runner, content, tmp_path):
    outside = write(tmp_path / "outside" / "quiz.md", QUIZ)
    (content / "courses" / "c1" / "quiz.md").symlink_to(outside)
    shared = write(content / "shared" / "02-shared.md", CHECK.format(title="Shared"))
    (content / "courses" / "c1" / "02-shared.md").symlink_to(shared)
    write(tmp_path / "elsewhere" / "c2" / "quiz.md", QUIZ)
    write(tmp_path / "elsewhere" / "c2" / "course.md", COURSE_MD)
    (content / "courses" / "c2").symlink_to(tmp_path / "elsewhere" / "c2")
    result = add_ids(runner, "content")
    assert outside.read_text(encoding="utf-8") == QUIZ
    assert (tmp_path / "elsewhere" / "c2" / "quiz.md").read_text(encoding="utf-8") == QUIZ
    assert shared.read_text(encoding="utf-8") == CHECK.format(title="Shared")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/courses/c1/02-shared.md:6: error: The ids were not added: this file is reached through a symlink, "
        "and add-ids never writes through one",
        "  hint: Replace the symlink by the file itself, then run add-ids again.",
        "content/courses/c1/quiz.md:1: error: This symlink points outside the content folder and was not read",
        "  hint: Copy the file into the course folder instead of linking to it.",
        "content/courses/c2:1: error: This symlink points outside the content folder and was not read",
        "  hint: Copy the file into the course folder instead of linking to it.",
    ]


def test_lessons_are_the_files_validation_calls_lessons(runner, content):
    course = content / "courses" / "c1"
    lesson = write(course / "1-intro.md", CHECK.format(title="Intro"))
    notes = write(course / "notes.md", CHECK.format(title="Notes"))
    assert "Run `flask content add-ids`" in validate(runner, "content/courses/c1").output
    result = add_ids(runner, "content/courses/c1")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "content/courses/c1/1-intro.md: added ready-to-go-on"
    assert "## Ready to go on? {#ready-to-go-on}\n" in lesson.read_text(encoding="utf-8")
    assert notes.read_text(encoding="utf-8") == CHECK.format(title="Notes")  # not a course file: validation says so
    notes.unlink()
    checked = validate(runner, "content/courses/c1")
    assert checked.exit_code == 0 and "0 error(s)" in checked.output, checked.output


def test_knowledge_check_ids_are_unique_in_the_whole_course(runner, content):
    course = content / "courses" / "c1"
    write(course / "01-intro.md", CHECK.format(title="Intro"))
    write(course / "02-more.md", CHECK.format(title="More"))
    # A later lesson already uses the slug: the new ids must not take it.
    write(course / "03-last.md", CHECK.format(title="Last").replace("on?", "on? {#ready-to-go-on}"))
    result = add_ids(runner, "content")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "content/courses/c1/01-intro.md: added ready-to-go-on-2",
        "content/courses/c1/02-more.md: added ready-to-go-on-3",
    ]
    assert validate(runner).exit_code == 0


def test_one_translation_takes_the_ids_its_source_has_on_disk(runner, content):
    course = content / "courses" / "c1"
    source = write(course / "quiz.md", QUIZ)
    write(course / "quiz.de.md", QUIZ_DE)
    refused = add_ids(runner, "content/courses/c1/quiz.de.md")
    assert refused.exit_code == 1
    assert "quiz.de.md:5: error: The ids were not added: some questions in the source file quiz.md have no id" in (
        refused.stderr
    )
    assert source.read_text(encoding="utf-8") == QUIZ  # only the file named is changed
    assert add_ids(runner, "content/courses/c1/quiz.md").exit_code == 0
    result = add_ids(runner, "content/courses/c1/quiz.de.md")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("content/courses/c1/quiz.de.md: added what-comes-first")


def test_a_path_that_is_not_content_is_refused(runner, content):
    result = add_ids(runner, "content/courses")
    assert result.exit_code == 1
    assert "content/courses:1: error: This is neither a content folder (with courses/) nor a course folder" in (
        result.stderr
    )
    missing = add_ids(runner, "content/nowhere")
    assert missing.exit_code == 1 and "content/nowhere: no such file or folder" in missing.output


@pytest.fixture
def content_app(database_url, tmp_path_factory):
    """An app whose CONTENT_DIR is a temporary content folder; the shared app's config stays as it is."""
    root = tmp_path_factory.mktemp("content")
    write(root / "courses" / "c1" / "quiz.md", QUIZ)
    write(root / "courses" / "c1" / "course.md", COURSE_MD)
    shutil.copy(FIXTURES / "sectors.yml", root / "sectors.yml")
    other = build_app(database_url, CONTENT_DIR=str(root))
    yield other
    dispose(other)


def test_without_a_path_it_works_on_content_dir(content_app):
    # The CLI would reuse the shared app's pushed context: push this app's.
    with content_app.app_context():
        result = content_app.test_cli_runner().invoke(args=["content", "add-ids"])
    assert result.exit_code == 0, result.output
    quiz = Path(content_app.config["CONTENT_DIR"]) / "courses" / "c1" / "quiz.md"
    assert "## What comes first? {#what-comes-first}\n" in quiz.read_text(encoding="utf-8")
