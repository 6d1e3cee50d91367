"""Course folders written for a test (any number of lessons, checks, translations), published
as `flask content publish` would, and the learner's side read back from the database."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from sqlalchemy import select

from app.courses.models import CheckAnswer, Enrolment, LessonProgress, Reflection
from app.extensions import db
from tests import factories
from tests.factories import CONTENT
from tests.helpers import csrf_token_from

NOTE = "This course discusses sexual violence, without graphic detail."

# The first lesson of a written course has one check of each type and a reflection.
CHECKS = """
::: check
## Who decides whether to report to the police? {#{prefix}-who-decides}

- [ ] You, as the professional
  > Reporting is her decision, not yours.
- [x] The survivor
  > Yes: she decides, with the information she needs.
- [ ] Her family

> Adults decide whether to report; child protection is different.
:::

::: check
## Who may interpret? Select all that apply. {#{prefix}-interpreters}

- [x] A professional interpreter
- [x] A telephone interpreting service
- [ ] Her partner
  > The partner may be the person she fears.

> Never family or friends.
:::

::: check
## Put the LIVES steps in order. {#{prefix}-lives-order}

1. Listen
2. Inquire
3. Validate
4. Enhance safety
5. Support

> L-I-V-E-S.
:::

::: reflect
What would you say first?
:::
"""


def write_course(
    root: Path,
    course_id: str,
    *,
    lessons: int = 3,
    quiz: bool = False,
    note: str | None = NOTE,
    sectors: str = "[all]",
    levels: str | None = None,
    prerequisites: tuple[str, ...] = (),
    title: str | None = None,
    summary: str = "A short course for the tests.",
    optional_last: bool = False,
    translations: dict[str, str] | None = None,
    stale: tuple[str, ...] = (),
) -> Path:
    """Write content/courses/<course_id>/ under `root` (with sectors.yml); returns `root`.

    `translations` maps a locale to the translated title; each lesson is translated too,
    and the locales in `stale` claim to be made from an older source.
    """
    folder = root / "courses" / course_id
    folder.mkdir(parents=True)
    if not (root / "sectors.yml").exists():
        shutil.copy(CONTENT / "sectors.yml", root / "sectors.yml")
    front = [
        f"title: {title or 'Course ' + course_id}",
        f"summary: {summary}",
        f"sectors: {sectors}",
        "duration_minutes: 75",
        "reviewed: 2026-10-01",
        "authors: [Amal Author]",
    ]
    if levels:
        front.append(f"levels: {levels}")
    if note:
        front.append(f"content_warning: {note}")
    if prerequisites:
        front.append(f"prerequisites: [{', '.join(prerequisites)}]")
    _write(folder / "course.md", front, "An overview of the course.")
    for number in range(1, lessons + 1):
        meta = [f"title: Lesson {number} of {course_id}", "duration_minutes: 10"]
        if optional_last and number == lessons:
            meta.append("optional: true")
        body = f"## Part {number}\n\nText of lesson {number}.\n"
        if number == 1:
            body += CHECKS.replace("{prefix}", "l1")
        _write(folder / f"{number:02d}-lesson-{number}.md", meta, body)
    for locale, translated_title in (translations or {}).items():
        marker = ["translated_from: 000000000000"] if locale in stale else []
        _write(
            folder / f"course.{locale}.md",
            [f"title: {translated_title}", f"summary: Résumé {locale}"],
            f"Vue d'ensemble ({locale}).",
        )
        for number in range(1, lessons + 1):
            body = f"## Partie {number}\n\nTexte de la leçon {number} ({locale}).\n"
            if number == 1:
                body += CHECKS.replace("{prefix}", "l1").replace("Who decides", f"Qui décide ({locale})")
            _write(
                folder / f"{number:02d}-lesson-{number}.{locale}.md",
                [f"title: Leçon {number} ({locale})", *marker],
                body,
            )
    if quiz:
        _write(
            folder / "quiz.md",
            ["title: Final assessment", "pass_mark: 50"],
            "## Who decides? {#q1}\n\n- [x] The survivor\n- [ ] You\n",
        )
    return root


def _write(path: Path, front: list[str], body: str) -> None:
    path.write_text("---\n" + "\n".join(front) + "\n---\n\n" + textwrap.dedent(body), "utf-8")


def publish(root: Path, course_id: str):
    """Publish a written course; returns its CourseVersion."""
    return factories.published_course(course_id, content_root=root)


# --- acting as the learner ---------------------------------------------------------------------


def lesson_url(course_id: str, lesson_id: str, *rest: str) -> str:
    return "/".join([f"/courses/{course_id}/lessons/{lesson_id}", *rest])


def token(client, url: str = "/learning") -> str:
    return csrf_token_from(client.get(url))


def acknowledge(client, course_id: str):
    page = client.get(f"/courses/{course_id}")
    return client.post(f"/courses/{course_id}/content-note", data={"csrf_token": csrf_token_from(page)})


def complete(client, course_id: str, lesson_id: str, **kwargs):
    return client.post(lesson_url(course_id, lesson_id, "complete"), data={"csrf_token": token(client)}, **kwargs)


def text(response) -> str:
    return response.get_data(as_text=True)


# --- reading the learner's records -------------------------------------------------------------


def enrolment(user_id: int, course_id: str) -> Enrolment | None:
    db.session.expire_all()
    return db.session.scalar(select(Enrolment).where(Enrolment.user_id == user_id, Enrolment.course_id == course_id))


def progress(user_id: int, course_id: str) -> dict[str, LessonProgress]:
    db.session.expire_all()
    rows = db.session.scalars(
        select(LessonProgress).where(LessonProgress.user_id == user_id, LessonProgress.course_id == course_id)
    )
    return {row.lesson_id: row for row in rows}


def check_answers(user_id: int) -> dict[str, CheckAnswer]:
    db.session.expire_all()
    return {row.check_id: row for row in db.session.scalars(select(CheckAnswer).where(CheckAnswer.user_id == user_id))}


def reflections(user_id: int) -> dict[str, Reflection]:
    db.session.expire_all()
    rows = db.session.scalars(select(Reflection).where(Reflection.user_id == user_id))
    return {row.reflection_id: row for row in rows}
