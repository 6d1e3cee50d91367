"""Small SQL constructs that each database spells differently, compiled per dialect.

Reports run on SQLite (one machine) and PostgreSQL (many), so the few functions whose
names differ are written once here instead of branching in every query.
"""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class joined_names(FunctionElement):  # noqa: N801  (used like a SQL function)
    """The values of a text column of a group, sorted, joined with "; " (the values must be unique)."""

    type = String()
    inherit_cache = True


@compiles(joined_names, "postgresql")
def _joined_names_pg(element, compiler, **kw):
    (column,) = element.clauses
    value = compiler.process(column, **kw)
    return f"string_agg({value}, '; ' ORDER BY {value})"


@compiles(joined_names)
def _joined_names_sqlite(element, compiler, **kw):
    # SQLite before 3.44 has no ORDER BY inside aggregates; callers feed it sorted rows.
    (column,) = element.clauses
    return f"group_concat({compiler.process(column, **kw)}, '; ')"


class month_start(FunctionElement):  # noqa: N801
    """The first moment of a timestamp's UTC calendar month: a timestamp on PostgreSQL (the
    cheapest to compute and group by), text 'YYYY-MM-01' on SQLite. See `month_key`."""

    inherit_cache = True


@compiles(month_start, "postgresql")
def _month_start_pg(element, compiler, **kw):
    (column,) = element.clauses
    return f"date_trunc('month', {compiler.process(column, **kw)})"


@compiles(month_start)
def _month_start_sqlite(element, compiler, **kw):
    (column,) = element.clauses
    return f"strftime('%Y-%m-01', {compiler.process(column, **kw)})"


def month_key(value) -> str:
    """A `month_start` value as 'YYYY-MM'."""
    return value.strftime("%Y-%m") if hasattr(value, "strftime") else str(value)[:7]


class calendar_days(FunctionElement):  # noqa: N801
    """Calendar days (UTC) from the first timestamp's date to the second's: same day is 0."""

    type = Integer()
    inherit_cache = True


@compiles(calendar_days, "postgresql")
def _calendar_days_pg(element, compiler, **kw):
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"(CAST({end} AS date) - CAST({start} AS date))"


@compiles(calendar_days)
def _calendar_days_sqlite(element, compiler, **kw):
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday(date({end})) - julianday(date({start})) AS INTEGER)"


class iso_utc(FunctionElement):  # noqa: N801
    """A stored (naive UTC) timestamp as ISO 8601 text to the second: 2026-03-02T09:15:00Z."""

    type = String()
    inherit_cache = True


@compiles(iso_utc, "postgresql")
def _iso_utc_pg(element, compiler, **kw):
    (column,) = element.clauses
    return f"""to_char({compiler.process(column, **kw)}, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""


@compiles(iso_utc)
def _iso_utc_sqlite(element, compiler, **kw):
    (column,) = element.clauses
    return f"strftime('%Y-%m-%dT%H:%M:%SZ', {compiler.process(column, **kw)})"


class decimal_text(FunctionElement):  # noqa: N801
    """A number as text with a dot and at most two decimals, no trailing zeros: 87.5, 90, 66.67."""

    type = String()
    inherit_cache = True


@compiles(decimal_text, "postgresql")
def _decimal_text_pg(element, compiler, **kw):
    (column,) = element.clauses
    return f"rtrim(rtrim(to_char({compiler.process(column, **kw)}, 'FM999999990.00'), '0'), '.')"


@compiles(decimal_text)
def _decimal_text_sqlite(element, compiler, **kw):
    (column,) = element.clauses
    value = compiler.process(column, **kw)
    # printf() formats NULL as 0.00: keep an empty value empty.
    return f"CASE WHEN {value} IS NULL THEN NULL ELSE rtrim(rtrim(printf('%.2f', {value}), '0'), '.') END"
