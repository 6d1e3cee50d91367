"""Forms for organisations and invitations."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.auth.forms import select_field
from app.auth.names import VisibleName, normalise_name
from app.core.forms import at_most_characters

ORGANISATION_NAME_MAX = 200
# WTForms' own message for a value that is not a whole number is English only.
WHOLE_NUMBER = _l("Enter a whole number, like 30.")


class InvitationForm(FlaskForm):
    days = IntegerField(
        _l("Valid for (days)"),
        default=30,
        invalid_value_message=WHOLE_NUMBER,
        validators=[
            # InputRequired, not DataRequired: 0 is a number (out of range), not a missing value.
            InputRequired(message=_l("Enter a number of days.")),
            NumberRange(min=1, max=365, message=_l("Enter a number from %(min)d to %(max)d.", min=1, max=365)),
        ],
    )
    max_uses = IntegerField(
        _l("Maximum number of people (optional)"),
        invalid_value_message=WHOLE_NUMBER,
        validators=[
            Optional(),
            NumberRange(min=1, max=10000, message=_l("Enter a number from %(min)d to %(max)d.", min=1, max=10000)),
        ],
    )


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Name"),
        filters=[normalise_name],
        validators=[
            DataRequired(message=_l("Enter a name.")),
            Length(max=ORGANISATION_NAME_MAX, message=at_most_characters(ORGANISATION_NAME_MAX)),
            VisibleName(),
        ],
    )
    country = select_field(_l("Country"), DataRequired(message=_l("Choose a country.")))
