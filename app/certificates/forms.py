"""Forms: the public code check, administrators' revoke and reissue, coordinators' zip filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.auth.forms import NAME_MAX, select_field
from app.auth.names import VisibleName, normalise_name
from app.core.forms import IsoDateField, at_most_characters, check_date_order
from app.i18n import LANGUAGES

CODE_INPUT_MAX = 64
REASON_MAX = 2000


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class VerifyForm(FlaskForm):
    """Typed from paper, sent by GET so that the result has an address; nothing is changed."""

    class Meta:
        csrf = False

    code = StringField(
        _l("Certificate code"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Enter the code printed on the certificate.")),
            Length(max=CODE_INPUT_MAX, message=_l("A certificate code has 12 letters and digits.")),
        ],
    )


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for revoking"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Give the reason for revoking this certificate.")),
            Length(max=REASON_MAX, message=at_most_characters(REASON_MAX)),
        ],
    )


class ReissueForm(FlaskForm):
    holder_name = StringField(
        _l("Name to print on the certificate"),
        filters=[normalise_name],
        validators=[
            DataRequired(message=_l("Enter the name to print on the certificate.")),
            Length(max=NAME_MAX, message=_l("A name has at most %(max)d characters.", max=NAME_MAX)),
            VisibleName(),
        ],
    )
    note = TextAreaField(
        _l("Note for the history (optional)"),
        filters=[_strip],
        validators=[Optional(), Length(max=REASON_MAX, message=at_most_characters(REASON_MAX))],
    )


class ExportForm(FlaskForm):
    """Which certificates to put in the zip. GET parameters: course, organisation, from, to, lang."""

    class Meta:
        csrf = False

    course = select_field(_l("Course"), default="")
    organisation = select_field(_l("Organisation"), default="")
    date_from = IsoDateField(_l("Completed on or after"), name="from", validators=[Optional()])
    date_to = IsoDateField(_l("Completed on or before"), name="to", validators=[Optional()])
    lang = select_field(
        _l("Language of the certificates"),
        # Each language in its own name, marked up as such for screen readers.
        choices=[SelectChoice(code, name, render_kw={"lang": code}) for code, name in LANGUAGES.items()],
    )

    def validate_date_to(self, field):
        check_date_order(self.date_from, field)
