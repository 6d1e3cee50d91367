"""Reports: the dashboard, the learner report and its downloads, the data dictionary, transcripts.

Who sees whom is decided once, by `scope_for` (app/reports/scope.py), and every query takes
that scope: no filter, URL, export or chart can reach past it. Filters travel in the query
string, so any view can be bookmarked and shared; a value outside the viewer's choices is a
message on the page (400), never data and never a 500.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass

from flask import Blueprint, Response, abort, current_app, render_template, request, stream_with_context
from flask_login import current_user

from app.auth.access import login_required, roles_required
from app.auth.models import Role
from app.certificates.services import format_code
from app.extensions import db
from app.i18n import current_language
from app.reports import presenters, queries
from app.reports.catalogue import CourseInfo, course_catalogue
from app.reports.columns import COLUMNS
from app.reports.dashboard import build_dashboard, report_totals
from app.reports.exports import BATCH, TemporaryFileChunks, csv_chunks, write_xlsx
from app.reports.filters import ReportFilters, filter_form, filters_from, query_args
from app.reports.forms import FilterForm
from app.reports.queries import (
    export_rows,
    report_page,
    row_status,
    tune_session_for_reports,
)
from app.reports.scope import Scope, organisations_query, own_scope, scope_for
from app.reports.transcript import build_transcript, learner_in_scope

bp = Blueprint("reports", __name__, url_prefix="/reports")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Selection:
    """What a report request asks for, checked against what the viewer may see."""

    scope: Scope
    courses: list[CourseInfo]
    form: FilterForm
    filters: ReportFilters | None  # None when the form has errors

    @property
    def args(self) -> dict[str, str]:
        return query_args(self.form) if self.filters else {}


def _selection() -> Selection:
    scope = scope_for(current_user)
    courses = course_catalogue(current_language())
    form = filter_form(request.args, scope, courses)
    filters = filters_from(form, courses) if form.validate() else None
    return Selection(scope, courses, form, filters)


def _scope_names(scope: Scope) -> list[str] | None:
    """The organisations a coordinator's reports cover (None: everyone, for administrators)."""
    if scope.everyone:
        return None
    return [f"{o.name} ({o.country})" for o in db.session.scalars(organisations_query(scope))]


@bp.route("/")
@roles_required(Role.COORDINATOR)
def dashboard():
    selection = _selection()
    context = {"selection": selection, "scope_names": _scope_names(selection.scope)}
    if selection.filters is None:
        return render_template("reports/dashboard.html", **context), 400
    numbers = build_dashboard(selection.scope, selection.filters, selection.courses)
    privacy = presenters.Privacy(current_app.config["REPORTS_MIN_GROUP_SIZE"])
    return render_template(
        "reports/dashboard.html",
        **context,
        privacy=privacy,
        course_section=presenters.course_section(numbers, privacy),
        group_sections=presenters.group_sections(numbers, privacy),
        month_section=presenters.month_section(numbers, privacy),
    )


@bp.route("/learners")
@roles_required(Role.COORDINATOR)
def learners():
    selection = _selection()
    return _learners_page(selection), 200 if selection.filters else 400


def _learners_page(selection: Selection):
    if selection.filters is None:
        return render_template("reports/learners.html", selection=selection, scope_names=_scope_names(selection.scope))
    totals = report_totals(selection.scope, selection.filters)
    page = min(max(request.args.get("page", 1, type=int), 1), totals.pages)
    titles = {course.id: course.label for course in selection.courses}
    rows = [
        {
            "row": row,
            "course_title": titles.get(row.course_id, row.course_id),
            "status": row_status(row.started_at, row.completed_at),
            "certificate_code": format_code(row.code) if row.code else None,
        }
        for row in report_page(selection.scope, selection.filters, page)
    ]
    return render_template(
        "reports/learners.html",
        selection=selection,
        scope_names=_scope_names(selection.scope),
        totals=totals,
        rows=rows,
        page=page,
        page_size=queries.PAGE_SIZE,
    )


def _batches(statement):
    """The statement's rows in batches, through a server-side cursor on PostgreSQL (`yield_per`),
    so that memory stays flat whatever the number of rows. Core rows: no ORM work per row."""
    result = db.session.connection().execute(statement, execution_options={"yield_per": BATCH})
    try:
        yield from result.partitions()
    finally:
        # Also when a download is abandoned half-way: the server-side cursor is closed at once.
        result.close()


def _titles(selection: Selection) -> dict[str, str]:
    return {course.id: course.title for course in selection.courses}


def _download_name(extension: str) -> str:
    return f"learner-report-{dt.date.today().isoformat()}.{extension}"


@bp.route("/learners.csv")
@roles_required(Role.COORDINATOR)
def learners_csv():
    selection = _selection()
    if selection.filters is None:
        return _learners_page(selection), 400
    statement = export_rows(selection.scope, selection.filters, _titles(selection))
    labels, bom = request.args.get("labels") == "1", request.args.get("bom") == "1"

    def generate():
        tune_session_for_reports()
        batches = _batches(statement)
        try:
            yield from csv_chunks(batches, localized_labels=labels, bom=bom)
        finally:
            batches.close()

    response = Response(stream_with_context(generate()), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{_download_name("csv")}"'
    return response


@bp.route("/learners.xlsx")
@roles_required(Role.COORDINATOR)
def learners_xlsx():
    selection = _selection()
    if selection.filters is None:
        return _learners_page(selection), 400
    tune_session_for_reports()
    statement = export_rows(selection.scope, selection.filters, _titles(selection))
    batches = _batches(statement)
    rows = (row for batch in batches for row in batch)
    # An XLSX file is a zip that is complete only when closed: it is built in a temporary file
    # (rows leave memory as they are written), then sent from disk and deleted.
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as target:
        try:
            write_xlsx(target, rows, localized_labels=request.args.get("labels") == "1")
        except BaseException:
            TemporaryFileChunks(target.name).close()
            raise
        finally:
            batches.close()
    response = Response(TemporaryFileChunks(target.name), mimetype=XLSX_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{_download_name("xlsx")}"'
    response.headers["Content-Length"] = str(os.path.getsize(target.name))
    return response


@bp.route("/data-dictionary")
@roles_required(Role.COORDINATOR)
def data_dictionary():
    return render_template("reports/data_dictionary.html", columns=COLUMNS)


@bp.route("/learners/<int:user_id>")
@roles_required(Role.COORDINATOR)
def transcript(user_id: int):
    scope = scope_for(current_user)
    # 404, not 403, for a person outside the scope: a coordinator must not learn who exists elsewhere.
    learner = learner_in_scope(scope, user_id) or abort(404)
    record = build_transcript(learner, scope, course_catalogue(current_language()))
    return render_template("reports/transcript.html", transcript=record, own=learner.id == current_user.id)


@bp.route("/me")
@login_required
def my_transcript():
    learner = current_user._get_current_object()
    record = build_transcript(learner, own_scope(learner), course_catalogue(current_language()))
    return render_template("reports/transcript.html", transcript=record, own=True)
