"""Who sees whom: no page, filter, URL, export or chart lets a coordinator past their own people."""

from __future__ import annotations

import pytest

from tests.helpers import parse_page
from tests.reports.reading import csv_records, html_table, table_row, xlsx_rows

ALPHA = {"Anna Alpha", "Aaron Alpha", "Abel Alpha"}
BETA = {"Bella Beta", "Boris Beta"}
OTHERS = {"Gina Gamma", "Nora Nobody"}  # Gamma Shelter (DE), and a person in no organisation whose profile says MT


def exported_names(client, query: str = "") -> set[str]:
    return {record["name"] for record in csv_records(client.get(f"/reports/learners.csv{query}"))}


def xlsx_names(client, query: str = "") -> set[str]:
    header, *rows = xlsx_rows(client.get(f"/reports/learners.xlsx{query}").data)
    return {row[header.index("name")] for row in rows}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("alpha_coordinator", ALPHA),
        ("beta_coordinator", BETA),
        # A country grant covers every organisation in that country; a profile's country never counts.
        ("malta_coordinator", ALPHA | BETA),
    ],
)
def test_exports_and_screens_hold_only_the_coordinators_people(app, people, who, expected):
    client = people.client(app, who)

    assert exported_names(client) == expected
    assert xlsx_names(client) == expected
    learners_page = client.get("/reports/learners").get_data(as_text=True)
    dashboard = client.get("/reports/").get_data(as_text=True)
    for name in (ALPHA | BETA | OTHERS) - expected:
        assert name not in learners_page
        assert name not in dashboard
    for name in expected:
        assert name in learners_page


def test_an_administrator_sees_everyone(app, people):
    client = people.client(app, "admin")
    names = exported_names(client)
    assert names >= ALPHA | BETA | OTHERS
    # Staff accounts are people too: they appear, with no progress.
    assert "Report Admin" in names


def test_totals_and_numbers_exclude_other_organisations(app, people):
    client = people.client(app, "alpha_coordinator")
    page = parse_page(client.get("/reports/learners"))
    assert page.text["total-rows"].strip() == "6"  # 3 people x 2 courses
    assert page.text["total-certified"].strip() == "1"  # Anna's; Bella's and Gina's are elsewhere
    dashboard = client.get("/reports/")
    organisations = [row[0] for row in html_table(dashboard, "by-organisation-table")[1:]]
    assert organisations == ["Alpha Clinic (MT)"]
    course_one = table_row(dashboard, "by-course-table", "Course One")
    # learners, not started, in progress, completed, certified
    assert course_one[1:6] == ["3", "1", "1", "1", "1"]


@pytest.mark.parametrize(
    "endpoint", ["/reports/", "/reports/learners", "/reports/learners.csv", "/reports/learners.xlsx"]
)
def test_filtering_by_another_organisation_shows_a_message_and_no_data(app, people, endpoint):
    client = people.client(app, "alpha_coordinator")

    response = client.get(f"{endpoint}?organisation={people.beta.id}")

    assert response.status_code == 400
    assert response.mimetype == "text/html"
    text = response.get_data(as_text=True)
    assert "Choose one of the options in the list." in text
    for name in BETA | ALPHA:
        assert name not in text
    # The other organisation is not even offered as a choice.
    assert "Beta Police" not in text


def test_filtering_by_an_organisation_that_does_not_exist_is_the_same_message(app, people):
    client = people.client(app, "alpha_coordinator")
    response = client.get("/reports/?organisation=999999")
    assert response.status_code == 400
    assert "Choose one of the options in the list." in response.get_data(as_text=True)


def test_a_country_coordinator_may_filter_by_each_of_their_organisations(app, people):
    client = people.client(app, "malta_coordinator")
    assert exported_names(client, f"?organisation={people.beta.id}") == BETA
    assert exported_names(client, f"?organisation={people.alpha.id}") == ALPHA
    assert client.get(f"/reports/?organisation={people.gamma.id}").status_code == 400


def test_the_country_filter_cannot_widen_the_scope(app, people):
    client = people.client(app, "alpha_coordinator")
    # Gina's profile says DE: a coordinator of a Maltese organisation asking for Germany sees nobody.
    assert exported_names(client, "?country=DE") == set()
    assert "Gina Gamma" not in client.get("/reports/?country=DE").get_data(as_text=True)


def test_a_transcript_outside_the_scope_is_not_found(app, people):
    client = people.client(app, "alpha_coordinator")
    assert client.get(f"/reports/learners/{people.anna.id}").status_code == 200
    for outsider in (people.bella, people.gina, people.nora, people.admin):
        assert client.get(f"/reports/learners/{outsider.id}").status_code == 404
    # Unknown and out-of-scope people get the same answer.
    assert client.get("/reports/learners/999999").status_code == 404


def test_a_country_coordinator_opens_transcripts_in_their_country_only(app, people):
    client = people.client(app, "malta_coordinator")
    assert client.get(f"/reports/learners/{people.bella.id}").status_code == 200
    assert client.get(f"/reports/learners/{people.gina.id}").status_code == 404
    assert client.get(f"/reports/learners/{people.nora.id}").status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/reports/", "/reports/learners", "/reports/learners.csv", "/reports/learners.xlsx", "/reports/data-dictionary"],
)
def test_a_learner_is_refused_every_report(app, people, url):
    client = people.client(app, "anna")
    assert client.get(url).status_code == 403


def test_a_learner_cannot_open_another_transcript_but_sees_their_own(app, people):
    client = people.client(app, "anna")
    assert client.get(f"/reports/learners/{people.aaron.id}").status_code == 403
    own = client.get("/reports/me")
    assert own.status_code == 200
    text = own.get_data(as_text=True)
    assert "Anna Alpha" in text and "Aaron Alpha" not in text


def test_signed_out_people_are_sent_to_sign_in(client, people):
    for url in ("/reports/", "/reports/learners.csv", "/reports/me", f"/reports/learners/{people.anna.id}"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_the_organisation_column_names_only_organisations_in_scope(app, people):
    from app.extensions import db

    # Bella also joins Alpha Clinic: Alpha's coordinator sees her, but not that she is in Beta Police.
    people.bella.organisations.append(people.alpha)
    db.session.commit()
    alpha = {
        r["name"]: r["organisation"]
        for r in csv_records(people.client(app, "alpha_coordinator").get("/reports/learners.csv"))
    }
    assert alpha["Bella Beta"] == "Alpha Clinic"
    malta = {
        r["name"]: r["organisation"]
        for r in csv_records(people.client(app, "malta_coordinator").get("/reports/learners.csv"))
    }
    assert malta["Bella Beta"] == "Alpha Clinic; Beta Police"
