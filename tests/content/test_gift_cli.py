"""`flask content import-gift` and `export-gift` on course folders in a temporary CONTENT_DIR."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from tests.content.gift_helpers import REAL_QUIZ, REPO, moodle_gift_folder, parse, same_questions
from tests.helpers import build_app, dispose

SMALL_GIFT = "::Listen::What comes first?{\n\t=Listen#Yes.\n\t~Ask for details#No.\n}\n\n::Essay::Why?{}\n"


@pytest.fixture(scope="module")
def content_app(database_url, tmp_path_factory):
    """An app whose CONTENT_DIR is a temporary content folder; the shared app's config stays as it is."""
    root = tmp_path_factory.mktemp("content")
    shutil.copy(REPO / "content" / "sectors.yml", root / "sectors.yml")
    (root / "courses").mkdir()
    other = build_app(database_url, CONTENT_DIR=str(root))
    yield other
    dispose(other)


@pytest.fixture
def course(content_app, request) -> Path:
    """A course folder of this test's own (course.md and one lesson, no quiz yet)."""
    # Named after the test, within the 64 characters a course id may have.
    named = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")
    course_id = f"{named[:48].strip('-')}-{hashlib.sha256(named.encode()).hexdigest()[:8]}"
    folder = Path(content_app.config["CONTENT_DIR"]) / "courses" / course_id
    folder.mkdir()
    course_md = "---\ntitle: Imported\nsummary: From Moodle.\nsectors: [all]\nduration_minutes: 10\n---\n\nOverview.\n"
    (folder / "course.md").write_text(course_md, encoding="utf-8")
    (folder / "01-intro.md").write_text("---\ntitle: Introduction\n---\n\nText.\n", encoding="utf-8")
    return folder


def flask_content(app, *args: str):
    # The CLI would reuse a pushed app context: push this app's, whatever else is pushed.
    with app.app_context():
        return app.test_cli_runner().invoke(args=["content", *args])


def failed_cleanly(result) -> bool:
    """Exit status 1 with a message, not a traceback."""
    return result.exit_code == 1 and isinstance(result.exception, SystemExit) and "Traceback" not in result.output


def test_import_gift_writes_a_quiz_that_validates_and_lists_what_it_skipped(content_app, course):
    gift = moodle_gift_folder() / "questions.gift.txt"
    result = flask_content(content_app, "import-gift", str(gift), course.name)
    assert result.exit_code == 0, result.output
    assert f"{course / 'quiz.md'}: 5 question(s) imported, 4 skipped" in result.stdout
    assert f'{gift}:2: warning: essay question "Q8" skipped: this platform has no essay questions' in result.stderr
    assert f'{gift}:31: warning: numerical question "Q5" skipped' in result.stderr
    quiz_md = (course / "quiz.md").read_text(encoding="utf-8")
    assert quiz_md.startswith("---\ntitle: Final assessment\npass_mark: 80\n---\n")
    assert re.findall(r"\{#([a-z0-9-]+)\}$", quiz_md, re.M) == ["q2", "colours", "q1", "2-08-tsl", "2-08-tsl-2"]
    validate = flask_content(content_app, "validate", str(course))
    assert validate.exit_code == 0 and "0 error(s), 0 warning(s)" in validate.output, validate.output


def test_import_gift_replaces_an_existing_quiz_only_with_force(content_app, course, tmp_path):
    gift = tmp_path / "small.gift"
    gift.write_text(SMALL_GIFT, encoding="utf-8")
    (course / "quiz.md").write_text("old quiz", encoding="utf-8")
    refused = flask_content(content_app, "import-gift", str(gift), course.name)
    assert failed_cleanly(refused)
    assert f"{course / 'quiz.md'} already exists: add --force to replace it" in refused.output
    assert (course / "quiz.md").read_text(encoding="utf-8") == "old quiz"

    forced = flask_content(content_app, "import-gift", str(gift), course.name, "--force", "--title", "Check: LIVES")
    assert forced.exit_code == 0, forced.output
    assert f'{gift}:6: warning: essay question "Essay" skipped' in forced.stderr
    questions, diagnostics = parse((course / "quiz.md").read_text(encoding="utf-8"))
    assert diagnostics == [] and list(questions) == ["listen"]
    assert (course / "quiz.md").read_text(encoding="utf-8").startswith("---\ntitle: 'Check: LIVES'\n")


@pytest.mark.parametrize(
    ("course_id", "message"),
    [
        ("Bad_Id", "`Bad_Id` is not a course id: use lowercase letters a-z, digits and hyphens"),
        ("../courses", "`../courses` is not a course id"),
        ("no-such-course", "no such course folder (create the course first, with its course.md)"),
    ],
)
@pytest.mark.parametrize("command", ["import-gift", "export-gift"])
def test_a_bad_or_unknown_course_id_fails_cleanly(content_app, tmp_path, command, course_id, message):
    gift = tmp_path / "small.gift"
    gift.write_text(SMALL_GIFT, encoding="utf-8")
    args = [str(gift), course_id] if command == "import-gift" else [course_id]
    result = flask_content(content_app, command, *args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert message in result.output


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", ": error: this is a binary file, not a GIFT text file"),
        (
            b"A?{=a ~b}\n\nB?{=\xff ~b}\n",
            ":3: error: this file is not UTF-8 text: save it as UTF-8 and import it again",
        ),
        (b"", ": error: this file contains no GIFT questions"),
        (b"A?{=a ~b}\n\nB?{\n=a\n~b\n", ':3: error: this "{" is never closed by "}"'),
    ],
    ids=["binary", "not-utf8", "empty", "unterminated-brace"],
)
def test_a_bad_gift_file_fails_with_file_and_line_and_writes_nothing(content_app, course, tmp_path, data, message):
    gift = tmp_path / "bad.gift"
    gift.write_bytes(data)
    result = flask_content(content_app, "import-gift", str(gift), course.name)
    assert failed_cleanly(result)
    assert f"{gift}{message}" in result.stderr
    assert not (course / "quiz.md").exists()


def test_a_missing_gift_file_fails_cleanly(content_app, course, tmp_path):
    result = flask_content(content_app, "import-gift", str(tmp_path / "nowhere.gift"), course.name)
    assert failed_cleanly(result) and "nowhere.gift: cannot be read" in result.output


def test_export_gift_writes_gift_and_names_the_ordering_questions_it_skips(content_app, course, tmp_path):
    shutil.copy(REAL_QUIZ, course / "quiz.md")
    to_stdout = flask_content(content_app, "export-gift", course.name)
    assert to_stdout.exit_code == 0, to_stdout.output
    assert "::refugee-recognition-date::[markdown]When did Mercy become a refugee?\\n\\n" in to_stdout.stdout
    quiz = course / "quiz.md"
    assert f'{quiz}:85: warning: ordering question "lives-order" skipped: GIFT has no ordering questions' in (
        to_stdout.stderr
    )
    assert "lives-order" not in to_stdout.stdout.replace("// ", "")
    assert f"11 question(s) exported from {quiz}" in to_stdout.stderr

    output = tmp_path / "quiz.gift"
    to_file = flask_content(content_app, "export-gift", course.name, "-o", str(output))
    assert to_file.exit_code == 0, to_file.output
    assert output.read_text(encoding="utf-8") == to_stdout.stdout
    assert f"{output}: 11 question(s) exported" in to_file.stdout


def test_exported_gift_imports_into_another_course_as_the_same_questions(content_app, course, tmp_path):
    shutil.copy(REAL_QUIZ, course / "quiz.md")
    other = course.with_name(course.name + "-copy")
    shutil.copytree(course, other)
    (other / "quiz.md").unlink()
    gift = tmp_path / "quiz.gift"
    assert flask_content(content_app, "export-gift", course.name, "-o", str(gift)).exit_code == 0
    result = flask_content(content_app, "import-gift", str(gift), other.name)
    assert result.exit_code == 0, result.output
    before, _ = parse(REAL_QUIZ.read_text(encoding="utf-8"))
    after, diagnostics = parse((other / "quiz.md").read_text(encoding="utf-8"))
    assert diagnostics == [] and len(after) == 11
    for qid, question in after.items():
        assert same_questions(question, before[qid]), qid


def test_export_gift_fails_cleanly_without_a_quiz_or_with_a_broken_one(content_app, course):
    missing = flask_content(content_app, "export-gift", course.name)
    assert failed_cleanly(missing) and f"{course / 'quiz.md'}: the course has no quiz.md" in missing.output
    (course / "quiz.md").write_text("---\npass_mark: 80\n---\n\n## Which? {#which}\n\n- [ ] a\n- [ ] b\n")
    broken = flask_content(content_app, "export-gift", course.name)
    assert failed_cleanly(broken)
    assert f"{course / 'quiz.md'}:5: error: The question “Which?” has no correct option marked [x]" in broken.stderr
    assert broken.stdout == ""
