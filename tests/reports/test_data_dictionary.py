"""The data dictionary documents every column, and the column keys never change."""

from __future__ import annotations

from app.reports.columns import COLUMNS, KEYS
from tests.reports.reading import html_table

# The export's interface. Changing this list breaks people's spreadsheets and scripts: only
# ever add keys at the end (and here), never rename or remove one.
PINNED_KEYS = (
    "learner_id",
    "name",
    "email",
    "organisation",
    "country",
    "sector",
    "level",
    "language",
    "course_id",
    "course_title",
    "status",
    "progress_percent",
    "best_score",
    "attempts",
    "first_access",
    "completed_at",
    "certificate_code",
    "course_version",
)


def test_the_column_keys_are_pinned():
    assert KEYS == PINNED_KEYS


def test_every_column_is_documented_on_the_page_in_file_order(app, people):
    response = people.client(app, "alpha_coordinator").get("/reports/data-dictionary")
    assert response.status_code == 200
    header, *rows = html_table(response, "data-dictionary")
    assert header == ["Key", "Label", "Type", "Meaning", "Example"]
    assert tuple(row[0] for row in rows) == PINNED_KEYS
    for row, column in zip(rows, COLUMNS, strict=True):
        assert row[1] == str(column.label)
        assert all(cell for cell in row), f"{column.key} has an empty cell"


def test_every_export_link_sits_next_to_a_link_to_the_data_dictionary(app, people):
    client = people.client(app, "alpha_coordinator")
    for url in ("/reports/", "/reports/learners"):
        page = client.get(url).get_data(as_text=True)
        downloads = page[page.index('class="card report-downloads"') :]
        downloads = downloads[: downloads.index("</section>")]
        assert "/reports/learners.csv" in downloads and "/reports/learners.xlsx" in downloads
        assert 'href="/reports/data-dictionary"' in downloads


def test_the_header_of_both_files_is_the_keys(app, people):
    from tests.reports.reading import csv_rows, xlsx_rows

    client = people.client(app, "alpha_coordinator")
    assert tuple(csv_rows(client.get("/reports/learners.csv"))[0]) == PINNED_KEYS
    assert tuple(xlsx_rows(client.get("/reports/learners.xlsx").data)[0]) == PINNED_KEYS
