"""Submitting: graded exactly once, best score kept, attempts limited, completion and certificate
in the same request, the review built from the version the attempt was made on."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.certificates.models import Certificate
from app.extensions import db
from app.quiz.models import QuizAnswer
from tests import factories
from tests.helpers import csrf_token_from, db_snapshot, signed_in_client
from tests.quiz.helpers import (
    answer_all,
    answers,
    attempt,
    enrolment,
    main_text,
    quiz_url,
    right,
    save,
    source_questions,
    start,
    submit,
    take_whole_quiz,
    wrong,
)


def complete_lessons(client, course_id: str) -> None:
    """Finish the course's lessons on the lesson pages (the courses feature's routes)."""
    page = client.get(f"/courses/{course_id}/lessons/only-lesson")
    assert page.status_code == 200
    response = client.post(
        f"/courses/{course_id}/lessons/only-lesson/complete", data={"csrf_token": csrf_token_from(page)}
    )
    assert response.status_code == 302


def mixed(question):
    """Right on the first and consent questions, wrong on the others: 2 of 4 = 50%."""
    return right(question) if question.id in ("first", "consent") else wrong(question)


def test_a_passing_attempt_is_graded_and_shown(learner, learner_client, course):
    attempt_id = take_whole_quiz(learner_client, course.course_id)
    graded = attempt(attempt_id)
    assert graded.score == 100.0 and graded.passed is True and graded.submitted_at is not None
    assert {a.question_id: a.score for a in graded.answers} == dict.fromkeys(graded.question_ids, 1.0)
    record = enrolment(learner.id, course.course_id)
    assert record.best_score == 100.0 and record.attempts_count == 1


def test_a_failing_attempt_is_not_passed(learner, learner_client, course):
    graded = attempt(take_whole_quiz(learner_client, course.course_id, mixed))
    assert graded.score == 50.0 and graded.passed is False
    assert enrolment(learner.id, course.course_id).completed_at is None


def test_unanswered_questions_score_nothing(learner_client, course):
    attempt_id = start(learner_client, course.course_id)
    questions = source_questions(course.course_id, course.content_hash)
    save(learner_client, course.course_id, attempt_id, "first", right(questions["first"]))
    submit(learner_client, course.course_id, attempt_id, confirm=True)
    assert attempt(attempt_id).score == 25.0


def test_double_clicks_and_resubmitted_forms_grade_once(learner, learner_client, course):
    attempt_id = start(learner_client, course.course_id)
    answer_all(learner_client, course.course_id, attempt_id)
    first = submit(learner_client, course.course_id, attempt_id)
    graded = attempt(attempt_id)
    submitted_at, score = graded.submitted_at, graded.score
    for _ in range(3):  # the second click, the browser's "send again", the back button's stale form
        again = submit(learner_client, course.course_id, attempt_id)
        assert again.status_code == 302 and again.headers["Location"] == first.headers["Location"]
    graded = attempt(attempt_id)
    assert (graded.submitted_at, graded.score) == (submitted_at, score)
    assert enrolment(learner.id, course.course_id).attempts_count == 1


def test_two_open_tabs_or_browsers_end_in_one_graded_result(app, learner, learner_client, course):
    other = signed_in_client(app, learner.email)
    attempt_id = start(learner_client, course.course_id)
    assert start(other, course.course_id) == attempt_id  # the second tab joins the same attempt
    answer_all(learner_client, course.course_id, attempt_id)
    token_a = csrf_token_from(learner_client.get(quiz_url(course.course_id, "attempts", attempt_id) + "?q=end"))
    token_b = csrf_token_from(other.get(quiz_url(course.course_id, "attempts", attempt_id) + "?q=end"))

    url = quiz_url(course.course_id, "attempts", attempt_id, "submit")
    responses = [learner_client.post(url, data={"csrf_token": token_a}), other.post(url, data={"csrf_token": token_b})]
    assert [r.status_code for r in responses] == [302, 302]
    assert len({r.headers["Location"] for r in responses}) == 1
    assert enrolment(learner.id, course.course_id).attempts_count == 1
    review = other.get(responses[1].headers["Location"])
    assert review.status_code == 200 and "Your score: 100%" in main_text(review)


def test_the_back_button_after_submitting_leads_to_the_results(learner_client, course):
    attempt_id = take_whole_quiz(learner_client, course.course_id)
    page = learner_client.get(quiz_url(course.course_id, "attempts", attempt_id) + "?q=2")
    assert page.status_code == 302 and page.headers["Location"].endswith("/review")


def test_the_best_score_counts_and_every_graded_attempt_is_counted(learner, learner_client, course):
    take_whole_quiz(learner_client, course.course_id, mixed)
    take_whole_quiz(learner_client, course.course_id, right)
    take_whole_quiz(learner_client, course.course_id, wrong)
    record = enrolment(learner.id, course.course_id)
    assert record.best_score == 100.0 and record.attempts_count == 3
    intro = main_text(learner_client.get(quiz_url(course.course_id)))
    assert "Your best score: 100%." in intro
    assert intro.count("Not passed") == 2 and intro.count("Passed") == 1


@pytest.mark.parametrize("limit", [1, 2])
def test_max_attempts_is_enforced(learner, learner_client, make_course, limit):
    version = make_course(max_attempts=limit)
    for _ in range(limit):
        take_whole_quiz(learner_client, version.course_id, wrong)
    intro = learner_client.get(quiz_url(version.course_id))
    assert "You have used all the attempts this assessment allows." in main_text(intro)
    assert "Start" not in main_text(intro).replace("Started", "")
    before = db_snapshot()
    response = learner_client.post(quiz_url(version.course_id, "attempts"), data={"csrf_token": csrf_token_from(intro)})
    assert response.status_code == 400
    assert "You have used all the attempts this assessment allows." in main_text(response)
    assert db_snapshot() == before
    assert enrolment(learner.id, version.course_id).attempts_count == limit


def test_attempts_left_are_shown(learner_client, make_course):
    version = make_course(max_attempts=3)
    take_whole_quiz(learner_client, version.course_id, wrong)
    assert "3 attempts allowed; 2 left" in main_text(learner_client.get(quiz_url(version.course_id)))


def test_passing_completes_the_course_and_issues_the_certificate_in_the_same_request(learner, learner_client, course):
    complete_lessons(learner_client, course.course_id)
    assert enrolment(learner.id, course.course_id).completed_at is None  # lessons alone are not enough
    take_whole_quiz(learner_client, course.course_id, mixed)  # a failed attempt changes nothing
    assert enrolment(learner.id, course.course_id).completed_at is None

    attempt_id = start(learner_client, course.course_id)
    answer_all(learner_client, course.course_id, attempt_id)
    response = submit(learner_client, course.course_id, attempt_id)
    assert response.status_code == 302
    # The response has been sent: completion and certificate were committed with the grade.
    record = enrolment(learner.id, course.course_id)
    assert record.completed_at is not None and record.completed_version_hash == course.content_hash
    certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == learner.id))
    assert certificate.course_id == course.course_id and certificate.score == 100.0

    # The very next pages say so.
    assert "You have completed this course." in main_text(learner_client.get(response.headers["Location"]))
    assert "You completed this course on" in main_text(learner_client.get(quiz_url(course.course_id)))
    assert "You completed this course on" in main_text(learner_client.get(f"/courses/{course.course_id}"))
    assert 'id="completed-title"' in learner_client.get("/learning").get_data(as_text=True)


def test_passing_before_the_lessons_completes_the_course_when_the_lessons_are_done(learner, learner_client, course):
    take_whole_quiz(learner_client, course.course_id)
    assert enrolment(learner.id, course.course_id).completed_at is None
    complete_lessons(learner_client, course.course_id)
    assert enrolment(learner.id, course.course_id).completed_at is not None


def test_partial_scoring_gives_part_of_a_point(learner_client, make_course):
    version = make_course(scoring="partial", shuffle_questions=False)
    attempt_id = start(learner_client, version.course_id)
    save(learner_client, version.course_id, attempt_id, "interpret", {"answer": ["a"]})  # 1 of 2 right: 0.5
    # b a c d: pairs (a, c)? no; (b, a)? no; (c, d) kept: 1 of 3 pairs.
    order = {"position-b": "1", "position-a": "2", "position-c": "3", "position-d": "4"}
    save(learner_client, version.course_id, attempt_id, "order", order)
    submit(learner_client, version.course_id, attempt_id)
    graded = attempt(attempt_id)
    scores = {a.question_id: a.score for a in graded.answers}
    assert scores == {"interpret": 0.5, "order": pytest.approx(1 / 3, abs=1e-4)}
    assert graded.score == pytest.approx(100 * (0.5 + 0.3333) / 4, abs=1e-3)


def test_all_or_nothing_gives_nothing_for_a_partly_right_answer(learner_client, course):
    attempt_id = start(learner_client, course.course_id)
    save(learner_client, course.course_id, attempt_id, "interpret", {"answer": ["a"]})
    submit(learner_client, course.course_id, attempt_id)
    assert {a.question_id: a.score for a in attempt(attempt_id).answers} == {"interpret": 0.0}


def test_the_review_shows_choices_correct_answers_feedback_and_explanations(learner_client, course):
    attempt_id = start(learner_client, course.course_id)
    save(learner_client, course.course_id, attempt_id, "first", {"answer": "c"})
    save(
        learner_client,
        course.course_id,
        attempt_id,
        "order",
        {"position-a": "1", "position-b": "2", "position-c": "4", "position-d": "3"},
    )
    submit(learner_client, course.course_id, attempt_id)
    review = learner_client.get(quiz_url(course.course_id, "attempts", attempt_id, "review"))
    assert review.status_code == 200
    text = main_text(review)
    assert "Your score: 0%. The pass mark is 75%." in text
    assert "You did not reach the pass mark this time." in text
    # The chosen option, marked in words; the correct one; every option's feedback; the explanation.
    assert "Call the police for her Your answer Not correct" in text
    assert "Listen without judgement Correct answer" in text
    assert "Reporting is her decision." in text and "Yes: listening comes first." in text
    assert "Listening is the first step of first-line support." in text
    assert "Your order" in text and "Correct order" in text
    assert text.count("Not answered: no points.") == 2


def test_the_review_shows_the_version_the_attempt_was_made_on(learner_client, make_course, tmp_path):
    old = make_course(shuffle_questions=False)
    attempt_id = start(learner_client, old.course_id)
    # The trainer republishes with a reworded question while the attempt is open.
    from tests.quiz.helpers import QUIZ_BODY, write_course  # noqa: PLC0415

    root = write_course(tmp_path / "republished", old.course_id)
    quiz = root / old.course_id / "quiz.md"
    quiz.write_text(quiz.read_text().replace("Which response comes first?", "What do you do first?"))
    new = factories.published_course(old.course_id, content_root=root)
    assert new.content_hash != old.content_hash and QUIZ_BODY

    page = learner_client.get(quiz_url(old.course_id, "attempts", attempt_id) + "?q=1")
    assert "Which response comes first?" in main_text(page)
    answer_all(learner_client, old.course_id, attempt_id)
    submit(learner_client, old.course_id, attempt_id)
    review = main_text(learner_client.get(quiz_url(old.course_id, "attempts", attempt_id, "review")))
    assert "Which response comes first?" in review and "What do you do first?" not in review
    assert attempt(attempt_id).version_hash == old.content_hash
    # A new attempt is made on the new version.
    assert attempt(start(learner_client, old.course_id)).version_hash == new.content_hash


def test_answers_are_stored_once_per_question(learner_client, course):
    attempt_id = start(learner_client, course.course_id)
    for _ in range(3):
        save(learner_client, course.course_id, attempt_id, "first", {"answer": "a"})
    count = db.session.scalar(select(func.count()).select_from(QuizAnswer).where(QuizAnswer.attempt_id == attempt_id))
    assert count == 1 and answers(attempt_id) == {"first": ["a"]}
