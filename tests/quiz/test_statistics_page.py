"""The trainers' question statistics page: who may see it, the numbers, the date range."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from app.auth.models import Role
from app.extensions import db
from app.quiz import queries, services
from app.quiz.models import QuizAttempt
from tests import factories
from tests.helpers import field_error, parse_page, redirects_to_login, signed_in_client
from tests.quiz.helpers import main_text, quiz_url, write_course

# Ten learners, in this order of submission. Each question is worth 25 points.
# consent: all right. first (b is right): right for 0-5; 6 and 7 chose c, 8 chose a, 9 left it.
# interpret: right only for 6-9. order: right only for 0-2.
# Totals: 0-2 score 75, 3-9 score 50. Upper group (27% of 10 = 3): learners 0-2; lower: 7-9.
FIRST = {0: "b", 1: "b", 2: "b", 3: "b", 4: "b", 5: "b", 6: "c", 7: "c", 8: "a"}
ORDER_RIGHT = ["a", "b", "c", "d"]
ORDER_WRONG = ["d", "c", "b", "a"]


def seed_attempts(version, count: int = 10, offset: int = 0):
    """Submitted attempts made with the app's own services, answers as in the table above."""
    content = queries.quiz_content(version)
    attempts = []
    for n in range(offset, offset + count):
        person = factories.user(email=f"stats{n}@example.org")
        attempt = services.start_attempt(person, version.course_id, version.content_hash, content)
        k = n % 10
        if k in FIRST:
            services.save_answer(attempt, "first", [FIRST[k]])
        services.save_answer(attempt, "interpret", ["a", "b"] if k >= 6 else ["c"])
        services.save_answer(attempt, "order", ORDER_RIGHT if k <= 2 else ORDER_WRONG)
        services.save_answer(attempt, "consent", ["a"])
        services.submit_attempt(attempt, version, content)
        db.session.commit()
        attempts.append(attempt)
    return attempts


def client_for(app, role: Role, locale: str | None = None):
    country = "MT" if role is Role.COORDINATOR else None
    person = factories.user(email=f"{role.value}-{locale}@example.org", role=role, locale=locale, country=country)
    return signed_in_client(app, person.email)


def row(page, question_id: str) -> str:
    return " ".join(parse_page(page).text[f"stats-{question_id}"].split())


def test_only_trainers_and_admins_see_question_statistics(app, course):
    url = quiz_url(course.course_id, "statistics")
    assert client_for(app, Role.TRAINER).get(url).status_code == 200
    assert client_for(app, Role.ADMIN).get(url).status_code == 200
    assert client_for(app, Role.LEARNER).get(url).status_code == 403
    assert client_for(app, Role.COORDINATOR).get(url).status_code == 403
    assert redirects_to_login(app.test_client().get(url))


def test_the_numbers_match_the_hand_computed_ones(app, course):
    seed_attempts(course)
    page = client_for(app, Role.TRAINER).get(quiz_url(course.course_id, "statistics"))
    text = main_text(page)
    assert "10 submitted attempts. Mean score: 57.5%. Passed: 30%." in text
    # question: attempts, correct, no answer, D, notes
    assert row(page, "first") == "1. Which response comes first? 10 60% 10% 1.00"
    assert row(page, "interpret").startswith("2. Who may interpret? 10 40% 0% -1.00 Learners with high totals do worse")
    assert row(page, "order") == "3. Put the steps in order. 10 30% 0% 1.00"
    assert row(page, "consent").startswith("4. Consent is needed before a referral. 10 100% 0% 0.00 Almost everyone")
    options = " ".join(parse_page(page).text["answers-first"].split())
    assert "Ask for every detail No 10%" in options
    assert "Listen without judgement Yes 60%" in options
    assert "Call the police for her No 20%" in options
    order = " ".join(parse_page(page).text["answers-order"].split())
    assert "Listen 1 30%" in order and "Enhance safety 4 30%" in order


def test_numbers_are_formatted_for_the_trainers_language(app, course):
    seed_attempts(course)
    text = main_text(client_for(app, Role.TRAINER, locale="fr").get(quiz_url(course.course_id, "statistics")))
    # French puts a decimal comma and a space before %: (main_text folds the no-break space)
    assert "57,5 %" in text and "30 %" in text
    assert "57.5%" not in text
    assert "-1,00" in text


def test_below_ten_attempts_discrimination_is_not_given(app, course):
    seed_attempts(course, count=9)
    page = client_for(app, Role.TRAINER).get(quiz_url(course.course_id, "statistics"))
    assert row(page, "first").endswith("too few attempts")
    assert "Almost everyone" not in main_text(page)


def test_only_submitted_attempts_in_the_date_range_count(app, course):
    seed_attempts(course)
    later = seed_attempts(course, count=3, offset=10)
    january = datetime(2026, 1, 15, 12, tzinfo=UTC)
    db.session.execute(
        update(QuizAttempt).where(QuizAttempt.id.in_([a.id for a in later])).values(submitted_at=january)
    )
    open_one = services.start_attempt(
        factories.user(email="still-open@example.org"),
        course.course_id,
        course.content_hash,
        queries.quiz_content(course),
    )
    services.save_answer(open_one, "first", ["b"])
    db.session.commit()

    client = client_for(app, Role.TRAINER)
    everything = main_text(client.get(quiz_url(course.course_id, "statistics")))
    assert "13 submitted attempts." in everything
    january_only = client.get(quiz_url(course.course_id, "statistics") + "?from=2026-01-01&to=2026-01-15")
    assert "3 submitted attempts." in main_text(january_only)
    assert row(january_only, "first") == "1. Which response comes first? 3 100% 0% too few attempts"
    before = client.get(quiz_url(course.course_id, "statistics") + "?to=2026-01-14")
    assert "0 submitted attempts." in main_text(before)


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("from=2026-13-45", "from", "Enter a date like 2026-11-30."),
        ("from=yesterday", "from", "Enter a date like 2026-11-30."),
        ("to=%3Cscript%3E", "to", "Enter a date like 2026-11-30."),
        ("from=1999-12-31", "from", "Enter a date between 2000-01-01 and 2099-12-31."),
        ("to=2100-01-01", "to", "Enter a date between 2000-01-01 and 2099-12-31."),
        ("from=2026-02-01&to=2026-01-01", "to", "The end date must be on or after the start date."),
    ],
)
def test_a_bad_date_range_is_explained_next_to_the_field(app, course, query, field, message):
    page = client_for(app, Role.TRAINER).get(quiz_url(course.course_id, "statistics") + "?" + query)
    assert page.status_code == 400
    assert field_error(page, field) == f"Error: {message}"
    assert "submitted attempts" not in main_text(page)


def test_statistics_of_an_unknown_course_are_not_found(app):
    assert client_for(app, Role.TRAINER).get(quiz_url("no-such-course", "statistics")).status_code == 404


def test_trainers_find_the_statistics_from_the_quiz_page(app, course):
    link = "Question statistics for trainers"
    assert link in main_text(client_for(app, Role.TRAINER).get(quiz_url(course.course_id)))
    assert link not in main_text(client_for(app, Role.LEARNER).get(quiz_url(course.course_id)))


def test_trainers_and_admins_find_the_statistics_from_the_course_page(app, course):
    url = quiz_url(course.course_id, "statistics")
    for role in (Role.TRAINER, Role.ADMIN):
        client = client_for(app, role)
        page = client.get(f"/courses/{course.course_id}")
        assert f'<a href="{url}">Question statistics for trainers</a>' in page.get_data(as_text=True), role
        assert client.get(url).status_code == 200


def test_learners_and_coordinators_see_no_statistics_link_on_the_course_page(app, course):
    for role in (Role.LEARNER, Role.COORDINATOR):
        page = client_for(app, role).get(f"/courses/{course.course_id}")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "Question statistics" not in html and "/quiz/statistics" not in html, role


def test_a_course_without_a_final_assessment_offers_no_statistics(app, tmp_path):
    root = write_course(tmp_path / "content", "no-quiz")
    (root / "no-quiz" / "quiz.md").unlink()
    factories.published_course("no-quiz", content_root=root)
    page = client_for(app, Role.TRAINER).get("/courses/no-quiz")
    assert page.status_code == 200 and "/quiz/statistics" not in page.get_data(as_text=True)
