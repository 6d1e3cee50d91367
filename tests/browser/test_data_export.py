"""Your data in the browser: reached from the profile, checked with axe-core, downloaded as a file."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, create_user, sign_in, unique_email, unique_name

pytestmark = pytest.mark.browser


def test_a_learner_finds_and_downloads_their_data(page: Page, live_server):
    person = create_user(live_server, unique_email("learner"), name="Ċikku Ħażż", with_organisation=unique_name("Org"))
    sign_in(page, person["email"])

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Profile").click()
    page.get_by_role("link", name="See and download your data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
    expect(page.get_by_role("table", name="Your learning records in the file")).to_be_visible()
    assert_accessible(page, "data-export")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data (JSON)").click()
    assert download.value.suggested_filename.startswith("my-data-")
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["profile"]["email"] == person["email"] and data["profile"]["display_name"] == "Ċikku Ħażż"
    assert data["profile"]["organisations"] == [person["organisation_name"]]
