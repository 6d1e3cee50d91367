"""Forged and replayed requests: refused with a message, and nothing at all is recorded."""

from __future__ import annotations

import pytest

from tests import factories
from tests.helpers import db_snapshot, signed_in_client
from tests.quiz.helpers import answer_all, attempt, main_text, quiz_url, save, start, submit, token

NOTHING_SAVED = "so nothing was saved"


@pytest.fixture
def open_attempt(learner_client, course):
    return start(learner_client, course.course_id)


def refused(response, message: str) -> bool:
    return response.status_code == 400 and message in main_text(response)


@pytest.mark.parametrize(
    ("question", "data", "message"),
    [
        ("no-such-question", {"answer": "a"}, "That question is not part of this attempt"),
        ("", {"answer": "a"}, "That question is not part of this attempt"),
        ("first", {"answer": "z"}, "That answer is not one of this question's options"),
        ("first", {"answer": ["a", "b"]}, "This question takes one answer only"),
        ("interpret", {"answer": ["a", "a"]}, "That answer is not one of this question's options"),
        ("interpret", {"answer": ["a", "<script>"]}, "That answer is not one of this question's options"),
        (
            "order",
            {"position-a": "9", "position-b": "1", "position-c": "2", "position-d": "3"},
            "That answer is not one of this question's options",
        ),
        (
            "order",
            {"position-a": "one", "position-b": "1", "position-c": "2", "position-d": "3"},
            "That answer is not one of this question's options",
        ),
        (
            "order",
            {"position-a": ["1", "2"], "position-b": "3", "position-c": "4", "position-d": ""},
            "That answer is not one of this question's options",
        ),
        ("order", {"position-z": "1"}, "information the page does not send"),
        ("first", {"answer": "b", "score": "100"}, "information the page does not send"),
        ("first", {"answer": "b", "question_ids": "first"}, "information the page does not send"),
        ("first", {"position-a": "1"}, "information the page does not send"),
    ],
)
def test_forged_answers_are_refused_and_nothing_is_recorded(
    learner_client, course, open_attempt, question, data, message
):
    before = db_snapshot()
    response = save(learner_client, course.course_id, open_attempt, question, data)
    assert refused(response, message), main_text(response)
    assert NOTHING_SAVED in main_text(response)
    assert db_snapshot() == before


@pytest.mark.parametrize("go", ["0", "5", "-1", "next", "", "end2"])
def test_a_forged_destination_is_refused(learner_client, course, open_attempt, go):
    before = db_snapshot()
    response = save(learner_client, course.course_id, open_attempt, "first", {"answer": "b"}, go=go)
    assert refused(response, "a page the attempt does not have")
    assert db_snapshot() == before


def test_a_question_that_was_not_drawn_cannot_be_answered(learner_client, make_course):
    version = make_course(draw=2)
    attempt_id = start(learner_client, version.course_id)
    not_drawn = next(q for q in ("first", "interpret", "order", "consent") if q not in attempt(attempt_id).question_ids)
    before = db_snapshot()
    response = save(learner_client, version.course_id, attempt_id, not_drawn, {"answer": "a"})
    assert refused(response, "That question is not part of this attempt")
    assert db_snapshot() == before


def test_a_forged_draw_or_score_when_starting_is_refused(learner_client, course):
    before = db_snapshot()
    for extra in ({"question_ids": "first"}, {"number": "7"}, {"score": "100"}):
        form = {"csrf_token": token(learner_client, course.course_id), **extra}
        response = learner_client.post(quiz_url(course.course_id, "attempts"), data=form)
        assert refused(response, "information the page does not send")
    assert db_snapshot() == before


def test_a_forged_score_when_submitting_is_refused_and_the_attempt_stays_open(learner_client, course, open_attempt):
    answer_all(learner_client, course.course_id, open_attempt)
    before = db_snapshot()
    url = quiz_url(course.course_id, "attempts", open_attempt, "submit")
    for extra in ({"score": "100"}, {"passed": "1"}, {"confirm": "maybe"}):
        response = learner_client.post(url, data={"csrf_token": token(learner_client, course.course_id), **extra})
        assert refused(response, "information the page does not send")
    assert db_snapshot() == before
    assert attempt(open_attempt).submitted_at is None


def test_answers_after_submission_are_refused(learner_client, course, open_attempt):
    answer_all(learner_client, course.course_id, open_attempt)
    submit(learner_client, course.course_id, open_attempt)
    before = db_snapshot()
    response = save(learner_client, course.course_id, open_attempt, "first", {"answer": "a"})
    assert refused(response, "This attempt has been submitted, so its answers can no longer change.")
    assert "See the results of this attempt" in main_text(response)
    assert db_snapshot() == before


def test_another_learners_attempt_is_not_found_whatever_is_asked(app, course, open_attempt):
    # 404, not 403: nobody learns whether an attempt with that number exists.
    other = factories.user(email="someone-else@example.org")
    client = signed_in_client(app, other.email)
    base = quiz_url(course.course_id, "attempts", open_attempt)
    before = db_snapshot()
    assert client.get(base).status_code == 404
    assert client.get(base + "/review").status_code == 404
    assert save(client, course.course_id, open_attempt, "first", {"answer": "b"}).status_code == 404
    assert submit(client, course.course_id, open_attempt).status_code == 404
    assert db_snapshot() == before


def test_an_attempt_is_only_found_under_its_own_course(learner_client, course, make_course, open_attempt):
    other = make_course(course_id="another-course")
    assert learner_client.get(quiz_url(other.course_id, "attempts", open_attempt)).status_code == 404
    assert learner_client.get(quiz_url(course.course_id, "attempts", open_attempt + 1000)).status_code == 404


def test_a_form_without_its_csrf_token_is_refused(learner_client, course, open_attempt):
    before = db_snapshot()
    url = quiz_url(course.course_id, "attempts", open_attempt, "answers")
    response = learner_client.post(url, data={"question": "first", "answer": "b", "go": "end"})
    assert response.status_code == 400
    assert db_snapshot() == before
