"""The "Your data" page describes every kind of record the downloaded file holds."""

from __future__ import annotations

import json
import re

from tests import factories
from tests.helpers import parse_page, signed_in_client


def _visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_page_has_a_row_for_every_kind_of_record_in_the_file(app):
    person = factories.user(email="nurse@example.org")
    client = signed_in_client(app, person.email)

    data = json.loads(client.get("/account/data.json").get_data())
    page = parse_page(client.get("/account/data"))

    record_kinds = {key for key, value in data.items() if isinstance(value, list)}
    rows = {row_id.removeprefix("data-").replace("-", "_") for row_id in page.text if row_id.startswith("data-")}
    assert rows == record_kinds


def test_the_page_names_the_profile_details_and_the_final_assessment_as_learners_know_it(app):
    person = factories.user(email="nurse@example.org")
    client = signed_in_client(app, person.email)

    text = _visible_text(client.get("/account/data").get_data(as_text=True))

    data = json.loads(client.get("/account/data.json").get_data())
    assert "last_login_at" in data["profile"] and "when you last signed in" in text
    assert "roles" in data["profile"] and "any roles you were given" in text
    assert "Final assessment attempts" in text
    assert "quiz" not in text.lower()
