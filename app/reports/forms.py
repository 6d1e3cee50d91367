"""The report filter form: a GET form, so that every view is a URL that can be bookmarked and shared.

Choices depend on who is looking (their organisations) and are filled in by `filters.py`.
A value that is not among the choices (an organisation outside the viewer's scope, a
tampered status) is an error on the form with a clear message, never a 500.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from app.core.forms import INVALID_CHOICE, IsoDateField, check_date_order

STATUS_CHOICES = [
    SelectChoice("", _l("Any status")),
    SelectChoice("not_started", lazy_pgettext("course status", "Not started")),
    SelectChoice("in_progress", lazy_pgettext("course status", "In progress")),
    SelectChoice("completed", lazy_pgettext("course status", "Completed")),
]


def _select(label, choices=None) -> SelectField:
    """A select that refuses a value outside its list (a tampered or stale URL) with our own message."""
    return SelectField(label, choices=choices, default="", validate_choice=True, invalid_choice_message=INVALID_CHOICE)


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
        check_date_order(self.started_from, field)
