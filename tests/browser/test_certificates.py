"""Certificates in the browser: My certificates, the verification form and its three results, and
the administrators' page, each checked with axe-core (WCAG 2.2 A/AA), in English and Arabic."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from app.auth.models import Role, User
from app.certificates.services import format_code
from app.extensions import db
from tests import factories
from tests.browser.helpers import assert_accessible, create_user, html, sign_in, unique_email, unique_name
from tests.certificates.conftest import CONTENT, COURSE_ID
from tests.certificates.helpers import issued_certificate

pytestmark = pytest.mark.browser


def _learner_with_certificate(live_server, name: str = "Ċikku Ħażż-Żammit") -> tuple[str, str]:
    """A learner (e-mail) holding a certificate (code) in the live server's database."""
    person = create_user(
        live_server, unique_email("holder"), name=name, with_organisation=unique_name("Aġenzija Appoġġ")
    )
    with live_server.app.app_context():
        version = factories.published_course(COURSE_ID, content_root=CONTENT)
        certificate = issued_certificate(db.session.get(User, person["id"]), version)
        return person["email"], certificate.code


def test_my_certificates_lists_and_downloads_in_the_chosen_language(page: Page, live_server):
    email, code = _learner_with_certificate(live_server)
    sign_in(page, email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My certificates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My certificates")
    card = page.get_by_role("region", name="Listening to survivors")
    expect(card).to_contain_text(format_code(code))
    assert_accessible(page, "certificates-mine")

    card.get_by_label("Language of the PDF").select_option("ar")
    with page.expect_download() as download:
        card.get_by_role("button", name="Download PDF").click()
    assert download.value.suggested_filename == f"certificate-{code}-ar.pdf"


def test_the_verification_form_and_its_results(page: Page, live_server):
    _email, code = _learner_with_certificate(live_server, name="Γεώργιος Παπαδόπουλος")
    page.goto("/verify")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check a certificate")
    assert_accessible(page, "verify-form")

    # Typed as people copy it from paper: lower case, spaces.
    page.get_by_label("Certificate code").fill(format_code(code).lower().replace("-", " "))
    page.get_by_role("button", name="Check certificate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Valid certificate")
    expect(page.locator("main")).to_contain_text("Γεώργιος Παπαδόπουλος")
    assert_accessible(page, "verify-valid")

    page.get_by_role("link", name="Check another certificate").click()
    page.get_by_label("Certificate code").fill("ACDE-FGHJ-KMNP" if code != "ACDEFGHJKMNP" else "ACDE-FGHJ-KMNQ")
    page.get_by_role("button", name="Check certificate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("No certificate found")
    assert_accessible(page, "verify-not-found")

    page.get_by_label("Certificate code").fill("")
    page.get_by_role("button", name="Check certificate").click()
    expect(page.locator("#code-error")).to_contain_text("Enter the code printed on the certificate.")
    assert_accessible(page, "verify-form-error")


def test_an_administrator_revokes_and_the_verification_page_says_so(page: Page, new_context, live_server):
    _email, code = _learner_with_certificate(live_server)
    admin = create_user(live_server, unique_email("admin"), role=Role.ADMIN, name="Ada Admin")
    sign_in(page, admin["email"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Administration").click()
    page.get_by_role("navigation", name="Administration").get_by_role("link", name="Certificates").click()
    page.get_by_label("Search by code or holder name").fill(format_code(code).lower())
    page.get_by_role("button", name="Search").click()
    assert_accessible(page, "certificates-admin-list")
    page.get_by_role("link", name=format_code(code)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(format_code(code))
    assert_accessible(page, "certificates-admin-detail")

    page.get_by_role("button", name="Revoke certificate").click()
    expect(page.locator("#reason-error")).to_contain_text("Give the reason for revoking this certificate.")
    assert_accessible(page, "certificates-admin-detail-error")
    page.get_by_label("Reason for revoking").fill("Completed with someone else's account")
    page.get_by_role("button", name="Revoke certificate").click()
    expect(page.get_by_role("status")).to_contain_text("Certificate revoked")
    expect(page.get_by_role("table", name="History")).to_contain_text("Completed with someone else's account")

    visitor = new_context(locale="ar").new_page()
    visitor.goto(f"/verify/{code}")
    expect(html(visitor)).to_have_attribute("dir", "rtl")
    expect(visitor.locator("#verification-status")).to_be_visible()
    assert_accessible(visitor, "verify-revoked-ar")
    visitor.context.clear_cookies()
    english = new_context().new_page()
    english.goto(f"/verify/{code}")
    expect(english.get_by_role("heading", level=1)).to_have_text("Certificate revoked")
    assert_accessible(english, "verify-revoked")


def test_the_coordinators_export_form(page: Page, live_server):
    coordinator = create_user(
        live_server, unique_email("coordinator"), role=Role.COORDINATOR, with_organisation=unique_name("Export Org")
    )
    sign_in(page, coordinator["email"])
    page.goto("/certificates/")
    page.get_by_role("link", name="Download your learners' certificates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Download certificates")
    assert_accessible(page, "certificates-export")
