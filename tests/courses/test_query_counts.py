"""The learner's pages read a bounded number of rows: the count of SQL statements does not grow
with the number of courses, lessons or other learners (no N+1)."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from app.auth.models import User
from app.courses.models import Enrolment, LessonProgress
from app.courses.published import clear_manifest_cache
from app.extensions import db
from tests.courses.course_folders import acknowledge, complete, lesson_url, token


@contextmanager
def counting():
    """Count the statements sent to the database (the test's connection, see conftest)."""
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    target = db.engine
    event.listen(target, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(target, "before_cursor_execute", count)


def queries_for(client, method: str, url: str, *, cold_cache: bool = True, statements: bool = False, **kwargs):
    """Statements for one request (their count, or the statements themselves), by default from a
    cold cache of published courses (the costlier case) and, as in production, an empty session
    (the tests keep one session for the whole test). The test's savepoint (see conftest) counts too."""
    if cold_cache:
        clear_manifest_cache()
    db.session.remove()
    with counting() as sent:
        response = client.open(url, method=method, **kwargs)
    assert response.status_code < 400, (url, response.status_code)
    return sent if statements else len(sent)


def reread(client, url: str) -> int:
    """Statements for opening a lesson again, right after opening it (nothing new to record)."""
    client.get(url)
    return queries_for(client, "GET", url)


def other_learners(course_id: str, how_many: int, lessons: list[str]) -> None:
    """People who started and completed lessons of the course (rows only: no passwords to hash)."""
    for number in range(how_many):
        person = User(email=f"other{number}@example.org", password_hash="x", display_name=f"Other {number}")
        db.session.add(person)
        db.session.flush()
        db.session.add(Enrolment(user_id=person.id, course_id=course_id, last_lesson_id=lessons[-1]))
        db.session.add_all(
            LessonProgress(user_id=person.id, course_id=course_id, lesson_id=lesson, version_hash="v")
            for lesson in lessons
        )
    db.session.commit()


def test_the_catalogue_does_not_grow_with_courses(make_course, learner_client):
    make_course("course-0")
    acknowledge(learner_client, "course-0")
    one = queries_for(learner_client, "GET", "/courses/")
    for number in range(1, 10):
        make_course(f"course-{number}")
        acknowledge(learner_client, f"course-{number}")
        complete(learner_client, f"course-{number}", "lesson-1")
    assert queries_for(learner_client, "GET", "/courses/") == one


def test_the_course_page_does_not_grow_with_lessons_or_learners(make_course, learner_client):
    make_course("small", lessons=3)
    make_course("large", lessons=30)
    for course in ("small", "large"):
        acknowledge(learner_client, course)
        complete(learner_client, course, "lesson-1")
        complete(learner_client, course, "lesson-2")
    small = queries_for(learner_client, "GET", "/courses/small")
    assert queries_for(learner_client, "GET", "/courses/large") == small

    other_learners("small", 50, ["lesson-1", "lesson-2", "lesson-3"])
    assert queries_for(learner_client, "GET", "/courses/small") == small


def test_the_lesson_page_does_not_grow_with_lessons_or_learners(make_course, learner_client):
    make_course("small", lessons=3)
    make_course("large", lessons=30)
    pages = [lesson_url("small", "lesson-2"), lesson_url("large", "lesson-2"), lesson_url("large", "lesson-29")]
    for course in ("small", "large"):
        acknowledge(learner_client, course)
        complete(learner_client, course, "lesson-1")
    # The first opening records the lesson's start and makes it the one to continue with.
    first_openings = [queries_for(learner_client, "GET", page) for page in pages]
    assert first_openings == [first_openings[0]] * 3

    # Moving to a lesson opened before records only the lesson to continue with.
    moves = [queries_for(learner_client, "GET", page) for page in (lesson_url("small", "lesson-1"), *pages[1:])]
    assert moves == [moves[0]] * 3 and moves[0] < first_openings[0]

    rereads = [reread(learner_client, page) for page in pages]
    assert rereads == [rereads[0]] * 3 and rereads[0] < moves[0]
    other_learners("small", 50, ["lesson-1", "lesson-2"])
    assert reread(learner_client, pages[0]) == rereads[0]


def test_rereading_a_lesson_reads_a_handful_of_rows_and_writes_nothing(make_course, learner_client):
    """Rereading (a reload, the back button, coming back to the tab) has a budget: the user
    with their roles, the served version with their enrolment, the learner's rows on this
    lesson; from a cold cache also the manifest and the lesson's page. No write, so no commit."""
    make_course("small", lessons=3)
    acknowledge(learner_client, "small")
    learner_client.get(lesson_url("small", "lesson-1"))
    cold = reread(learner_client, lesson_url("small", "lesson-1"))
    warm = queries_for(learner_client, "GET", lesson_url("small", "lesson-1"), cold_cache=False, statements=True)
    assert cold == 6  # counts include the test's savepoint
    assert len(warm) == 4
    assert all(statement.lstrip().upper().startswith(("SELECT", "SAVEPOINT")) for statement in warm), warm


def test_completing_a_lesson_and_answering_a_check_do_not_grow_with_lessons(make_course, learner_client):
    make_course("small", lessons=3)
    make_course("large", lessons=30)
    counts = {}
    for course in ("small", "large"):
        acknowledge(learner_client, course)
        data = {"csrf_token": token(learner_client)}
        counts[course] = (
            queries_for(learner_client, "POST", lesson_url(course, "lesson-2", "complete"), data=data),
            queries_for(
                learner_client,
                "POST",
                lesson_url(course, "lesson-1", "checks", "l1-who-decides"),
                data={**data, "answer": "b"},
            ),
        )
    assert counts["small"] == counts["large"]


def test_the_dashboard_does_not_grow_with_courses(make_course, learner_client):
    make_course("course-0")
    acknowledge(learner_client, "course-0")
    one = queries_for(learner_client, "GET", "/learning")
    for number in range(1, 10):
        make_course(f"course-{number}", lessons=5)
        acknowledge(learner_client, f"course-{number}")
        complete(learner_client, f"course-{number}", "lesson-1")
    assert queries_for(learner_client, "GET", "/learning") == one
