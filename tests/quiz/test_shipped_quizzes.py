"""Every shipped course's quiz works end to end: published from content/courses, taken through
the learner's routes with the right answers (100%, passed) and with wrong ones (not passed).

The right answers are read from the version's source quiz, as stored by publishing, so a
question that the parser and the grader disagree about fails here.
"""

from __future__ import annotations

import pytest

from app.courses.models import CourseVersion
from tests import factories
from tests.factories import CONTENT
from tests.helpers import csrf_token_from, signed_in_client
from tests.quiz.helpers import acknowledge_content_note, attempt, main_text, quiz_url, right, take_whole_quiz, wrong

SHIPPED = sorted(folder.name for folder in (CONTENT / "courses").iterdir() if (folder / "course.md").is_file())
WITH_QUIZ = [course_id for course_id in SHIPPED if (CONTENT / "courses" / course_id / "quiz.md").is_file()]


@pytest.fixture
def published() -> dict[str, CourseVersion]:
    """The whole content/courses tree, published as `flask content publish` does."""
    return {course_id: factories.published_course(course_id) for course_id in SHIPPED}


def complete_lessons(client, version: CourseVersion) -> None:
    for lesson in version.manifest["lessons"]:
        page = client.get(f"/courses/{version.course_id}/lessons/{lesson['id']}")
        assert page.status_code == 200, (version.course_id, lesson["id"], page.status_code)
        done = client.post(
            f"/courses/{version.course_id}/lessons/{lesson['id']}/complete", data={"csrf_token": csrf_token_from(page)}
        )
        assert done.status_code == 302


def ready_learner(app, published, course_id: str, name: str):
    """A learner who may start the course: prerequisites completed, content note read."""
    person = factories.user(email=f"{name}-{course_id}@example.org")
    client = signed_in_client(app, person.email)
    for prerequisite in published[course_id].manifest["settings"].get("prerequisites") or []:
        acknowledge_content_note(client, prerequisite)
        complete_lessons(client, published[prerequisite])
        take_whole_quiz(client, prerequisite, right)
    if published[course_id].manifest["metadata"][published[course_id].source_locale].get("content_warning"):
        acknowledge_content_note(client, course_id)
    return person, client


def test_every_shipped_course_has_a_quiz():
    assert WITH_QUIZ == SHIPPED and len(SHIPPED) >= 9


@pytest.mark.parametrize("course_id", WITH_QUIZ)
def test_wrong_answers_fail_right_answers_pass_and_complete_the_course(app, published, course_id):
    person, client = ready_learner(app, published, course_id, "learner")
    failed = attempt(take_whole_quiz(client, course_id, wrong))
    assert failed.version_hash == published[course_id].content_hash
    assert failed.score == 0.0 and failed.passed is False
    review = main_text(client.get(quiz_url(course_id, "attempts", failed.id, "review")))
    assert "You did not reach the pass mark this time." in review and "Correct answer" in review

    if published[course_id].manifest["quiz"][published[course_id].source_locale]["settings"]["max_attempts"] == 1:
        person, client = ready_learner(app, published, course_id, "second")
    passed = attempt(take_whole_quiz(client, course_id, right))
    assert passed.score == 100.0 and passed.passed is True
    assert "You passed this assessment." in main_text(client.get(quiz_url(course_id, "attempts", passed.id, "review")))

    complete_lessons(client, published[course_id])
    assert "You completed this course on" in main_text(client.get(quiz_url(course_id)))
