"""A coordinator's reports in the browser: dashboard with its charts, filters, the learner report,
the data dictionary and a transcript, with axe checking each page (also right to left), and a
learner's own record."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.helpers import assert_accessible, html, sign_in, unique_email, unique_name
from tests.reports import records

pytestmark = pytest.mark.browser


def reports_world(live_server) -> dict:
    """An organisation with three learners on two courses of their own, and its coordinator."""
    suffix = uuid.uuid4().hex[:8]
    with live_server.app.app_context():
        organisation = factories.organisation(unique_name("Sliema Health Centre"), "MT")
        core = f"report-core-{suffix}"
        extra = f"report-extra-{suffix}"
        records.course(core, f"Core course {suffix}", pass_mark=80)
        records.course(extra, f"Extra course {suffix}", pass_mark=None)
        people = [
            records.person(unique_email(who), name, organisation=organisation, sector=sector, level="frontline")
            for who, name, sector in (
                ("maria", "Maria Borg", "health"),
                ("joseph", "Joseph Camilleri", "police"),
                ("amal", "Amal Haddad", "health"),
            )
        ]
        maria, joseph, _amal = people
        records.enrol(maria, core, "2026-01-05", completed="2026-01-12", best=92, attempts=1)
        records.attempt(maria, core, 1, "2026-01-12", 92, True)
        records.certify(maria, core, "2026-01-12")
        records.enrol(maria, extra, "2026-02-02", progress=40)
        records.enrol(joseph, core, "2026-02-10", progress=60, best=55, attempts=1)
        records.attempt(joseph, core, 1, "2026-02-20", 55, False)
        coordinator = records.coordinator(unique_email("coordinator"), organisation=organisation)
        return {
            "coordinator": coordinator.email,
            "maria": maria.email,
            "maria_id": maria.id,
            "core": core,
            "organisation": organisation.name,
        }


def test_coordinator_reads_the_dashboard_filters_and_opens_the_learner_report(page: Page, live_server):
    world = reports_world(live_server)
    sign_in(page, world["coordinator"])

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    expect(page.get_by_role("main")).to_contain_text(world["organisation"])
    charts = page.locator("svg.chart[role=img]")
    expect(charts).to_have_count(6)
    expect(page.locator("#by-course-table")).to_contain_text("Core course")
    assert_accessible(page, "reports-dashboard")

    # Filters, by keyboard-usable form controls; the result is a shareable address.
    page.get_by_label("Course", exact=True).select_option(world["core"])
    page.get_by_label("Status", exact=True).select_option("completed")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(rf"course={world['core']}.*status=completed"))
    course_row = page.locator("#by-course-table tbody tr").first
    expect(course_row).to_contain_text("1")
    assert_accessible(page, "reports-dashboard-filtered")

    # A value the coordinator may not choose: a message, not data.
    page.goto(page.url + "&organisation=999999")
    expect(page.locator(".error-summary")).to_contain_text("Choose one of the options in the list.")
    assert_accessible(page, "reports-dashboard-invalid-filter")

    page.goto(f"/reports/?course={world['core']}")
    page.get_by_role("link", name="See the learner report on screen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learner report")
    expect(page.locator("#total-rows")).to_have_text("3")  # 3 people x the one course chosen
    assert_accessible(page, "reports-learners")

    page.get_by_role("link", name="What each column means (data dictionary)").click()
    expect(page.locator("#data-dictionary")).to_contain_text("certificate_code")
    assert_accessible(page, "reports-data-dictionary")

    page.goto("/reports/learners")
    page.get_by_role("link", name="Maria Borg").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training record: Maria Borg")
    expect(page.locator("#transcript-attempts")).to_contain_text("Passed")
    assert_accessible(page, "reports-transcript")


def test_the_dashboard_is_accessible_right_to_left(page: Page, live_server):
    world = reports_world(live_server)
    sign_in(page, world["coordinator"])
    page.goto("/reports/")
    page.locator("#language-select").select_option("ar")
    page.locator("form.language-switcher button[type=submit]").click()
    expect(html(page)).to_have_attribute("dir", "rtl")
    expect(page.locator("svg.chart[role=img]")).to_have_count(6)
    assert_accessible(page, "reports-dashboard-rtl")


def test_a_learner_reads_their_own_record(page: Page, live_server):
    world = reports_world(live_server)
    sign_in(page, world["maria"])
    page.goto("/reports/me")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your training record")
    expect(page.locator("#transcript-certificates")).to_contain_text("Valid")
    assert_accessible(page, "reports-own-record")
