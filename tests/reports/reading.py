"""Reading downloads back as data: CSV with the csv module, XLSX with zipfile and ElementTree.

XLSX files are zip archives of XML (ECMA-376). Reading the one worksheet we write needs no
extra dependency: cells are numbers (<v>), inline strings (<is><t>, what XlsxWriter's
constant-memory mode writes) or shared strings (t="s", an index into sharedStrings.xml).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree  # our own files, written by XlsxWriter in the test

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def csv_rows(response) -> list[list[str]]:
    text = response.get_data().decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def csv_records(response) -> list[dict[str, str]]:
    header, *rows = csv_rows(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


def xlsx_sheets(data: bytes) -> dict[str, list[list]]:
    """Every worksheet's rows, by sheet name: numbers as float, text as str, empty cells as None."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    shared = []
    if "xl/sharedStrings.xml" in archive.namelist():
        root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))  # noqa: S314
        shared = ["".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")) for si in root.findall("m:si", NS)]
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314
    names = [sheet.get("name") for sheet in workbook.find("m:sheets", NS)]
    return {name: _rows(archive.read(f"xl/worksheets/sheet{i}.xml"), shared) for i, name in enumerate(names, 1)}


def xlsx_rows(data: bytes) -> list[list]:
    """The rows of the first worksheet."""
    return next(iter(xlsx_sheets(data).values()))


def _rows(xml: bytes, shared: list[str]) -> list[list]:
    rows = []
    for row in ElementTree.fromstring(xml).find("m:sheetData", NS).findall("m:row", NS):  # noqa: S314
        cells: dict[int, object] = {}
        for cell in row.findall("m:c", NS):
            column = _column_index(re.match(r"[A-Z]+", cell.get("r")).group())
            kind = cell.get("t")
            if kind == "inlineStr":
                cells[column] = _unescape("".join(t.text or "" for t in cell.iter(f"{{{NS['m']}}}t")))
            elif kind == "s":
                cells[column] = _unescape(shared[int(cell.find("m:v", NS).text)])
            else:
                value = cell.find("m:v", NS)
                cells[column] = float(value.text) if value is not None else None
        width = max(cells) + 1 if cells else 0
        rows.append([cells.get(i) for i in range(width)])
    return rows


def _unescape(text: str) -> str:
    """OOXML writes control characters as _xHHHH_ (a carriage return is _x000D_), as Excel reads them."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda match: chr(int(match.group(1), 16)), text)


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


class _TableParser(HTMLParser):
    """The text of every cell (th or td) of one table, row by row."""

    def __init__(self, table_id: str):
        super().__init__(convert_charrefs=True)
        self.table_id, self.depth, self.rows, self._cell = table_id, 0, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and (self.depth or dict(attrs).get("id") == self.table_id):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("th", "td"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append(" ".join(self._cell.split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def html_table(response, table_id: str) -> list[list[str]]:
    """A table's rows (header row first) as lists of cell texts; fails if the page has no such table."""
    parser = _TableParser(table_id)
    parser.feed(response.get_data(as_text=True))
    assert parser.rows, f"no table with id {table_id!r} on the page"
    return parser.rows


def table_row(response, table_id: str, label: str) -> list[str]:
    """The row of a table whose first cell is `label`."""
    rows = [row for row in html_table(response, table_id) if row and row[0] == label]
    assert len(rows) == 1, f"{len(rows)} rows labelled {label!r} in {table_id!r}"
    return rows[0]
