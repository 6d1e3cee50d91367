"""Quick exit, the skip link and the phone layout: the safety features of every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from app.auth.models import Role
from tests.browser.helpers import assert_accessible, create_invitation, create_user, sign_in, unique_email, unique_name

pytestmark = pytest.mark.browser


def open_two_pages(page: Page, live_server) -> tuple[str, str]:
    """A page before, then the signed-in page the person will leave in a hurry."""
    learner = create_user(live_server, unique_email("learner"))
    sign_in(page, learner["email"])  # ends on the home page
    before = live_server.url("/")
    expect(page).to_have_url(before)
    left = live_server.url("/account/profile")
    page.goto(left)
    return before, left


def assert_left_without_trace_in_history(page: Page, live_server, before: str, left: str) -> None:
    expect(page).to_have_url(live_server.quick_exit_url)
    page.go_back()
    # Back goes to the page before the one that was left (the exit replaced its entry).
    expect(page).to_have_url(before)
    assert page.url != left


def test_quick_exit_is_the_first_thing_tab_reaches(page: Page):
    page.goto("/login")
    page.keyboard.press("Tab")
    expect(page.locator("#quick-exit")).to_be_focused()


def test_quick_exit_click_replaces_the_history_entry(page: Page, live_server):
    before, left = open_two_pages(page, live_server)
    page.locator("#quick-exit").click()
    assert_left_without_trace_in_history(page, live_server, before, left)


def test_escape_twice_leaves_the_same_way(page: Page, live_server):
    before, left = open_two_pages(page, live_server)
    page.locator("#display_name").focus()  # from anywhere, even inside a form field
    page.keyboard.press("Escape")
    expect(page).to_have_url(left)  # once is not enough: Esc also closes things
    page.keyboard.press("Escape")
    assert_left_without_trace_in_history(page, live_server, before, left)


def test_quick_exit_works_without_javascript(new_context, live_server):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/login")
    with page.expect_request(live_server.quick_exit_url) as exit_request:
        page.locator("#quick-exit").click()
    expect(page).to_have_url(live_server.quick_exit_url)
    # The neutral site must not learn where the person came from.
    assert "referer" not in exit_request.value.all_headers()


def test_safety_notice_describes_the_quick_exit_link(page: Page):
    page.goto("/")
    link = page.locator("#quick-exit")
    notice_id = link.get_attribute("aria-describedby")
    assert notice_id
    notice = page.locator(f"#{notice_id}")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Esc twice")
    expect(link).to_have_accessible_description(notice.inner_text())


def test_skip_link_appears_on_focus_and_moves_focus_to_main(page: Page):
    page.goto("/login")
    skip = page.locator(".skip-link")
    expect(skip).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab continues inside main: the first field of the form.
    page.keyboard.press("Tab")
    expect(page.locator("#email")).to_be_focused()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_pages_fit_a_phone_screen(new_context, live_server, language):
    page = new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True).new_page()
    coordinator = create_user(
        live_server,
        unique_email("phone"),
        role=Role.COORDINATOR,
        with_organisation=unique_name("Phone Test Organisation"),
    )
    create_invitation(live_server, coordinator["organisation_id"], coordinator["id"])  # a long link in a table
    page.goto("/")
    page.locator("#language-select").select_option(language)
    page.locator("form.language-switcher button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    pages = {"home": "/", "sign-in": "/login", "reset": "/reset"}
    for name, path in pages.items():
        page.goto(path)
        assert_no_horizontal_scroll(page, f"phone-{language}-{name}")
    sign_in(page, coordinator["email"])
    for name, path in {
        "profile": "/account/profile",
        "organisation": f"/organisations/{coordinator['organisation_id']}",
    }.items():
        page.goto(path)
        assert_no_horizontal_scroll(page, f"phone-{language}-{name}")


def assert_no_horizontal_scroll(page: Page, name: str) -> None:
    assert_accessible(page, name)  # also saves the screenshot
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= widths["client"], f"{name} scrolls sideways at 375px: {widths}"
