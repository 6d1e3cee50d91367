"""From the URL's query string to validated report filters, and back to a query string.

The dashboard, the learner report, its exports and the charts all take a `ReportFilters`,
so a link from one to another keeps exactly the same selection.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import to_utc
from werkzeug.datastructures import MultiDict

from app.auth.profile_choices import country_choices
from app.core.taxonomy import taxonomy
from app.extensions import db
from app.i18n import current_language
from app.reports.forms import FilterForm
from app.reports.scope import Scope, organisations_query

STATUSES = ("not_started", "in_progress", "completed")
# The parameters a report URL may carry; anything else in a query string is ignored.
FILTER_PARAMETERS = ("course", "organisation", "country", "sector", "level", "status", "started_from", "started_to")


@dataclass(frozen=True)
class ReportFilters:
    """A validated selection. `course_ids` is never empty: no choice means every course."""

    course_ids: tuple[str, ...]
    every_course: bool = False  # no course chosen: queries on learners' records need no course condition
    organisation_id: int | None = None
    country: str | None = None
    sector: str | None = None
    level: str | None = None
    status: str | None = None
    started_from: dt.date | None = None
    started_to: dt.date | None = None

    @property
    def started_after_utc(self) -> dt.datetime | None:
        """The start of `started_from` in the viewer's time zone, as naive UTC."""
        return to_utc(dt.datetime.combine(self.started_from, dt.time.min)) if self.started_from else None

    @property
    def started_before_utc(self) -> dt.datetime | None:
        """The end of `started_to` (exclusive: midnight after it) in the viewer's time zone, as naive UTC."""
        if not self.started_to:
            return None
        return to_utc(dt.datetime.combine(self.started_to + dt.timedelta(days=1), dt.time.min))

    def course_condition(self, course_id_column) -> list:
        """The course condition for a query on learners' records (enrolments, certificates).

        Every record belongs to a published course, and every published course is in the
        catalogue (retired ones too), so "every course" needs no condition, which spares a
        comparison on every row of the big scans.
        """
        return [] if self.every_course else [course_id_column.in_(self.course_ids)]

    @property
    def has_dates(self) -> bool:
        return bool(self.started_from or self.started_to)

    def includes(self, status: str) -> bool:
        """Whether rows of this status can appear (rows without a first opening have no date)."""
        if self.status is not None and self.status != status:
            return False
        return not (status == "not_started" and self.has_dates)


def filter_form(args: MultiDict, scope: Scope, courses) -> FilterForm:
    """The filter form bound to a query string, with the choices this viewer may make."""
    form = FilterForm(formdata=MultiDict({k: v for k, v in args.items(multi=True) if k in FILTER_PARAMETERS}))
    language = current_language()
    tax = taxonomy()
    form.course.choices = [("", _l("All courses"))] + [(c.id, c.label) for c in courses]
    organisations = db.session.scalars(organisations_query(scope)).all()
    form.organisation.choices = [("", _l("All organisations"))] + [
        (str(o.id), f"{o.name} ({o.country})") for o in organisations
    ]
    form.country.choices = [("", _l("All countries"))] + country_choices()[1:]
    form.sector.choices = [("", _l("All sectors"))] + [(s.id, tax.name(s.id, language)) for s in tax.sectors]
    form.level.choices = [("", _l("All levels"))] + [(lvl.id, tax.name(lvl.id, language)) for lvl in tax.levels]
    return form


def filters_from(form: FilterForm, courses) -> ReportFilters:
    """The filters of a validated form."""
    course_ids = (form.course.data,) if form.course.data else tuple(c.id for c in courses)
    return ReportFilters(
        course_ids=course_ids,
        every_course=not form.course.data,
        organisation_id=int(form.organisation.data) if form.organisation.data else None,
        country=form.country.data or None,
        sector=form.sector.data or None,
        level=form.level.data or None,
        status=form.status.data or None,
        started_from=form.started_from.data,
        started_to=form.started_to.data,
    )


def query_args(form: FilterForm) -> dict[str, str]:
    """The form's non-empty values as URL parameters, to carry the selection to other pages."""
    values = {}
    for name in FILTER_PARAMETERS:
        data = form[name].data
        if data:
            values[name] = data.isoformat() if isinstance(data, dt.date) else str(data)
    return values
