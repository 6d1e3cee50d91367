"""Administrators' forms: role grants and organisations."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import DataRequired, Optional, ValidationError

from app.auth.models import Role


class GrantRoleForm(FlaskForm):
    """Choices for organisation and country are filled in by the view."""

    role = SelectField(
        _l("Role"),
        choices=[
            (Role.TRAINER.value, _l("Trainer")),
            (Role.COORDINATOR.value, _l("Coordinator")),
            (Role.ADMIN.value, _l("Administrator")),
        ],
        validators=[DataRequired(message=_l("Choose a role."))],
    )
    organisation = SelectField(_l("For organisation"), validators=[Optional()], validate_choice=True)
    country = SelectField(_l("Or for a whole country"), validators=[Optional()], validate_choice=True)

    def validate_organisation(self, field):
        if self.role.data == Role.COORDINATOR.value and not field.data and not self.country.data:
            raise ValidationError(_l("A coordinator needs an organisation or a country."))
        if field.data and self.country.data:
            raise ValidationError(_l("Choose an organisation or a country, not both."))
