"""Ids follow CONTENT-FORMAT.md exactly: course folder names and question ids are `[a-z0-9-]+`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.content.validator import validate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"
COURSE_MD = "---\ntitle: T\nsummary: S\nsectors: [police]\nduration_minutes: 5\n---\n\nOverview.\n"


def course_with_ids(tmp_path: Path, course_id: str, question_id: str) -> Path:
    """A content folder whose one course, quiz question, knowledge check and reflection use these ids."""
    content = tmp_path / "content"
    course = content / "courses" / course_id
    course.mkdir(parents=True)
    shutil.copy(FIXTURES / "sectors.yml", content / "sectors.yml")
    (course / "course.md").write_text(COURSE_MD, encoding="utf-8")
    (course / "01-intro.md").write_text(
        f"---\ntitle: Intro\n---\n\n::: check\n## Ready? {{#{question_id}}}\n\n- [x] Yes\n- [ ] No\n:::\n\n"
        f"::: reflect {{#{question_id}}}\nWhat helped you listen?\n:::\n",
        encoding="utf-8",
    )
    (course / "quiz.md").write_text(
        f"---\npass_mark: 80\n---\n\n## First? {{#{question_id}}}\n\n- [x] Listen\n- [ ] Judge\n", encoding="utf-8"
    )
    return content


@pytest.mark.parametrize(
    ("course_id", "question_id"),
    [("c--1", "first-"), ("-course", "-a--b"), ("2026", "-"), ("first-response", "first-step")],
)
def test_every_id_of_lowercase_letters_digits_and_hyphens_is_valid(tmp_path, course_id, question_id):
    assert [d.format() for d in validate(course_with_ids(tmp_path, course_id, question_id))] == []


@pytest.mark.parametrize("bad", ["First", "first_step", "café", "a+b"])
def test_other_characters_are_still_refused(tmp_path, bad):
    errors = [(d.path.rsplit("/", 1)[-1], d.message) for d in validate(course_with_ids(tmp_path, bad, bad))]
    assert errors == [
        (bad, f"The course folder name `{bad}` is not a valid course id"),
        ("01-intro.md", f"The question id `{bad}` is not valid"),
        ("01-intro.md", f"The reflection id `{bad}` is not valid"),
        ("quiz.md", f"The question id `{bad}` is not valid"),
    ]
