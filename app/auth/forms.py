"""Account forms. Labels are lazily translated; checks against the database are validate_ methods."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from app.auth.models import User
from app.auth.names import VisibleName, normalise_name
from app.core.forms import INVALID_CHOICE
from app.extensions import db

PASSWORD_MIN = 10
PASSWORD_MAX = 256
NAME_MAX = 120
EMAIL_MAX = 254


def normalise_email(value: str | None) -> str | None:
    return value.strip().lower() if isinstance(value, str) else value


def select_field(label, *validators, **kwargs) -> SelectField:
    """A select that refuses values outside its choices with our own message."""
    return SelectField(
        label, validators=list(validators), validate_choice=True, invalid_choice_message=INVALID_CHOICE, **kwargs
    )


def _password_max():
    return Length(max=PASSWORD_MAX, message=_l("A password has at most %(max)d characters.", max=PASSWORD_MAX))


def _password_field(label):
    return PasswordField(
        label,
        validators=[
            DataRequired(message=_l("Enter a password.")),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=_l("Use between %(min)d and %(max)d characters.", min=PASSWORD_MIN, max=PASSWORD_MAX),
            ),
        ],
    )


def _email_field():
    return EmailField(
        _l("E-mail address"),
        filters=[normalise_email],
        validators=[
            DataRequired(message=_l("Enter your e-mail address.")),
            Length(max=EMAIL_MAX, message=_l("An e-mail address has at most %(max)d characters.", max=EMAIL_MAX)),
            Email(message=_l("Enter an e-mail address like name@example.org."), check_deliverability=False),
        ],
    )


def _display_name_field():
    return StringField(
        _l("Your name"),
        description=_l("As it should appear on your certificates."),
        filters=[normalise_name],
        validators=[
            DataRequired(message=_l("Enter your name.")),
            Length(max=NAME_MAX, message=_l("A name has at most %(max)d characters.", max=NAME_MAX)),
            VisibleName(),
        ],
    )


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"), validators=[DataRequired(message=_l("Enter your password.")), _password_max()]
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class RegistrationForm(FlaskForm):
    display_name = _display_name_field()
    email = _email_field()
    password = _password_field(_l("Password"))
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(message=_l("Repeat the password.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )

    def validate_email(self, field):
        taken = db.session.scalar(select(func.count()).select_from(User).where(User.email == field.data))
        if taken:
            raise ValidationError(
                _l("An account with this e-mail address already exists. Sign in, or reset your password.")
            )

    def validate_password(self, field):
        if self.email.data and field.data and field.data.strip().lower() == self.email.data:
            raise ValidationError(_l("Choose a password that is not your e-mail address."))


class PasswordResetRequestForm(FlaskForm):
    email = _email_field()


class PasswordResetForm(FlaskForm):
    password = _password_field(_l("New password"))
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(message=_l("Repeat the password.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password.")), _password_max()],
    )
    password = _password_field(_l("New password"))
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(message=_l("Repeat the password.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )


class ProfileForm(FlaskForm):
    """Choices are filled in by the view from the sector taxonomy and the language list."""

    display_name = _display_name_field()
    locale = select_field(_l("Preferred language"), Optional())
    country = select_field(_l("Country where you work"), Optional())
    sector = select_field(_l("Sector"), Optional())
    subsector = select_field(_l("Sub-sector"), Optional())
    level = select_field(_l("Professional level"), Optional())

    def validate_subsector(self, field):
        if field.data and self.subsector_parents.get(field.data) != self.sector.data:
            raise ValidationError(_l("Choose a sub-sector of the sector you selected, or none."))
