"""Taking a quiz through the HTTP interface, as a learner's browser does, and reading the result.

The answers a test gives are chosen by option id from the version's source quiz, so they
do not depend on the order the attempt shows the options in.
"""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

from sqlalchemy import select

from app.content.questions import Question
from app.courses.models import CourseVersion, Enrolment
from app.extensions import db
from app.quiz.models import QuizAnswer, QuizAttempt
from tests.factories import CONTENT
from tests.helpers import _PageParser, csrf_token_from

ATTEMPT_URL = re.compile(r"/courses/[^/]+/quiz/attempts/(\d+)$")


class _MainText(HTMLParser):
    """The text of <main>, as a screen reader would read it, whitespace collapsed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "main" or self.depth:
            self.depth += tag not in _PageParser.VOID

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def main_text(response) -> str:
    parser = _MainText()
    parser.feed(response.get_data(as_text=True))
    return " ".join(" ".join(parser.parts).split())


def quiz_url(course_id: str, *rest) -> str:
    return "/".join([f"/courses/{course_id}/quiz", *map(str, rest)])


def token(client, course_id: str) -> str:
    return csrf_token_from(client.get(quiz_url(course_id)))


def acknowledge_content_note(client, course_id: str) -> None:
    """Read the course's content note and confirm it, on the course page (its owner's route)."""
    page = client.get(f"/courses/{course_id}")
    response = client.post(f"/courses/{course_id}/content-note", data={"csrf_token": csrf_token_from(page)})
    assert response.status_code in (302, 303), response.status_code


def start(client, course_id: str) -> int:
    """Press Start (or Continue) on the quiz page; the attempt's id."""
    response = client.post(quiz_url(course_id, "attempts"), data={"csrf_token": token(client, course_id)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    match = ATTEMPT_URL.search(response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def save(client, course_id: str, attempt_id: int, question_id: str, data: dict, go: str = "end", **extra):
    """Send one question's form, as its Save button does."""
    form = {"csrf_token": token(client, course_id), "question": question_id, "go": go, **data, **extra}
    return client.post(quiz_url(course_id, "attempts", attempt_id, "answers"), data=form)


def submit(client, course_id: str, attempt_id: int, confirm: bool = True, **extra):
    form = {"csrf_token": token(client, course_id), **extra}
    if confirm:
        form["confirm"] = "yes"
    return client.post(quiz_url(course_id, "attempts", attempt_id, "submit"), data=form)


def attempt(attempt_id: int) -> QuizAttempt:
    db.session.expire_all()
    return db.session.get(QuizAttempt, attempt_id)


def answers(attempt_id: int) -> dict[str, list[str]]:
    db.session.expire_all()
    rows = db.session.scalars(select(QuizAnswer).where(QuizAnswer.attempt_id == attempt_id))
    return {row.question_id: row.response for row in rows}


def enrolment(user_id: int, course_id: str) -> Enrolment | None:
    db.session.expire_all()
    return db.session.scalar(select(Enrolment).where(Enrolment.user_id == user_id, Enrolment.course_id == course_id))


def source_questions(course_id: str, version_hash: str) -> dict[str, Question]:
    """The questions of a version's source quiz (what decides correctness), by id."""
    version = db.session.scalar(
        select(CourseVersion).where(CourseVersion.course_id == course_id, CourseVersion.content_hash == version_hash)
    )
    quiz = version.manifest["quiz"][version.source_locale]
    return {q["id"]: Question.from_dict(q) for q in quiz["questions"]}


def right(question: Question) -> dict:
    """The form data of the correct answer."""
    if question.type == "ordering":
        return {f"position-{oid}": str(n) for n, oid in enumerate(question.option_ids, 1)}
    return {"answer": question.correct_ids}


def wrong(question: Question) -> dict:
    """The form data of an answer that scores 0 in either scoring mode."""
    if question.type == "ordering":  # reversed: no neighbour pair kept
        return {f"position-{oid}": str(len(question.option_ids) - n) for n, oid in enumerate(question.option_ids)}
    return {"answer": [next(o.id for o in question.options if not o.correct)]}


def answer_all(client, course_id: str, attempt_id: int, choose=right) -> None:
    taken = attempt(attempt_id)
    questions = source_questions(course_id, taken.version_hash)
    for qid in taken.question_ids:
        response = save(client, course_id, attempt_id, qid, choose(questions[qid]))
        assert response.status_code == 302, response.get_data(as_text=True)[:500]


def take_whole_quiz(client, course_id: str, choose=right) -> int:
    """Start, answer every question, submit; the attempt's id."""
    attempt_id = start(client, course_id)
    answer_all(client, course_id, attempt_id, choose)
    response = submit(client, course_id, attempt_id)
    assert response.status_code == 302 and response.headers["Location"].endswith("/review"), response.status_code
    return attempt_id


# --- a small course written for these tests ---------------------------------------------------

QUIZ_BODY = """
## Which response comes first? {#first}

A stem paragraph about the *situation*.

- [ ] Ask for every detail
  > Details are not needed to help.
- [x] Listen without judgement
  > Yes: listening comes first.
- [ ] Call the police for her
  > Reporting is her decision.

> Listening is the first step of first-line support.

## Who may interpret? {#interpret}

- [x] A professional interpreter
- [x] A telephone interpreting service
- [ ] Her partner
- [ ] Her child

## Put the steps in order. {#order}

1. Listen
2. Inquire
3. Validate
4. Enhance safety

## Consent is needed before a referral. {#consent}

- [x] True
- [ ] False
"""


def write_course(
    root: Path, course_id: str = "quiz-test", translations: dict[str, str] | None = None, **settings
) -> Path:
    """A course folder with one lesson and a four-question quiz whose front matter is `settings`."""
    folder = root / course_id
    folder.mkdir(parents=True)
    (folder / "course.md").write_text(
        textwrap.dedent("""\
        ---
        title: Quiz test course
        summary: A course for testing the final assessment.
        sectors: [all]
        duration_minutes: 30
        ---

        An overview.
        """),
        encoding="utf-8",
    )
    (folder / "01-only-lesson.md").write_text("---\ntitle: The only lesson\n---\n\nSome text.\n", encoding="utf-8")
    front = {"title": "Test assessment", "pass_mark": 75, **settings}
    header = "\n".join(
        f"{key}: {str(value).lower() if isinstance(value, bool) else value}" for key, value in front.items()
    )
    (folder / "quiz.md").write_text(f"---\n{header}\n---\n\nThe introduction.\n{QUIZ_BODY}", encoding="utf-8")
    for locale, body in (translations or {}).items():
        (folder / f"quiz.{locale}.md").write_text(body, encoding="utf-8")
    return root


SECTORS = CONTENT / "sectors.yml"


def open_attempt_id(person, version) -> int:
    """An open attempt of `person` on `version`, started with the app's service and committed."""
    from app.quiz import queries, services  # noqa: PLC0415 (only the tests that build worlds need it)

    started = services.start_attempt(person, version.course_id, version.content_hash, queries.quiz_content(version))
    db.session.commit()
    return started.id
