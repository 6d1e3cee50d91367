"""The dashboard's numbers on a hand-counted world (see conftest.py), and their agreement with
the learner report's totals and its exports for many filters."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.courses.models import Course
from app.extensions import db
from app.reports.dashboard import median
from tests import factories
from tests.helpers import build_app, dispose, in_test_transaction, parse_page, signed_in_client
from tests.reports.reading import csv_records, csv_rows, html_table, table_row
from tests.reports.records import attempt, coordinator, enrol, person

COLUMNS = [
    "Learners",
    "Not started",
    "In progress",
    "Completed",
    "Certified",
    "Pass rate",
    "Average best score (%)",
    "Median time to complete",
]


def course_table(response) -> dict[str, dict[str, str]]:
    header, *rows = html_table(response, "by-course-table")
    assert header == ["Course", *COLUMNS]
    return {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in rows}


def test_per_course_numbers_for_a_country_coordinator(app, people):
    # Alpha Clinic and Beta Police: Anna, Aaron, Abel, Bella, Boris.
    table = course_table(people.client(app, "malta_coordinator").get("/reports/"))

    assert table["Course One"] == {
        "Learners": "5",
        "Not started": "2",
        "In progress": "1",
        "Completed": "2",
        "Certified": "2",
        # Anna (90), Aaron (60) and Bella (80) sat it; pass mark 80.
        "Pass rate": "66.7%",
        "Average best score (%)": "76.7",
        # Anna took 10 days, Bella 4.
        "Median time to complete": "7 days",
    }
    assert table["Course Two"] == {
        "Learners": "5",
        "Not started": "3",
        "In progress": "1",
        "Completed": "1",
        "Certified": "0",  # Aaron's certificate was revoked
        "Pass rate": "none yet",
        "Average best score (%)": "none yet",
        "Median time to complete": "2 days",
    }
    assert table["All selected courses"] == {
        "Learners": "5",
        "Not started": "5",
        "In progress": "2",
        "Completed": "3",
        "Certified": "2",
        "Pass rate": "66.7%",
        "Average best score (%)": "76.7",
        "Median time to complete": "4 days",
    }


def test_breakdowns_by_organisation_country_sector_level_and_month(app, people):
    dashboard = people.client(app, "malta_coordinator").get("/reports/")

    def rows(table_id):
        return {row[0]: row[1:] for row in html_table(dashboard, table_id)[1:]}

    # learners, not started, in progress, completed, completed share of the rows
    assert rows("by-organisation-table") == {
        "Alpha Clinic (MT)": ["3", "2", "2", "2", "33.3%"],
        "Beta Police (MT)": ["2", "3", "0", "1", "25%"],
    }
    assert rows("by-country-table") == {"Malta": ["5", "5", "2", "3", "30%"]}
    assert rows("by-sector-table") == {
        "Health": ["2", "0", "2", "2", "50%"],
        "Police": ["3", "5", "0", "1", "16.7%"],
    }
    assert rows("by-level-table") == {
        "Crisis intervention": ["1", "0", "1", "1", "50%"],
        "Front line: identify, briefly support and refer": ["3", "3", "1", "2", "33.3%"],
        "Not given": ["1", "2", "0", "0", "0%"],
    }
    assert rows("by-month-table") == {"January 2026": ["1"], "February 2026": ["1"], "March 2026": ["1"]}


def test_every_chart_is_an_accessible_svg_with_its_table_beside_it(app, people):
    dashboard = people.client(app, "malta_coordinator").get("/reports/")
    page = parse_page(dashboard)
    for section in ("by-course", "by-organisation", "by-country", "by-sector", "by-level", "by-month"):
        chart = page.attrs[f"chart-{section}"]
        assert chart["tag"] == "svg" and chart["role"] == "img"
        assert chart["aria-labelledby"] == f"chart-{section}-title chart-{section}-desc"
        assert page.text[f"chart-{section}-title"].strip()
        assert page.text[f"chart-{section}-desc"].strip()
        assert f"{section}-table" in page.attrs
    # A bar per organisation, sized by its numbers: Alpha's completed bar is twice Beta's.
    html = dashboard.get_data(as_text=True)
    chart = html[
        html.index('id="chart-by-organisation"') : html.index("</svg>", html.index('id="chart-by-organisation"'))
    ]
    completed = [float(part.split('width="')[1].split('"')[0]) for part in chart.split('class="chart-completed"')[1:]]
    assert completed[0] == pytest.approx(2 * completed[1], abs=0.2)


FILTERS = [
    "",
    "?course=course-one",
    "?course=course-two",
    "?status=completed",
    "?status=in_progress",
    "?status=not_started",
    "?sector=health",
    "?level=frontline",
    "?country=MT",
    "?status=completed&sector=police",
    "?started_from=2026-01-08&started_to=2026-02-28",
    "?started_from=2026-01-08&started_to=2026-02-28&status=not_started",
    "?course=course-one&status=completed&level=frontline",
]


@pytest.mark.parametrize("who", ["malta_coordinator", "admin"])
@pytest.mark.parametrize("query", FILTERS)
def test_dashboard_screen_totals_and_exports_agree(app, people, who, query):
    client = people.client(app, who)

    page = parse_page(client.get(f"/reports/learners{query}"))
    screen = {
        key: int(page.text[f"total-{key}"].replace(",", ""))
        for key in ("rows", "not-started", "in-progress", "completed", "certified")
    }
    records = csv_records(client.get(f"/reports/learners.csv{query}"))
    statuses = Counter(record["status"] for record in records)
    exported = {
        "rows": len(records),
        "not-started": statuses["not_started"],
        "in-progress": statuses["in_progress"],
        "completed": statuses["completed"],
        "certified": sum(1 for r in records if r["certificate_code"]),
    }
    dashboard = client.get(f"/reports/{query}")
    label = (
        "Course One"
        if "course=course-one" in query
        else "Course Two"
        if "course=course-two" in query
        else ("All selected courses")
    )
    row = table_row(dashboard, "by-course-table", label)
    shown = dict(zip(COLUMNS, row[1:], strict=True))
    on_dashboard = {
        "rows": sum(int(shown[k]) for k in ("Not started", "In progress", "Completed")),
        "not-started": int(shown["Not started"]),
        "in-progress": int(shown["In progress"]),
        "completed": int(shown["Completed"]),
        "certified": int(shown["Certified"]),
    }

    assert screen == exported == on_dashboard


def test_the_months_chart_counts_the_exported_completions(app, people):
    client = people.client(app, "admin")
    records = csv_records(client.get("/reports/learners.csv"))
    per_month = Counter(r["completed_at"][:7] for r in records if r["completed_at"])
    months = {row[0]: int(row[1]) for row in html_table(client.get("/reports/"), "by-month-table")[1:]}
    assert months == {
        "January 2026": per_month["2026-01"],
        "February 2026": per_month["2026-02"],
        "March 2026": per_month["2026-03"],
    }


def _count_queries(client, url: str) -> int:
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    return len(statements)


def _add_learners(people, how_many: int, start: int) -> None:
    for n in range(start, start + how_many):
        learner = person(
            f"extra{n}@example.org", f"Extra {n}", organisation=people.alpha, sector="health", level="crisis"
        )
        enrol(learner, "course-one", "2026-01-03", completed="2026-01-09", best=85, attempts=1)
        attempt(learner, "course-one", 1, "2026-01-09", 85, True)
        enrol(learner, "course-two", "2026-01-04", progress=30)


@pytest.mark.parametrize("url", ["/reports/", "/reports/learners", "/reports/?course=course-one&status=completed"])
def test_the_number_of_queries_does_not_grow_with_the_number_of_learners(app, people, url):
    client = people.client(app, "malta_coordinator")
    client.get(url)  # warm the per-process caches (course titles)
    _add_learners(people, 2, start=0)
    few = _count_queries(client, url)
    _add_learners(people, 20, start=100)
    many = _count_queries(client, url)
    assert few == many


@pytest.fixture
def private_app(database_url, app):
    """An app that hides counts below 3 on aggregate views."""
    other = build_app(database_url, REPORTS_MIN_GROUP_SIZE=3)
    with in_test_transaction(other, app):
        yield other
    dispose(other)


def test_small_groups_are_shown_as_fewer_than_the_threshold(private_app, people):
    client = signed_in_client(private_app, people.malta_coordinator.email)
    dashboard = client.get("/reports/")
    text = dashboard.get_data(as_text=True)
    assert "counts below 3 are shown as “fewer than 3”" in text

    course_one = dict(zip(COLUMNS, table_row(dashboard, "by-course-table", "Course One")[1:], strict=True))
    assert course_one["Learners"] == "5"
    assert course_one["Not started"] == course_one["Completed"] == course_one["In progress"] == "fewer than 3"
    # The pass rate (2 of 3 passed) and the median (of 2 completions) would give the small numbers away.
    assert course_one["Pass rate"] == "not shown (small group)"
    assert course_one["Median time to complete"] == "not shown (small group)"
    assert course_one["Certified"] == "fewer than 3"
    beta = table_row(dashboard, "by-organisation-table", "Beta Police (MT)")
    assert beta[1:] == ["fewer than 3", "3", "0", "fewer than 3", "not shown (small group)"]
    # Hidden bars are not drawn: the chart says "fewer than 3" instead of a bar.
    chart = text[
        text.index('id="chart-by-organisation"') : text.index("</svg>", text.index('id="chart-by-organisation"'))
    ]
    assert chart.count("fewer than 3") == 2
    assert 'class="chart-completed"' not in chart


def test_the_threshold_is_off_by_default(app, people):
    text = people.client(app, "malta_coordinator").get("/reports/").get_data(as_text=True)
    assert "fewer than" not in text


def test_numbers_and_dates_follow_the_viewers_language(app, people):
    people.malta_coordinator.locale = "fr"
    db.session.commit()
    client = people.client(app, "malta_coordinator")
    dashboard = client.get("/reports/")
    row = table_row(dashboard, "by-course-table", "Course One")
    assert row[6] == "66,7 %" and row[7] == "76,7"  # (the table reader folds the narrow no-break space)
    learners = client.get("/reports/learners").get_data(as_text=True)
    assert "15 janv. 2026" in learners
    # Exports stay in machine formats whatever the language.
    records = csv_records(client.get("/reports/learners.csv"))
    anna = next(r for r in records if r["name"] == "Anna Alpha" and r["course_id"] == "course-one")
    assert anna["completed_at"] == "2026-01-15T10:00:00Z" and anna["best_score"] == "90"


def test_a_retired_course_keeps_its_records_and_says_it_is_retired(app, people):
    db.session.get(Course, "course-two").retired_at = datetime.now(UTC)
    db.session.commit()
    client = people.client(app, "malta_coordinator")
    row = table_row(client.get("/reports/"), "by-course-table", "Course Two (retired)")
    assert row[4] == "1"  # Aaron's completion still counts
    records = csv_records(client.get("/reports/learners.csv?course=course-two"))
    assert {r["course_title"] for r in records} == {"Course Two"}


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], None), ([5], 5), ([1, 4, 10], 4), ([1, 2, 4, 10], 3), ([2, 2, 2, 9], 2), ([0, 1], 0.5)],
)
def test_the_median_of_counted_days_is_the_middle_value_or_the_mean_of_the_two(values, expected):
    assert median(Counter(values)) == expected


def test_before_any_course_is_published_the_pages_say_so(app):
    organisation = factories.organisation("Early Org", "IT")
    person("early@example.org", "Early Learner", organisation=organisation)
    client = signed_in_client(app, coordinator("early-coordinator@example.org", organisation=organisation).email)
    dashboard = client.get("/reports/")
    assert dashboard.status_code == 200
    assert "No course has been published yet." in dashboard.get_data(as_text=True)
    assert parse_page(client.get("/reports/learners")).text["total-rows"].strip() == "0"
    assert len(csv_rows(client.get("/reports/learners.csv"))) == 1
