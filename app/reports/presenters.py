"""The dashboard as people read it: named groups, numbers formatted for the locale, small groups
hidden when REPORTS_MIN_GROUP_SIZE says so, and a chart beside each table.

Small-group hiding (primary suppression): a count from 1 to N-1 is shown as "fewer than N",
and a rate or average is not shown when any count it is made from is hidden. It keeps small
numbers off screens and screenshots; it is not a guarantee against working them out by
subtracting one table from another, and the learner report still lists the people.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel import numbers
from flask_babel import format_date, format_decimal, get_locale, gettext, ngettext, pgettext
from markupsafe import Markup

from app.auth.profile_choices import country_name
from app.core.taxonomy import taxonomy
from app.i18n import current_language, text_direction
from app.reports.charts import Bar, Segment, bar_chart, column_chart
from app.reports.dashboard import Dashboard, Row


@dataclass(frozen=True)
class Privacy:
    """Which counts an aggregate view may show."""

    threshold: int

    def hides(self, *counts: int) -> bool:
        return self.threshold > 0 and any(0 < count < self.threshold for count in counts)

    def count(self, value: int) -> str:
        if self.hides(value):
            return gettext("fewer than %(num)s", num=format_decimal(self.threshold))
        return format_decimal(value)

    def share(self, value: float | None, *counts: int, kind: str = "percent") -> str:
        if value is None:
            return gettext("none yet")
        if self.hides(*counts):
            return gettext("not shown (small group)")
        if kind == "percent":
            # The locale's own pattern (66,7 % in French), keeping one decimal.
            return numbers.format_percent(round(value, 3), locale=get_locale(), decimal_quantization=False)
        if kind == "days":
            days = format_decimal(round(value, 1))
            if not float(value).is_integer():  # a median halfway between two values: no plural rule fits a fraction
                return gettext("%(days)s days", days=days)
            return ngettext("%(days)s day", "%(days)s days", int(value), days=days)
        return format_decimal(round(value, 1))


@dataclass(frozen=True)
class Line:
    """One table row: a label and its formatted cells."""

    label: str
    cells: list[str]


@dataclass(frozen=True)
class Section:
    """A table with a chart beside it."""

    id: str
    heading: str
    caption: str
    columns: list[str]
    lines: list[Line]
    chart: Markup
    footer: Line | None = None
    legend: bool = False  # a colour key for the status charts


def status_cells(row: Row, privacy: Privacy) -> list[str]:
    return [
        privacy.count(row.learners),
        privacy.count(row.not_started),
        privacy.count(row.in_progress),
        privacy.count(row.completed),
    ]


def _status_columns() -> list[str]:
    """Headers of the count columns: how many courses (of people) are in each status."""
    return [
        pgettext("column: number of courses", "Not started"),
        pgettext("column: number of courses", "In progress"),
        pgettext("column: number of courses", "Completed"),
    ]


def course_section(dashboard: Dashboard, privacy: Privacy) -> Section:
    def cells(row: Row) -> list[str]:
        return [
            *status_cells(row, privacy),
            privacy.count(row.certified),
            privacy.share(row.pass_rate, row.quiz_takers, row.quiz_passed, row.quiz_takers - row.quiz_passed),
            privacy.share(row.average_score, row.scored, kind="score"),
            privacy.share(row.median_days, row.completed, kind="days"),
        ]

    lines = [Line(course.label, cells(row)) for course, row in dashboard.courses]
    return Section(
        id="by-course",
        heading=gettext("Courses"),
        caption=gettext("Learners and progress per course"),
        columns=[
            gettext("Course"),
            gettext("Learners"),
            *_status_columns(),
            gettext("Certified"),
            gettext("Pass rate"),
            gettext("Average best score (%)"),
            gettext("Median time to complete"),
        ],
        lines=lines,
        footer=Line(gettext("All selected courses"), cells(dashboard.total)) if len(lines) > 1 else None,
        chart=_status_chart(
            "chart-by-course",
            gettext("Progress per course"),
            [(course.label, row) for course, row in dashboard.courses],
            privacy,
        ),
        legend=True,
    )


def group_sections(dashboard: Dashboard, privacy: Privacy) -> list[Section]:
    language = current_language()
    tax = taxonomy()

    def taxonomy_name(key: str | None) -> str:
        if key is None:
            return gettext("Not given")
        try:
            return tax.name(key, language)
        except KeyError:
            return key

    organisations = sorted(
        (
            (f"{org.name} ({org.country})" if org else gettext("No organisation"), row)
            for org, row in dashboard.by_organisation
        ),
        key=lambda item: item[0].casefold(),
    )
    return [
        _group_section("by-organisation", gettext("By organisation"), gettext("Organisation"), organisations, privacy),
        _group_section(
            "by-country",
            gettext("By country"),
            gettext("Country"),
            _named(dashboard.by_country, lambda key: country_name(key) or gettext("Not given")),
            privacy,
        ),
        _group_section(
            "by-sector", gettext("By sector"), gettext("Sector"), _named(dashboard.by_sector, taxonomy_name), privacy
        ),
        _group_section(
            "by-level",
            gettext("By professional level"),
            gettext("Professional level"),
            _named(dashboard.by_level, taxonomy_name),
            privacy,
        ),
    ]


def _named(rows: list[Row], name) -> list[tuple[str, Row]]:
    # Named groups alphabetically, "Not given" last.
    return sorted(((name(row.key), row) for row in rows), key=lambda item: (item[1].key is None, item[0].casefold()))


def _group_section(
    section_id: str, heading: str, group_label: str, groups: list[tuple[str, Row]], privacy: Privacy
) -> Section:
    lines = [
        Line(label, [*status_cells(row, privacy), privacy.share(row.completion_rate, row.completed, row.rows)])
        for label, row in groups
    ]
    return Section(
        id=section_id,
        heading=heading,
        caption=gettext("Learners and progress: %(group)s", group=heading),
        columns=[
            group_label,
            gettext("Learners"),
            *_status_columns(),
            pgettext("column: share of courses", "Completed (%)"),
        ],
        lines=lines,
        chart=_status_chart(f"chart-{section_id}", heading, groups, privacy),
        legend=True,
    )


def _status_chart(chart_id: str, title: str, groups: list[tuple[str, Row]], privacy: Privacy) -> Markup:
    bars = []
    for label, row in groups:
        if privacy.hides(row.not_started, row.in_progress, row.completed):
            bars.append(Bar(label, (), gettext("fewer than %(num)s", num=format_decimal(privacy.threshold))))
            continue
        segments = (
            Segment("chart-completed", row.completed),
            Segment("chart-in-progress", row.in_progress),
            Segment("chart-not-started", row.not_started),
        )
        note = gettext(
            "%(completed)s of %(rows)s completed",
            completed=format_decimal(row.completed),
            rows=format_decimal(row.rows),
        )
        bars.append(Bar(label, segments, note))
    description = gettext(
        "Bar chart: completed, in progress and not started, per group. The table that follows has the same numbers."
    )
    return bar_chart(chart_id, title, description, bars, rtl=text_direction() == "rtl")


def month_section(dashboard: Dashboard, privacy: Privacy) -> Section:
    lines, columns = [], []
    for month, count in dashboard.by_month:
        first_day = dt.date(int(month[:4]), int(month[5:]), 1)
        lines.append(Line(format_date(first_day, "MMMM yyyy"), [privacy.count(count)]))
        columns.append((format_date(first_day, "MMM yy"), None if privacy.hides(count) else count))
    title = gettext("Completions per month")
    description = gettext("Column chart: completions per month, oldest first. The table that follows has the numbers.")
    return Section(
        id="by-month",
        heading=title,
        caption=title,
        columns=[gettext("Month"), gettext("Completions")],
        lines=lines,
        chart=column_chart("chart-by-month", title, description, columns, rtl=text_direction() == "rtl"),
    )
