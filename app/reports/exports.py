"""CSV and XLSX downloads of the learner report, in machine formats, with flat memory.

Rows come from the database in batches through a server-side cursor (`yield_per`), are
written out and forgotten, so memory does not grow with the number of rows. The database
query (queries.export_rows) gives every cell in its final form: ISO 8601 UTC dates, a dot
for decimals, text that a spreadsheet would run as a formula (starting with =, +, -, @, tab
or carriage return) prefixed with a single quote, as OWASP recommends
(https://owasp.org/www-community/attacks/CSV_Injection). The CSV writer only joins cells;
XLSX text is written with write_string, which never makes a formula. The header row is the
stable column keys or, on request, the labels in the exporter's language.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import IO

import xlsxwriter

from app.reports.columns import COLUMNS, KEYS

BATCH = 1000  # rows per round trip and per chunk (~230 KB of CSV); bigger batches cost memory, not time
BOM = "\ufeff".encode()
XLSX_MAX_ROWS = 1_048_576  # per worksheet, header included
# Which columns are numbers (written as numbers in XLSX); every other cell is text.
NUMBER_KEYS = frozenset({"learner_id", "progress_percent", "best_score", "attempts"})


def header(localized_labels: bool) -> list[str]:
    return [str(column.label) for column in COLUMNS] if localized_labels else list(KEYS)


def csv_chunks(
    batches: Iterable[Sequence[Sequence]], *, localized_labels: bool = False, bom: bool = False
) -> Iterator[bytes]:
    """The CSV file, one chunk per batch of rows: UTF-8, comma-separated, CRLF line ends (RFC 4180).

    A None cell is written empty (the csv module's rule).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header(localized_labels))
    yield (BOM if bom else b"") + buffer.getvalue().encode("utf-8")
    for batch in batches:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(batch)
        yield buffer.getvalue().encode("utf-8")


def write_xlsx(
    target: IO[bytes],
    rows: Iterable[list],
    *,
    localized_labels: bool = False,
    sheet_name: str = "learners",
    max_rows: int = XLSX_MAX_ROWS,
) -> int:
    """Write the workbook to `target` in constant-memory mode; returns the number of data rows.

    A worksheet holds at most `max_rows` rows (Excel's limit); more rows continue on
    "learners (2)" and so on, each with its own header row.
    """
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,  # each row goes to a temporary file once written
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    bold = workbook.add_format({"bold": True})
    numbers = [key in NUMBER_KEYS for key in KEYS]
    titles = header(localized_labels)
    sheet, row_index, sheets, written = None, max_rows, 0, 0
    for row in rows:
        if row_index == max_rows:  # a full sheet (or none yet): start the next one
            sheets += 1
            sheet = workbook.add_worksheet(sheet_name if sheets == 1 else f"{sheet_name} ({sheets})")
            _write_header(sheet, titles, bold)
            row_index = 1
        _write_row(sheet, row_index, row, numbers)
        row_index += 1
        written += 1
    if sheet is None:
        _write_header(workbook.add_worksheet(sheet_name), titles, bold)
    workbook.close()
    return written


def _write_header(sheet, titles: list[str], bold) -> None:
    sheet.freeze_panes(1, 0)
    for column, title in enumerate(titles):
        sheet.write_string(0, column, title, bold)


def _write_row(sheet, row_index: int, row: Sequence, numbers: list[bool]) -> None:
    for column, value in enumerate(row):
        if value is None:
            continue
        if numbers[column]:
            sheet.write_number(row_index, column, float(value))  # best_score comes as text: "87.5"
        else:
            sheet.write_string(row_index, column, value)


class TemporaryFileChunks:
    """A response body that sends a finished temporary file, then deletes it.

    It holds a path, not an open file: the file is opened only while it is being sent, and
    deleted when the response is closed, whether it was sent in full, in part or not at all.
    """

    CHUNK = 64 * 1024

    def __init__(self, path: str):
        self.path = path

    def __iter__(self) -> Iterator[bytes]:
        try:
            with open(self.path, "rb") as file:
                while chunk := file.read(self.CHUNK):
                    yield chunk
        finally:
            self.close()

    def close(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
