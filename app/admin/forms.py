"""Administrators' forms: role grants and organisations."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional, ValidationError

from app.auth.forms import select_field
from app.auth.models import ROLE_LABELS, Role

# The roles an administrator can grant: everyone is a learner already.
GRANTABLE_ROLES = (Role.TRAINER, Role.COORDINATOR, Role.ADMIN)


class GrantRoleForm(FlaskForm):
    """Choices for organisation and country are filled in by the view."""

    role = select_field(
        _l("Role"),
        DataRequired(message=_l("Choose a role.")),
        # SelectChoice, not tuples: WTForms 3.3 deprecates tuple choices given to the field.
        choices=[SelectChoice(role.value, ROLE_LABELS[role]) for role in GRANTABLE_ROLES],
    )
    # No Optional(): it would stop validation on an empty value, skipping validate_organisation,
    # and a coordinator grant without a scope would reach the database's check constraint.
    organisation = select_field(_l("For organisation"))
    country = select_field(_l("Or for a whole country"), Optional())

    def validate_organisation(self, field):
        if self.role.data == Role.COORDINATOR.value and not field.data and not self.country.data:
            raise ValidationError(_l("A coordinator needs an organisation or a country."))
        if field.data and self.country.data:
            raise ValidationError(_l("Choose an organisation or a country, not both."))
