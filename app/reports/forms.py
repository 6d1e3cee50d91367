"""The report filter form: a GET form, so that every view is a URL that can be bookmarked and shared.

Choices depend on who is looking (their organisations) and are filled in by `filters.py`.
A value that is not among the choices (an organisation outside the viewer's scope, a
tampered status) is an error on the form with a clear message, never a 500.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)
INVALID_CHOICE = _l("Choose one of the options in the list.")
STATUS_CHOICES = [
    SelectChoice("", _l("Any status")),
    SelectChoice("not_started", _l("Not started")),
    SelectChoice("in_progress", _l("In progress")),
    SelectChoice("completed", _l("Completed")),
]


def _select(label, choices=None) -> SelectField:
    """A select that refuses a value outside its list (a tampered or stale URL) with our own message."""
    return SelectField(label, choices=choices, default="", validate_choice=True, invalid_choice_message=INVALID_CHOICE)


class IsoDateField(DateField):
    """A date typed as YYYY-MM-DD (what a date input sends, and what a shared URL holds)."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = dt.date.fromisoformat(valuelist[0].strip())
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a date like 2026-03-31.")) from None
        if not EARLIEST_DATE <= self.data <= LATEST_DATE:
            self.data = None
            # Also keeps time-zone arithmetic on the day's boundaries away from year 1 and 9999.
            raise ValueError(_l("Enter a date between %(start)s and %(end)s.", start="2000-01-01", end="2099-12-31"))


class FilterForm(FlaskForm):
    """Course, learner and progress filters shared by the dashboard, the learner report and exports."""

    class Meta:
        csrf = False  # a GET form that changes nothing; its URL is meant to be shared

    course = _select(_l("Course"))
    organisation = _select(_l("Organisation"))
    country = _select(_l("Country"))
    sector = _select(_l("Sector"))
    level = _select(_l("Professional level"))
    status = _select(_l("Status"), choices=STATUS_CHOICES)
    started_from = IsoDateField(_l("First opened from"), validators=[Optional()])
    started_to = IsoDateField(_l("First opened until"), validators=[Optional()])

    def validate_started_to(self, field):
        if field.data and self.started_from.data and field.data < self.started_from.data:
            raise ValidationError(_l("The end date must be on or after the start date."))
