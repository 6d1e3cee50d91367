"""The whole path of a new learner, from a coordinator's invitation to signing out, with axe
checking every kind of page on the way, in English and in Arabic (right to left)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from app.auth.models import Role
from tests.browser.helpers import (
    assert_accessible,
    create_user,
    html,
    sign_in,
    sign_out_button,
    unique_email,
    unique_name,
)

pytestmark = pytest.mark.browser

LEARNER_PASSWORD = "plum orchard lantern 42"


def switch_language(page: Page, code: str) -> None:
    """Use the switcher in the header, as a person would."""
    page.locator("#language-select").select_option(code)
    page.locator("form.language-switcher button[type=submit]").click()
    expect(html(page)).to_have_attribute("lang", code)


def invite_link_from_coordinator(page: Page, live_server) -> tuple[str, str]:
    coordinator = create_user(
        live_server,
        unique_email("coordinator"),
        role=Role.COORDINATOR,
        name="Carmen Coordinator",
        with_organisation=unique_name("Valletta Health Centre"),
    )
    page.goto("/")
    assert_accessible(page, "home")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page, "sign-in")
    page.get_by_label("E-mail address").fill(coordinator["email"])
    page.get_by_label("Password", exact=True).fill("correct horse battery")
    page.get_by_role("main").get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name="Organisations").click()
    page.get_by_role("link", name=coordinator["organisation_name"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(coordinator["organisation_name"])
    assert_accessible(page, "organisation-empty")
    page.get_by_label("Valid for (days)").fill("14")
    page.get_by_role("button", name="Create invitation link").click()
    expect(page.get_by_role("status")).to_contain_text("Invitation link created")
    link = page.locator("code.invitation-link").first
    expect(link).to_have_text(re.compile(r"^http://127\.0\.0\.1:\d+/join/\S+$"))
    assert_accessible(page, "organisation-with-invitation")
    return link.inner_text(), coordinator["organisation_name"]


def test_invited_person_registers_sets_up_profile_and_language_exits_and_returns(page: Page, new_context, live_server):
    invitation_url, organisation_name = invite_link_from_coordinator(page, live_server)

    # A new person, in a browser of their own, follows the link.
    learner = new_context().new_page()
    email = unique_email("learner")
    learner.goto(invitation_url)
    expect(learner.get_by_role("heading", level=1)).to_have_text("Create an account")
    expect(learner.get_by_role("main")).to_contain_text(f"You have been invited to join {organisation_name}.")
    assert_accessible(learner, "register-invitation")
    learner.get_by_label("Your name").fill("Layla Haddad")
    learner.get_by_label("E-mail address").fill(email)
    learner.get_by_label("Password", exact=True).fill(LEARNER_PASSWORD)
    learner.get_by_label("Repeat the password").fill(LEARNER_PASSWORD)
    learner.get_by_role("button", name="Create account").click()

    # Signed in, on the profile page.
    expect(learner.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(learner.get_by_role("status")).to_contain_text("Your account is ready")
    expect(sign_out_button(learner)).to_be_visible()
    expect(learner.get_by_role("main")).to_contain_text(f"Organisations: {organisation_name}")
    assert_accessible(learner, "profile")

    learner.get_by_label("Sector", exact=True).select_option("health")
    learner.get_by_label("Sub-sector").select_option("emergency")
    learner.get_by_label("Professional level").select_option("frontline")
    learner.get_by_label("Country where you work").select_option("ES")
    learner.get_by_label("Preferred language").select_option("es")
    learner.get_by_role("button", name="Save profile").click()
    # The preferred language takes effect at once; fields are found by id from here on,
    # so the test keeps working when the interface is translated.
    expect(html(learner)).to_have_attribute("lang", "es")
    expect(learner.locator(".flash-success")).to_be_visible()
    expect(learner.locator("#sector")).to_have_value("health")
    expect(learner.locator("#subsector")).to_have_value("emergency")
    expect(learner.locator("#level")).to_have_value("frontline")
    expect(learner.locator("#country")).to_have_value("ES")
    expect(learner.locator("#locale")).to_have_value("es")

    # The switcher changes the language of the page the person is on, and their setting.
    switch_language(learner, "fr")
    expect(html(learner)).to_have_attribute("dir", "ltr")
    expect(learner.locator("#locale")).to_have_value("fr")
    expect(learner.locator("#sector option:checked")).to_have_text("Santé")
    switch_language(learner, "ar")
    expect(html(learner)).to_have_attribute("dir", "rtl")
    expect(learner.locator("#sector option:checked")).to_have_text("الصحة")
    assert_accessible(learner, "profile-ar-rtl")
    learner.goto("/")
    expect(html(learner)).to_have_attribute("dir", "rtl")
    assert_accessible(learner, "home-ar-rtl")

    # Quick exit leaves for the neutral site; Back does not return to the page that was left.
    learner.goto("/account/profile")
    learner.locator("#quick-exit").click()
    expect(learner).to_have_url(live_server.quick_exit_url)
    learner.go_back()
    expect(learner).to_have_url(live_server.url("/"))

    # Later, in a browser whose session has ended, the person signs in again: the account
    # remembers Arabic.
    returning = new_context().new_page()
    returning.goto("/")
    expect(html(returning)).to_have_attribute("lang", "en")
    sign_in(returning, email, LEARNER_PASSWORD)
    expect(html(returning)).to_have_attribute("lang", "ar")
    expect(html(returning)).to_have_attribute("dir", "rtl")
    sign_out_button(returning).click()
    expect(sign_out_button(returning)).to_have_count(0)
    expect(returning.locator(".flash-success")).to_be_visible()
    returning.goto("/account/profile")
    expect(returning).to_have_url(re.compile(r"/login\?next="))


def test_administrator_pages(page: Page, live_server):
    admin = create_user(live_server, unique_email("admin"), role=Role.ADMIN, name="Ada Admin")
    member = create_user(live_server, unique_email("member"), name="Mia Member", with_organisation=unique_name("Org"))
    sign_in(page, admin["email"])

    page.get_by_role("link", name="Administration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Users")
    assert_accessible(page, "admin-users")
    page.get_by_label("Search by name or e-mail").fill(member["email"])
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Mia Member").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mia Member")
    expect(page.get_by_role("main")).to_contain_text(member["organisation_name"])
    assert_accessible(page, "admin-user-detail")

    page.get_by_role("navigation", name="Administration").get_by_role("link", name="Organisations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations")
    expect(page.get_by_role("link", name=member["organisation_name"])).to_be_visible()
    assert_accessible(page, "admin-organisations")

    # A form with errors: the error summary and the invalid field are checked too.
    page.get_by_role("button", name="Add organisation").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a name.")
    assert_accessible(page, "admin-organisations-errors")


def test_public_pages_reset_request_and_not_found(page: Page, live_server):
    page.goto("/reset")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    assert_accessible(page, "reset-request")
    page.get_by_label("E-mail address").fill(unique_email("nobody"))
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert_accessible(page, "reset-sent")

    response = page.goto("/no-such-page")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page, "error-404")

    page.goto("/login")
    page.get_by_role("button", name="Sign in").last.click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your e-mail address.")
    assert_accessible(page, "sign-in-errors")
