"""CSV and XLSX downloads: stable keys, machine formats, every row, and cells that cannot run as formulas."""

from __future__ import annotations

import io
import zipfile

import pytest

from app.extensions import db
from app.reports.columns import KEYS
from app.reports.exports import write_xlsx
from tests.reports.reading import csv_records, csv_rows, xlsx_rows, xlsx_sheets
from tests.reports.records import enrol, person


def test_csv_has_one_row_per_person_and_course_including_courses_not_started(app, people):
    response = people.client(app, "malta_coordinator").get("/reports/learners.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="learner-report-')
    header, *rows = csv_rows(response)
    assert tuple(header) == KEYS
    pairs = {(r[KEYS.index("name")], r[KEYS.index("course_id")]) for r in rows}
    people_in_scope = {"Anna Alpha", "Aaron Alpha", "Abel Alpha", "Bella Beta", "Boris Beta"}
    assert pairs == {(name, course) for name in people_in_scope for course in ("course-one", "course-two")}
    assert len(rows) == len(pairs)


def test_csv_values_are_in_machine_formats(app, people):
    people.malta_coordinator.locale = "de"  # a comma for decimals on screen; never in files
    db.session.commit()
    records = {
        (r["name"], r["course_id"]): r
        for r in csv_records(people.client(app, "malta_coordinator").get("/reports/learners.csv"))
    }

    anna = records[("Anna Alpha", "course-one")]
    assert anna == {
        "learner_id": str(people.anna.id),
        "name": "Anna Alpha",
        "email": "anna@example.org",
        "organisation": "Alpha Clinic",
        "country": "MT",
        "sector": "health",
        "level": "frontline",
        "language": "",
        "course_id": "course-one",
        "course_title": "Course One",
        "status": "completed",
        "progress_percent": "100",
        "best_score": "90",
        "attempts": "2",
        "first_access": "2026-01-05T10:00:00Z",
        "completed_at": "2026-01-15T10:00:00Z",
        "certificate_code": anna["certificate_code"],
        "course_version": "v" * 64,
    }
    assert len(anna["certificate_code"]) == 14 and anna["certificate_code"].count("-") == 2
    abel = records[("Abel Alpha", "course-two")]
    assert (
        abel["status"],
        abel["progress_percent"],
        abel["best_score"],
        abel["attempts"],
        abel["first_access"],
        abel["completed_at"],
        abel["certificate_code"],
    ) == ("not_started", "0", "", "0", "", "", "")
    # A revoked certificate is not evidence: no code.
    assert records[("Aaron Alpha", "course-two")]["certificate_code"] == ""
    assert records[("Aaron Alpha", "course-one")]["status"] == "in_progress"


def test_decimals_use_a_dot_with_at_most_two_places(app, people):
    learner = person("decimal@example.org", "Dora Decimal", organisation=people.alpha)
    enrol(learner, "course-one", "2026-01-01", progress=10, best=87.456, attempts=1)
    records = csv_records(people.client(app, "alpha_coordinator").get("/reports/learners.csv?course=course-one"))
    assert next(r for r in records if r["name"] == "Dora Decimal")["best_score"] == "87.46"


def test_csv_is_utf8_and_a_byte_order_mark_is_optional(app, people):
    learner = person("maltese@example.org", "Ġużeppi Ħabib", organisation=people.alpha)
    client = people.client(app, "alpha_coordinator")

    plain = client.get("/reports/learners.csv").get_data()
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert "Ġużeppi Ħabib".encode() in plain
    with_bom = client.get("/reports/learners.csv?bom=1").get_data()
    assert with_bom.startswith(b"\xef\xbb\xbf")
    assert with_bom[3:] == plain
    assert learner.email.encode() in with_bom


def test_header_row_can_be_labels_in_the_exporters_language(app, people):
    client = people.client(app, "alpha_coordinator")
    header = csv_rows(client.get("/reports/learners.csv?labels=1"))[0]
    assert header[:3] == ["Learner number", "Name", "E-mail address"]
    assert len(header) == len(KEYS)
    assert xlsx_rows(client.get("/reports/learners.xlsx?labels=1").data)[0][:3] == header[:3]


def test_xlsx_holds_the_same_rows_as_the_csv_with_numbers_as_numbers(app, people):
    client = people.client(app, "malta_coordinator")
    for query in ("", "?status=completed", "?course=course-two&sector=health"):
        response = client.get(f"/reports/learners.xlsx{query}")
        assert response.status_code == 200
        assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert response.headers["Content-Disposition"].endswith('.xlsx"')
        header, *rows = xlsx_rows(response.data)
        assert tuple(header) == KEYS
        csv_header, *csv_data = csv_rows(client.get(f"/reports/learners.csv{query}"))

        def as_text(value):
            if value is None:
                return ""
            return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else value

        padded = [row + [None] * (len(KEYS) - len(row)) for row in rows]
        assert [[as_text(v) for v in row] for row in padded] == csv_data
        for row in padded:
            for key in ("learner_id", "progress_percent", "attempts"):
                assert isinstance(row[KEYS.index(key)], float)


HOSTILE = {
    '=HYPERLINK("http://example.org","click")': '\'=HYPERLINK("http://example.org","click")',
    "+1+2": "'+1+2",
    "-2+3": "'-2+3",
    "@SUM(A1)": "'@SUM(A1)",
    "\tTabbed": "'\tTabbed",
    "\rReturned": "'\rReturned",
}


@pytest.fixture
def hostile_people(people):
    """People whose names, and an organisation whose name, a spreadsheet would run as formulas."""
    people.alpha.name = "=cmd|' /C calc'!A0"
    for number, name in enumerate(HOSTILE):
        # Set after registration, which strips spaces: what an import or an old record may hold.
        person(f"hostile{number}@example.org", "placeholder", organisation=people.alpha).display_name = name
    db.session.commit()
    return people


def test_csv_cells_that_look_like_formulas_are_neutralised(app, hostile_people):
    records = csv_records(hostile_people.client(app, "alpha_coordinator").get("/reports/learners.csv"))
    names = {r["name"] for r in records}
    for neutral in HOSTILE.values():
        assert neutral in names
    assert {r["organisation"] for r in records} == {"'=cmd|' /C calc'!A0"}
    assert all(not r["name"].startswith(("=", "+", "-", "@", "\t", "\r")) for r in records)


def test_xlsx_cells_that_look_like_formulas_are_neutralised_text(app, hostile_people):
    data = hostile_people.client(app, "alpha_coordinator").get("/reports/learners.xlsx").data
    header, *rows = xlsx_rows(data)
    names = {row[header.index("name")] for row in rows}
    for neutral in HOSTILE.values():
        assert neutral in names
    assert {row[header.index("organisation")] for row in rows} == {"'=cmd|' /C calc'!A0"}
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet  # no cell is a formula


def test_an_export_with_nobody_in_it_still_has_its_header(app, people):
    client = people.client(app, "alpha_coordinator")
    assert csv_rows(client.get("/reports/learners.csv?sector=medico-legal")) == [list(KEYS)]
    assert xlsx_rows(client.get("/reports/learners.xlsx?sector=medico-legal").data) == [list(KEYS)]


def test_xlsx_continues_on_a_new_sheet_when_one_is_full(tmp_path):
    target = tmp_path / "report.xlsx"
    rows = [[n, f"Person {n}"] + [None] * (len(KEYS) - 2) for n in range(5)]
    with target.open("wb") as file:
        assert write_xlsx(file, iter(rows), max_rows=3) == 5
    sheets = xlsx_sheets(target.read_bytes())
    assert list(sheets) == ["learners", "learners (2)", "learners (3)"]
    assert [len(rows) for rows in sheets.values()] == [3, 3, 2]  # each with its header row
    assert all(rows[0] == list(KEYS) for rows in sheets.values())
    assert [row[1] for rows in sheets.values() for row in rows[1:]] == [f"Person {n}" for n in range(5)]


def test_the_xlsx_temporary_file_is_removed_once_sent(app, people, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    response = people.client(app, "alpha_coordinator").get("/reports/learners.xlsx")
    assert response.data.startswith(b"PK")
    response.close()
    assert list(tmp_path.iterdir()) == []


def test_an_abandoned_download_closes_its_database_cursor(app, people):
    """On PostgreSQL the rows come through a server-side cursor; a download stopped half-way
    must close it (psycopg warns about a cursor left open, and warnings fail the suite)."""
    import gc

    client = people.client(app, "admin")
    response = client.get("/reports/learners.csv", buffered=False)
    chunks = iter(response.response)
    assert next(chunks).startswith(b"learner_id,")  # the header
    assert b"Anna Alpha" in next(chunks)  # the first batch of rows: the cursor is open now
    response.close()
    gc.collect()
    # The connection is still usable in this request's transaction.
    assert client.get("/reports/learners").status_code == 200
