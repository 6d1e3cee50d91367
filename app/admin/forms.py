"""Administrators' forms: role grants and organisations."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional, ValidationError

from app.auth.models import Role


class GrantRoleForm(FlaskForm):
    """Choices for organisation and country are filled in by the view."""

    role = SelectField(
        _l("Role"),
        choices=[
            # SelectChoice, not tuples: WTForms 3.3 deprecates tuple choices given to the field.
            SelectChoice(Role.TRAINER.value, _l("Trainer")),
            SelectChoice(Role.COORDINATOR.value, _l("Coordinator")),
            SelectChoice(Role.ADMIN.value, _l("Administrator")),
        ],
        validators=[DataRequired(message=_l("Choose a role."))],
    )
    # No Optional(): it would stop validation on an empty value, skipping validate_organisation,
    # and a coordinator grant without a scope would reach the database's check constraint.
    organisation = SelectField(_l("For organisation"), validate_choice=True)
    country = SelectField(_l("Or for a whole country"), validators=[Optional()], validate_choice=True)

    def validate_organisation(self, field):
        if self.role.data == Role.COORDINATOR.value and not field.data and not self.country.data:
            raise ValidationError(_l("A coordinator needs an organisation or a country."))
        if field.data and self.country.data:
            raise ValidationError(_l("Choose an organisation or a country, not both."))
