"""What every feature's forms share: one wording for each common message, and the date field.

A message that several forms give (a date typed wrongly, an end before a start) is defined
here once, so that people read the same words everywhere and translators translate them once.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from wtforms import DateField
from wtforms.validators import ValidationError

# Also keeps time-zone arithmetic on a day's boundaries away from years 1 and 9999.
EARLIEST_DATE, LATEST_DATE = dt.date(2000, 1, 1), dt.date(2099, 12, 31)

# WTForms' own defaults are English, and its catalogues have no Maltese. A select only gets
# a value outside its list from a page left open while the list changed, or from a tampered request.
INVALID_CHOICE = _l("Choose one of the options in the list.")
DATE_FORMAT = _l("Enter a date like 2026-11-30.")
DATE_RANGE = _l(
    "Enter a date between %(start)s and %(end)s.", start=EARLIEST_DATE.isoformat(), end=LATEST_DATE.isoformat()
)
END_BEFORE_START = _l("The end date must be on or after the start date.")


def at_most_characters(maximum: int):
    return _l("Use at most %(max)d characters.", max=maximum)


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
            raise ValueError(DATE_FORMAT) from None
        if not EARLIEST_DATE <= self.data <= LATEST_DATE:
            self.data = None
            raise ValueError(DATE_RANGE)


def check_date_order(start: DateField, end: DateField) -> None:
    """For a form's validate_<end> method: an end date before the start date is refused."""
    if end.data and start.data and end.data < start.data:
        raise ValidationError(END_BEFORE_START)
