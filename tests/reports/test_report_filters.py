"""Filters live in the URL: they narrow every view alike, travel to the downloads, and refuse
bad values with a message next to the field (400), never a 500."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import field_error, parse_page
from tests.reports.reading import csv_records

CHOICE = "Choose one of the options in the list."
DATE = "Enter a date like 2026-11-30."
LONG = "x" * 5_000
SCRIPT = "<script>alert(1)</script>"


def names_and_courses(client, query: str) -> set[tuple[str, str, str]]:
    return {(r["name"], r["course_id"], r["status"]) for r in csv_records(client.get(f"/reports/learners.csv?{query}"))}


def test_each_filter_narrows_the_rows(app, people):
    client = people.client(app, "malta_coordinator")

    assert {n for n, _c, _s in names_and_courses(client, "sector=police")} == {"Abel Alpha", "Bella Beta", "Boris Beta"}
    assert {n for n, _c, _s in names_and_courses(client, "level=frontline")} == {
        "Anna Alpha",
        "Bella Beta",
        "Boris Beta",
    }
    assert {c for _n, c, _s in names_and_courses(client, "course=course-two")} == {"course-two"}
    assert names_and_courses(client, "status=completed") == {
        ("Anna Alpha", "course-one", "completed"),
        ("Aaron Alpha", "course-two", "completed"),
        ("Bella Beta", "course-one", "completed"),
    }
    assert names_and_courses(client, "status=in_progress") == {
        ("Anna Alpha", "course-two", "in_progress"),
        ("Aaron Alpha", "course-one", "in_progress"),
    }
    assert {s for _n, _c, s in names_and_courses(client, "status=not_started")} == {"not_started"}
    assert len(names_and_courses(client, "status=not_started")) == 5


def test_the_date_range_is_the_day_a_course_was_first_opened(app, people):
    client = people.client(app, "malta_coordinator")
    # Opened 8 January to 28 February: Aaron's course one (10 Jan), Anna's course two and Bella's course one (1 Feb).
    assert names_and_courses(client, "started_from=2026-01-08&started_to=2026-02-28") == {
        ("Aaron Alpha", "course-one", "in_progress"),
        ("Anna Alpha", "course-two", "in_progress"),
        ("Bella Beta", "course-one", "completed"),
    }
    # Both ends are included, whole days.
    assert {n for n, _c, _s in names_and_courses(client, "started_from=2026-02-01&started_to=2026-02-01")} == {
        "Anna Alpha",
        "Bella Beta",
    }
    # Courses never opened have no date: with a date range they are not rows.
    assert names_and_courses(client, "started_from=2026-01-01&status=not_started") == set()


def test_the_selection_stays_in_the_address_and_in_every_link(app, people):
    client = people.client(app, "malta_coordinator")
    query = f"course=course-one&status=completed&organisation={people.alpha.id}&started_from=2026-01-01"
    response = client.get(f"/reports/?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    expected = parse_qs(query)
    links = [part.split('"')[0] for part in page.split('href="')[1:]]
    downloads = [
        link
        for link in links
        if link.startswith(("/reports/learners.csv", "/reports/learners.xlsx", "/reports/learners?"))
    ]
    assert len(downloads) == 5
    for link in downloads:
        values = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
        assert {key: values[key] for key in expected} == expected
    # The form shows what is selected.
    assert '<option selected value="course-one">' in page or '<option value="course-one" selected>' in page
    assert parse_page(response).attrs["started_from"]["value"] == "2026-01-01"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("course", "no-such-course", CHOICE),
        ("course", SCRIPT, CHOICE),
        ("status", "finished", CHOICE),
        ("status", LONG, CHOICE),
        ("sector", "astronauts", CHOICE),
        ("level", "expert", CHOICE),
        ("country", "XX", CHOICE),
        ("organisation", "abc", CHOICE),
        ("organisation", "-1", CHOICE),
        ("organisation", "9" * 400, CHOICE),
        ("started_from", "2026-13-01", DATE),
        ("started_from", "yesterday", DATE),
        ("started_to", SCRIPT, DATE),
        ("started_to", "٢٠٢٦-٠١-٠١", DATE),
        ("started_from", "1066-10-14", "Enter a date between 2000-01-01 and 2099-12-31."),
        ("started_to", "9999-12-31", "Enter a date between 2000-01-01 and 2099-12-31."),
    ],
)
@pytest.mark.parametrize(
    "endpoint", ["/reports/", "/reports/learners", "/reports/learners.csv", "/reports/learners.xlsx"]
)
def test_bad_values_get_a_message_next_to_the_field(app, people, endpoint, field, value, message):
    client = people.client(app, "malta_coordinator")
    response = client.get(endpoint, query_string={field: value})

    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert field_error(response, field) == f"Error: {message}"
    assert SCRIPT not in response.get_data(as_text=True)  # a typed value comes back escaped, if at all


def test_an_end_date_before_the_start_date_is_refused(app, people):
    client = people.client(app, "malta_coordinator")
    response = client.get("/reports/?started_from=2026-03-01&started_to=2026-02-01")
    assert response.status_code == 400
    assert field_error(response, "started_to") == "Error: The end date must be on or after the start date."


def test_unknown_parameters_and_odd_pages_are_ignored(app, people):
    client = people.client(app, "malta_coordinator")
    assert client.get("/reports/?colour=blue&course=").status_code == 200
    for page in ("abc", "-3", "0", "99999", "1.5"):
        response = client.get(f"/reports/learners?page={page}")
        assert response.status_code == 200
        assert "Anna Alpha" in response.get_data(as_text=True)


def test_the_learner_report_is_paginated_by_name_with_totals_for_all_pages(app, people, monkeypatch):
    from app.reports import queries

    monkeypatch.setattr(queries, "PAGE_SIZE", 4)
    client = people.client(app, "malta_coordinator")
    first = client.get("/reports/learners").get_data(as_text=True)
    second = client.get("/reports/learners?page=2").get_data(as_text=True)
    third = client.get("/reports/learners?page=3").get_data(as_text=True)
    assert "Page 1 of 3" in first and "Page 3 of 3" in third
    assert "Rows 5 to 8 of 10, by name." in second
    # By name: Aaron (2 rows), Abel (2 rows); then Anna, Bella; then Boris.
    assert "Aaron Alpha" in first and "Abel Alpha" in first and "Anna Alpha" not in first
    assert "Anna Alpha" in second and "Bella Beta" in second and "Boris Beta" not in second
    assert "Boris Beta" in third
    assert parse_page(client.get("/reports/learners?page=2")).text["total-rows"].strip() == "10"
    assert 'href="/reports/learners?page=3"' in second and 'href="/reports/learners?page=1"' in second
