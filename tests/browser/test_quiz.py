"""The final assessment in a real browser: taken with the keyboard only (ordering with the
position lists), axe-core on every quiz page, and an Arabic quiz laid out right to left."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Locator, Page, expect

from app.auth.models import Role
from tests import factories
from tests.browser.helpers import assert_accessible, create_user, html, sign_in, unique_email
from tests.quiz.helpers import write_course

pytestmark = pytest.mark.browser

# The test course's ordering question, in the correct order (tests/quiz/helpers.py).
ORDER = ["Listen", "Inquire", "Validate", "Enhance safety"]


def publish(live_server, tmp_path, course_id: str | None = None, **settings) -> str:
    """Publish a course into the live server's database; its id."""
    course_id = course_id or f"quiz-{uuid.uuid4().hex[:8]}"
    with live_server.app.app_context():
        if settings.pop("shipped", False):
            factories.published_course(course_id)
        else:
            factories.published_course(course_id, content_root=write_course(tmp_path, course_id, **settings))
    return course_id


def tab_to(page: Page, target: Locator, limit: int = 80) -> None:
    """Press Tab until `target` has the focus, as a keyboard user moves through the page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} was not reached with Tab")


def press_button(page: Page, name: str) -> None:
    button = page.get_by_role("main").get_by_role("button", name=name, exact=True)
    tab_to(page, button)
    page.keyboard.press("Enter")


def test_a_learner_takes_the_quiz_with_the_keyboard_only(page: Page, live_server, tmp_path):
    course_id = publish(live_server, tmp_path, shuffle_questions=False, shuffle_options=False)
    learner = create_user(live_server, unique_email("quiz-keys"), name="Kofi Keys")
    sign_in(page, learner["email"])

    page.goto(f"/courses/{course_id}/quiz")
    expect(page.get_by_role("heading", level=1)).to_have_text("Test assessment")
    assert_accessible(page, "quiz-intro")
    press_button(page, "Start the assessment")

    # 1. Single choice: Space ticks the first option, an arrow key moves to the next one.
    expect(page.get_by_role("group", name="Which response comes first?")).to_be_visible()
    assert_accessible(page, "quiz-question-radio")
    tab_to(page, page.get_by_label("Ask for every detail"))
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Listen without judgement")).to_be_checked()
    press_button(page, "Save and next")

    # 2. Multiple response: Space on each box.
    expect(page.get_by_role("status")).to_contain_text("Your answer to question 1 has been saved.")
    expect(page.get_by_role("group", name="Who may interpret?")).to_be_visible()
    tab_to(page, page.get_by_label("A professional interpreter"))
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    press_button(page, "Save and next")

    # 3. Ordering: a position list per item, set with the arrow keys.
    group = page.get_by_role("group", name="Put the steps in order.")
    expect(group).to_be_visible()
    assert_accessible(page, "quiz-question-order")
    for item in ORDER:
        select = page.get_by_label(item, exact=True)
        tab_to(page, select)
        for _ in range(ORDER.index(item) + 1):
            page.keyboard.press("ArrowDown")
        expect(select).to_have_value(str(ORDER.index(item) + 1))
    # Skip question 4 for now: straight to the check page from the question list.
    press_button(page, "Check and submit")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(page.get_by_role("main")).to_contain_text("You have answered 3 of 4 questions.")
    assert_accessible(page, "quiz-check")
    press_button(page, "Submit answers")

    expect(page.get_by_role("heading", level=1)).to_have_text("Some questions have no answer")
    assert_accessible(page, "quiz-confirm")
    tab_to(page, page.get_by_role("link", name="Answer them first"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("group", name="Consent is needed before a referral.")).to_be_visible()
    tab_to(page, page.get_by_label("True"))
    page.keyboard.press("Space")
    press_button(page, "Save and check your answers")
    expect(page.get_by_role("main")).to_contain_text("You have answered 4 of 4 questions.")
    press_button(page, "Submit answers")

    expect(page.get_by_role("heading", level=1)).to_have_text("Results of attempt 1")
    expect(page.get_by_role("main")).to_contain_text("Your score: 100%. The pass mark is 75%.")
    expect(page.get_by_role("main")).to_contain_text("You passed this assessment.")
    assert_accessible(page, "quiz-review")

    # Back to a question page after submitting shows the results, not an editable form.
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results of attempt 1")


def test_a_wrong_order_is_explained_next_to_the_lists(page: Page, live_server, tmp_path):
    course_id = publish(live_server, tmp_path, shuffle_questions=False)
    learner = create_user(live_server, unique_email("quiz-order"))
    sign_in(page, learner["email"])
    page.goto(f"/courses/{course_id}/quiz")
    page.get_by_role("button", name="Start the assessment").click()
    page.get_by_role("button", name="Question 3, not answered").click()
    for item in ORDER:
        page.get_by_label(item, exact=True).select_option("1")
    page.get_by_role("button", name="Save and next").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Give each item a different position from 1 to 4")
    expect(page.get_by_label("Listen", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "quiz-question-order-error")


def test_question_statistics_page_is_accessible(page: Page, new_context, live_server, tmp_path):
    course_id = publish(live_server, tmp_path)
    learner = new_context().new_page()
    sign_in(learner, create_user(live_server, unique_email("quiz-stats-learner"))["email"])
    learner.goto(f"/courses/{course_id}/quiz")
    learner.get_by_role("button", name="Start the assessment").click()
    learner.get_by_role("button", name="Check and submit").click()
    learner.get_by_role("button", name="Submit answers").click()
    learner.get_by_role("button", name="Submit anyway").click()
    expect(learner.get_by_role("heading", level=1)).to_have_text("Results of attempt 1")

    trainer = create_user(live_server, unique_email("quiz-trainer"), role=Role.TRAINER)
    sign_in(page, trainer["email"])
    page.goto(f"/courses/{course_id}/quiz/statistics")
    expect(page.get_by_role("heading", level=1)).to_have_text("Question statistics")
    expect(page.get_by_role("table", name="Questions")).to_contain_text("too few attempts")
    assert_accessible(page, "quiz-statistics")
    page.get_by_label("From").fill("2026-02-01")
    page.get_by_label("To").fill("2026-01-01")
    page.get_by_role("button", name="Show statistics").click()
    expect(page.get_by_role("alert")).to_contain_text("The end date must be on or after the start date.")
    assert_accessible(page, "quiz-statistics-error")


def test_an_arabic_quiz_is_laid_out_right_to_left(page: Page, live_server, tmp_path):
    course_id = publish(live_server, tmp_path, "responding-to-disclosures", shipped=True)
    email = unique_email("quiz-ar")
    with live_server.app.app_context():
        factories.user(email=email, name="Amal", locale="ar")
    sign_in(page, email)
    page.goto(f"/courses/{course_id}")
    page.locator("form[action$='/content-note'] button[type=submit]").click()
    page.goto(f"/courses/{course_id}/quiz")
    expect(html(page)).to_have_attribute("dir", "rtl")
    assert_accessible(page, "quiz-intro-ar-rtl")
    page.locator("form[action$='/quiz/attempts'] button[type=submit]").click()
    expect(page.locator("fieldset.quiz-question")).to_be_visible()
    expect(html(page)).to_have_attribute("lang", "ar")
    expect(page.locator(".quiz-form > div[lang]")).to_have_attribute("dir", "rtl")
    assert_accessible(page, "quiz-question-ar-rtl")
