"""The course page: overview, outline with my status, prerequisites, the content note, what comes next."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from app.courses.models import Course
from app.extensions import db
from tests import factories
from tests.courses.course_folders import NOTE, acknowledge, complete, enrolment, lesson_url, text
from tests.helpers import csrf_token_from, db_snapshot, signed_in_client


def outline_items(response) -> list[str]:
    """Each lesson of the outline as text: title, status, optional mark, time."""
    page = text(response)
    block = page.split('<ol class="outline">')[1].split("</ol>")[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in block.split('<li class="outline-item">')[1:]]


def test_the_page_shows_the_course_and_its_facts(make_course, learner_client):
    make_course(
        "alpha",
        title="Alpha course",
        summary="Recognise and refer.",
        optional_last=True,
        translations={"fr": "Cours alpha"},
    )

    response = learner_client.get("/courses/alpha")
    page = text(response)

    assert response.status_code == 200
    assert "<h1>Alpha course</h1>" in page
    assert "Recognise and refer." in page and "An overview of the course." in page
    assert "1 hour 15 minutes" in page
    assert "3 lessons, 1 of them optional" in page
    assert "English and French" in page
    assert "Last reviewed" in page and "October 1, 2026" in page
    assert "Amal Author" in page
    assert outline_items(response) == [
        "Lesson 1 of alpha Not started 10 minutes",
        "Lesson 2 of alpha Not started 10 minutes",
        "Lesson 3 of alpha Not started Optional 10 minutes",
    ]


def test_the_outline_shows_each_lessons_status(make_course, learner_client):
    make_course("alpha")
    acknowledge(learner_client, "alpha")
    complete(learner_client, "alpha", "lesson-1")
    learner_client.get(lesson_url("alpha", "lesson-2"))

    statuses = outline_items(learner_client.get("/courses/alpha"))

    assert [item.split(" alpha ")[1].rsplit(" ", 2)[0] for item in statuses] == [
        "Completed",
        "In progress",
        "Not started",
    ]


def test_the_content_note_is_acknowledged_once_before_the_first_lesson(make_course, learner, learner_client):
    make_course("alpha")
    page = text(learner_client.get("/courses/alpha"))
    assert NOTE in page
    assert "Quick exit" in page and "your progress is saved" in page
    assert "I have read this note: start the course" in page
    assert 'href="/courses/alpha/lessons/lesson-1">Start' not in page

    # A lesson does not open before the note is read: back to the course page, saying why.
    response = learner_client.get(lesson_url("alpha", "lesson-1"), follow_redirects=True)
    assert response.request.path == "/courses/alpha"
    assert "please read the content note" in text(response)
    assert enrolment(learner.id, "alpha") is None

    response = acknowledge(learner_client, "alpha")
    assert response.status_code == 302 and response.headers["Location"] == lesson_url("alpha", "lesson-1")
    first = enrolment(learner.id, "alpha").content_note_acknowledged_at
    assert first is not None

    acknowledge(learner_client, "alpha")
    assert enrolment(learner.id, "alpha").content_note_acknowledged_at == first
    page = text(learner_client.get("/courses/alpha"))
    assert "I have read this note" not in page
    assert NOTE in page  # still there to read again
    assert learner_client.get(lesson_url("alpha", "lesson-1")).status_code == 200


def test_the_note_links_to_the_looking_after_yourself_course_when_it_is_published(make_course, learner_client):
    make_course("alpha")
    assert "/courses/looking-after-yourself" not in text(learner_client.get("/courses/alpha"))
    factories.published_course("looking-after-yourself")
    assert 'href="/courses/looking-after-yourself"' in text(learner_client.get("/courses/alpha"))


def test_a_course_without_a_note_starts_at_once(make_course, learner_client):
    make_course("alpha", note=None)
    page = text(learner_client.get("/courses/alpha"))
    assert "Content note" not in page
    assert f'href="{lesson_url("alpha", "lesson-1")}">Start the course' in page
    assert learner_client.get(lesson_url("alpha", "lesson-1")).status_code == 200


def test_continue_goes_to_the_lesson_last_opened(make_course, learner_client):
    make_course("alpha", lessons=4)
    acknowledge(learner_client, "alpha")
    complete(learner_client, "alpha", "lesson-1")
    learner_client.get(lesson_url("alpha", "lesson-3"))

    page = text(learner_client.get("/courses/alpha"))

    assert f'href="{lesson_url("alpha", "lesson-3")}">Continue: Lesson 3 of alpha' in page


def test_prerequisites_block_starting_until_they_are_completed(app, make_course, learner, learner_client):
    make_course("basics", title="Basics course", lessons=1, note=None)
    make_course("advanced", prerequisites=("basics",))

    page = text(learner_client.get("/courses/advanced"))
    assert "Basics course" in page and "Not completed yet" in page
    assert "You can start this course once the courses it builds on are completed" in page
    assert "I have read this note" not in page

    before = db_snapshot()
    response = learner_client.post(
        "/courses/advanced/content-note", data={"csrf_token": csrf_token_from(learner_client.get("/courses/advanced"))}
    )
    assert response.headers["Location"] == "/courses/advanced"
    response = learner_client.get(lesson_url("advanced", "lesson-1"), follow_redirects=True)
    assert "complete them first" in text(response)
    assert db_snapshot() == before

    learner_client.get(lesson_url("basics", "lesson-1"))
    complete(learner_client, "basics", "lesson-1")
    page = text(learner_client.get("/courses/advanced"))
    assert "Completed" in page.split("Courses this one builds on")[1]
    assert "I have read this note: start the course" in page
    assert acknowledge(learner_client, "advanced").headers["Location"] == lesson_url("advanced", "lesson-1")


def test_a_prerequisite_that_is_no_longer_offered_does_not_block(make_course, learner_client):
    make_course("basics", title="Basics course", lessons=1)
    make_course("advanced", prerequisites=("basics",))
    db.session.get(Course, "basics").retired_at = datetime.now(UTC)
    db.session.commit()

    page = text(learner_client.get("/courses/advanced"))

    assert "No longer offered" in page
    assert "I have read this note: start the course" in page


def test_the_final_assessment_is_linked_when_the_course_has_one(make_course, learner_client):
    make_course("with-quiz", quiz=True)
    make_course("without-quiz")
    assert 'href="/courses/with-quiz/quiz"' in text(learner_client.get("/courses/with-quiz"))
    assert "/quiz" not in text(learner_client.get("/courses/without-quiz"))


def test_a_completed_course_shows_the_date_and_the_certificate(make_course, learner_client):
    make_course("alpha", lessons=1, note=None)
    learner_client.get(lesson_url("alpha", "lesson-1"))
    complete(learner_client, "alpha", "lesson-1")

    html = text(learner_client.get("/courses/alpha"))

    assert "You completed this course on" in html
    assert 'href="/certificates/">Your certificate</a>' in html


def test_a_retired_course_keeps_its_page_but_no_longer_opens_lessons(make_course, learner, learner_client):
    make_course("alpha")
    acknowledge(learner_client, "alpha")
    complete(learner_client, "alpha", "lesson-1")
    db.session.get(Course, "alpha").retired_at = datetime.now(UTC)
    db.session.commit()

    response = learner_client.get("/courses/alpha")
    assert response.status_code == 200
    assert "This course has been retired" in text(response)
    assert 'href="/courses/alpha/lessons/' not in text(response)
    assert "Completed" in outline_items(response)[0]

    before = db_snapshot()
    response = learner_client.get(lesson_url("alpha", "lesson-2"), follow_redirects=True)
    assert response.request.path == "/courses/alpha" and "This course has been retired" in text(response)
    complete(learner_client, "alpha", "lesson-2")
    assert db_snapshot() == before


def test_unknown_courses_are_not_found(learner_client):
    for url in ("/courses/nope", "/courses/nope/lessons/lesson-1", "/courses/nope/content-note"):
        response = learner_client.get(url)
        assert response.status_code in (404, 405), url
    assert learner_client.get("/courses/nope").status_code == 404
    assert "Page not found" in text(learner_client.get("/courses/nope"))


def test_another_learners_progress_is_not_mine(app, make_course, learner_client):
    make_course("alpha", note=None)
    factories.user(email="other@example.org")
    other = signed_in_client(app, "other@example.org")
    other.get(lesson_url("alpha", "lesson-1"))
    complete(other, "alpha", "lesson-1")

    assert all("Not started" in item for item in outline_items(learner_client.get("/courses/alpha")))
