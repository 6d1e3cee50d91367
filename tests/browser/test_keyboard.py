"""Keyboard only: a person who cannot use a mouse can reach and complete the forms."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import create_user, sign_out_button, unique_email
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def focused(page: Page) -> str:
    """A short description of the focused element: its id, else its tag and text."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.id ? '#' + e.id : e.tagName.toLowerCase() + ':' + (e.textContent || '').trim(); }"
    )


def test_tab_order_on_the_sign_in_page_follows_the_reading_order(page: Page):
    page.goto("/login")
    order = []
    for _ in range(11):
        page.keyboard.press("Tab")
        order.append(focused(page))
    assert order == [
        "#quick-exit",
        "a:Skip to main content",
        "a:Disclosure Response Training",
        "a:Sign in",
        "#language-select",
        "button:Change",
        "#email",
        "#password",
        "#remember",
        "button:Sign in",
        "a:Forgotten your password?",
    ]


def test_sign_in_with_the_keyboard_only(page: Page, live_server):
    learner = create_user(live_server, unique_email("keyboard"), name="Kamal Keys")
    page.goto("/login")
    # Skip link first, then straight into the form.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # Enter with the fields empty: the errors are announced and the fields marked invalid.
    page.keyboard.press("Tab")
    expect(page.locator("#email")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Enter your e-mail address.")
    expect(page.locator("#email")).to_have_attribute("aria-invalid", "true")
    # The answer page is in the DOM before it has loaded; keys pressed while it still loads may
    # go to the page being replaced. Wait for its load event, as a person waits for the page.
    page.wait_for_load_state("load")

    # Through the skip link again to the error summary, whose link puts the cursor in the field.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("alert").get_by_role("link").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#email")).to_be_focused()
    page.keyboard.type(learner["email"])
    page.keyboard.press("Tab")
    expect(page.locator("#password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("main")).to_contain_text("Signed in as Kamal Keys.")
    expect(sign_out_button(page)).to_be_visible()
