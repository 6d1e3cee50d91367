"""Forms for organisations and invitations."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.auth.forms import strip


class InvitationForm(FlaskForm):
    days = IntegerField(
        _l("Valid for (days)"),
        default=30,
        validators=[
            # InputRequired, not DataRequired: 0 is a number (out of range), not a missing value.
            InputRequired(message=_l("Enter a number of days.")),
            NumberRange(min=1, max=365, message=_l("Enter a number from %(min)d to %(max)d.", min=1, max=365)),
        ],
    )
    max_uses = IntegerField(
        _l("Maximum number of people (optional)"),
        validators=[Optional(), NumberRange(min=1, max=10000, message=_l("Enter a number from %(min)d to %(max)d.", min=1, max=10000))],
    )


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Name"),
        filters=[strip],
        validators=[DataRequired(message=_l("Enter a name.")), Length(max=200, message=_l("Use at most %(max)d characters.", max=200))],
    )
    country = SelectField(_l("Country"), validators=[DataRequired(message=_l("Choose a country."))], validate_choice=True)
