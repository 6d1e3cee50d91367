"""A learner's path through a course in a real browser: catalogue, content note, lessons with a
knowledge check (htmx in place, and without JavaScript) and a reflection, completion, dashboard;
axe-core on every kind of page, in English, in Arabic (right to left) and with a language fallback;
the check form with the keyboard only."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Locator, Page, expect

from tests import factories
from tests.browser.helpers import assert_accessible, create_user, html, sign_in, unique_email
from tests.courses.course_folders import NOTE, write_course

pytestmark = pytest.mark.browser

CHECK = "l1-who-decides"


def publish(live_server, tmp_path, **options) -> tuple[str, str]:
    """Publish a two-lesson course without a quiz into the live server's database; (id, title)."""
    course_id = f"learning-{uuid.uuid4().hex[:8]}"
    title = f"Journey course {course_id[-8:]}"
    root = write_course(tmp_path / course_id, course_id, lessons=2, title=title, **options)
    with live_server.app.app_context():
        factories.published_course(course_id, content_root=root)
    return course_id, title


def learner(live_server, locale: str | None = None) -> str:
    email = unique_email("learning")
    create_user(live_server, email, name="Lina Learner")
    if locale:
        with live_server.app.app_context():
            from app.auth.models import User
            from app.extensions import db

            person = db.session.scalar(db.select(User).where(User.email == email))
            person.locale = locale
            db.session.commit()
    return email


def tab_to(page: Page, target: Locator, limit: int = 120) -> None:
    """Press Tab until `target` has the focus, as a keyboard user moves through the page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} was not reached with Tab")


def test_a_learner_goes_from_the_catalogue_to_a_completed_course(page: Page, live_server, tmp_path):
    course_id, title = publish(live_server, tmp_path)
    sign_in(page, learner(live_server))

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Courses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Courses")
    assert_accessible(page, "catalogue")
    page.get_by_label("Search titles and summaries").fill(title)
    page.get_by_role("button", name="Show courses").click()
    expect(page).to_have_url(re.compile(r"/courses/\?q="))
    page.get_by_role("link", name=title).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("#content-note")).to_contain_text(NOTE)
    assert_accessible(page, "course-page")
    page.get_by_role("button", name="I have read this note: start the course").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Lesson 1 of {course_id}")
    assert_accessible(page, "lesson")
    lesson_url = page.url

    # The knowledge check answers in place (htmx): no page load, the feedback takes the focus.
    check = page.locator(f"#check-{CHECK}")
    check.get_by_label("The survivor").check()
    check.get_by_role("button", name="Check my answer").click()
    feedback = page.locator(f"#check-{CHECK}-feedback")
    expect(feedback).to_contain_text("that is the answer this course suggests")
    expect(feedback).to_be_focused()
    assert page.url == lesson_url
    assert_accessible(page, "lesson-check-answered")

    # A mistake is explained in the check, without leaving the page.
    multiple = page.locator("#check-l1-interpreters")
    multiple.get_by_role("button", name="Check my answer").click()
    expect(page.locator("#check-l1-interpreters-error")).to_contain_text("Choose at least one answer.")
    assert_accessible(page, "lesson-check-error")

    reflection = page.locator("#reflection-lesson-1-reflection-1")
    reflection.get_by_label("Your reflection").fill("I would listen first, and let her lead.")
    reflection.get_by_role("button", name="Save my reflection").click()
    expect(page.locator("#reflection-lesson-1-reflection-1-status")).to_have_text("Saved. Only you can see it.")
    page.reload()
    expect(page.get_by_label("Your reflection")).to_have_value("I would listen first, and let her lead.")
    expect(page.locator(f"#check-{CHECK}-feedback")).to_be_visible()

    page.get_by_role("button", name="Mark complete and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Lesson 2 of {course_id}")
    page.get_by_role("button", name="Mark complete and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("status")).to_contain_text("You have completed this course")
    expect(page.get_by_role("link", name="Your certificate")).to_have_attribute("href", "/certificates/")
    assert_accessible(page, "course-completed")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My learning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    completed = page.locator("section", has=page.get_by_role("heading", name="Completed"))
    expect(completed).to_contain_text(title)
    assert_accessible(page, "dashboard")


def test_the_check_and_the_reflection_work_without_javascript(new_context, live_server, tmp_path):
    course_id, _title = publish(live_server, tmp_path, note=None)
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, learner(live_server))
    page.goto(f"/courses/{course_id}/lessons/lesson-1")

    check = page.locator(f"#check-{CHECK}")
    check.get_by_label("You, as the professional").check()
    check.get_by_role("button", name="Check my answer").click()
    expect(page).to_have_url(re.compile(rf"/lessons/lesson-1#check-{CHECK}$"))
    expect(page.locator(f"#check-{CHECK}-feedback")).to_contain_text("Reporting is her decision, not yours.")

    page.locator(f"#check-{CHECK}").get_by_role("button", name="Check again").click()
    expect(page.locator(f"#check-{CHECK}-feedback")).to_be_visible()  # the answer stays chosen

    page.locator("#check-l1-interpreters").get_by_role("button", name="Check my answer").click()
    expect(page.locator("#check-l1-interpreters-error")).to_contain_text("Choose at least one answer.")

    page.get_by_label("Your reflection").fill("Notes for myself.")
    page.get_by_role("button", name="Save my reflection").click()
    expect(page.locator(".flash-success")).to_contain_text("Your reflection is saved")
    expect(page.get_by_label("Your reflection")).to_have_value("Notes for myself.")


def test_the_check_form_with_the_keyboard_only(page: Page, live_server, tmp_path):
    course_id, _title = publish(live_server, tmp_path, note=None)
    sign_in(page, learner(live_server))
    page.goto(f"/courses/{course_id}/lessons/lesson-1")

    first_option = page.locator(f"#check-{CHECK}-a")
    tab_to(page, first_option)
    page.keyboard.press("Space")
    expect(first_option).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"#check-{CHECK}-b")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.locator(f"#check-{CHECK}-submit")).to_be_focused()
    page.keyboard.press("Enter")
    feedback = page.locator(f"#check-{CHECK}-feedback")
    expect(feedback).to_be_focused()
    expect(feedback).to_contain_text("that is the answer this course suggests")

    # The ordering check: each item's position chosen from its list with the keyboard.
    order = page.locator("#check-l1-lives-order")
    items = order.locator("select")
    for index in range(items.count()):
        select = items.nth(index)
        tab_to(page, select)
        wanted = "abcde".index(select.get_attribute("name").removeprefix("position-")) + 1
        current = int(select.input_value())
        key = "ArrowDown" if wanted > current else "ArrowUp"
        for _ in range(abs(wanted - current)):
            page.keyboard.press(key)
        expect(select).to_have_value(str(wanted))
    tab_to(page, page.locator("#check-l1-lives-order-submit"))
    page.keyboard.press("Enter")
    expect(page.locator("#check-l1-lives-order-feedback")).to_be_focused()
    expect(page.locator("#check-l1-lives-order-feedback")).to_contain_text("that is the answer this course suggests")


def test_a_lesson_in_arabic_right_to_left(page: Page, live_server):
    sign_in(page, learner(live_server, locale="ar"))
    page.goto("/courses/responding-to-disclosures")
    expect(html(page)).to_have_attribute("dir", "rtl")
    assert_accessible(page, "course-page-ar-rtl")
    page.locator("#content-note form button").click()
    expect(html(page)).to_have_attribute("dir", "rtl")
    expect(page.locator(".lesson-body")).not_to_have_attribute("lang", "en")
    assert_accessible(page, "lesson-ar-rtl")
    page.goto("/courses/")
    assert_accessible(page, "catalogue-ar-rtl")
    page.goto("/learning")
    assert_accessible(page, "dashboard-ar-rtl")


def test_a_lesson_shown_in_its_source_language_says_so(page: Page, live_server):
    sign_in(page, learner(live_server, locale="es"))
    page.goto("/courses/responding-to-disclosures")
    page.locator("#content-note form button").click()
    expect(html(page)).to_have_attribute("lang", "es")
    expect(page.locator(".lesson-body")).to_have_attribute("lang", "en")
    expect(page.locator(".notice-language")).to_be_visible()
    assert_accessible(page, "lesson-fallback-notice")


def test_htmx_works_under_the_sites_content_security_policy(new_context, live_server, tmp_path):
    """The other tests bypass the CSP (to inject axe-core); this one keeps it, and watches for refusals."""
    course_id, _title = publish(live_server, tmp_path, note=None)
    page = new_context(bypass_csp=False).new_page()
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    sign_in(page, learner(live_server))
    page.goto(f"/courses/{course_id}/lessons/lesson-1")
    lesson_url = page.url

    check = page.locator(f"#check-{CHECK}")
    check.get_by_label("Her family").check()
    check.get_by_role("button", name="Check my answer").click()
    expect(page.locator(f"#check-{CHECK}-feedback")).to_be_focused()
    assert page.url == lesson_url  # swapped in place by htmx, not reloaded
    assert refused == []


def test_a_printed_lesson_keeps_the_content_and_drops_the_screen_furniture(page: Page, live_server, tmp_path):
    """The print stylesheet: the lesson, its checks' questions and options, its reflection prompts;
    no quick exit, navigation, language switcher, buttons or the learner's own typed text."""
    course_id, _title = publish(live_server, tmp_path, note=None)
    sign_in(page, learner(live_server))
    page.goto(f"/courses/{course_id}/lessons/lesson-1")
    page.locator(".reflection textarea").first.fill("My own notes, not for paper")
    expect(page.locator("#quick-exit")).to_be_visible()

    page.emulate_media(media="print")

    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".lesson-body")).to_be_visible()
    expect(page.locator(f"#check-{CHECK}-a")).to_be_visible()
    expect(page.locator(".reflection").first).to_be_visible()
    for hidden in (
        "#quick-exit",
        ".site-header",
        ".site-footer",
        ".language-switcher",
        ".lesson-pager",
        ".lesson-complete",
        ".breadcrumbs",
        f"#check-{CHECK}-submit",
        ".reflection textarea",
    ):
        expect(page.locator(hidden).first).to_be_hidden()

    page.emulate_media(media="screen")
    expect(page.locator("#quick-exit")).to_be_visible()
