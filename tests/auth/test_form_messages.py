"""Every message our forms show is our own, translated into the page's language.

WTForms' built-in messages are English, and its catalogues have no Maltese: a Maltese page
would fall back to English, and a French one would mix WTForms' wording with ours.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import wtforms
from babel.messages.pofile import read_po
from flask_babel import force_locale
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField

from app.admin import forms as admin_forms
from app.auth import forms as auth_forms
from app.auth.models import Role
from app.orgs import forms as orgs_forms
from tests import factories
from tests.helpers import field_error, signed_in_client, submit

WTFORMS_LOCALE = Path(wtforms.__file__).parent / "locale"
FORM_MODULES = (auth_forms, orgs_forms, admin_forms)


def _wtforms_messages(language: str) -> set[str]:
    """WTForms' own messages in English and, where WTForms has a catalogue, in `language`."""
    with (WTFORMS_LOCALE / "wtforms.pot").open("rb") as handle:
        messages = {m for message in read_po(handle) if message.id for m in _texts(message.id)}
    po = WTFORMS_LOCALE / language / "LC_MESSAGES" / "wtforms.po"
    if po.exists():
        with po.open("rb") as handle:
            messages |= {m for message in read_po(handle) if message.id for m in _texts(message.string)}
    # Placeholders differ per message; what comes before the first one is enough to recognise it.
    return {m.split("%(")[0].strip() for m in messages if m.split("%(")[0].strip()}


def _texts(value) -> list[str]:
    return [v for v in (value if isinstance(value, tuple | list) else [value]) if v]


def _forms():
    return [
        form
        for module in FORM_MODULES
        for _name, form in inspect.getmembers(module, inspect.isclass)
        if issubclass(form, FlaskForm) and form is not FlaskForm and form.__module__ == module.__name__
    ]


def _fields(form):
    return [(name, field) for name, field in vars(form).items() if isinstance(field, wtforms.fields.core.UnboundField)]


def test_every_form_field_message_is_set_by_us_and_lazily_translated():
    forms = _forms()
    assert {f.__name__ for f in forms} >= {
        "LoginForm",
        "RegistrationForm",
        "ProfileForm",
        "InvitationForm",
        "OrganisationForm",
        "GrantRoleForm",
    }
    problems = []
    for form in forms:
        for name, field in _fields(form):
            where = f"{form.__name__}.{name}"
            for validator in field.kwargs.get("validators") or []:
                if hasattr(validator, "message") and not isinstance(validator.message, LazyString):
                    problems.append(f"{where}: {type(validator).__name__} has no message of ours")
            checks_choice = issubclass(field.field_class, SelectField) and field.kwargs.get("validate_choice", True)
            if checks_choice and not isinstance(field.kwargs.get("invalid_choice_message"), LazyString):
                problems.append(f"{where}: no invalid_choice_message")
            parses_number = issubclass(field.field_class, IntegerField)
            if parses_number and not isinstance(field.kwargs.get("invalid_value_message"), LazyString):
                problems.append(f"{where}: no invalid_value_message")
    assert problems == []


def _in(language: str, message) -> str:
    with force_locale(language):
        return str(message)


def _assert_ours(response, field: str, language: str, message):
    shown = field_error(response, field)
    assert _in(language, message) in shown
    leaked = [m for m in _wtforms_messages(language) if m in shown]
    assert leaked == [], f"WTForms' own message shown: {leaked}"


@pytest.mark.parametrize("language", ["fr", "mt"])
def test_a_required_field_is_explained_in_the_pages_language(client, language):
    client.set_cookie("locale", language)
    response = submit(client, "/login", {"email": "", "password": ""})
    message = auth_forms.LoginForm.email.kwargs["validators"][0].message
    _assert_ours(response, "email", language, message)
    # This message is translated already: the page shows the translation, not the English.
    assert "Enter your e-mail address." not in field_error(response, "email")
    assert "This field is required." not in response.get_data(as_text=True)


@pytest.mark.parametrize("language", ["fr", "mt"])
def test_a_password_that_is_too_long_is_explained_in_the_pages_language(client, language):
    client.set_cookie("locale", language)
    response = submit(client, "/login", {"email": "nurse@example.org", "password": "x" * 300})
    _assert_ours(response, "password", language, auth_forms.LoginForm.password.kwargs["validators"][1].message)


@pytest.mark.parametrize("language", ["fr", "mt"])
def test_a_choice_outside_the_list_is_explained_in_the_pages_language(app, language):
    factories.user(email="nurse@example.org", locale=language)
    client = signed_in_client(app, "nurse@example.org")
    data = {"display_name": "Nour", "locale": language, "country": "XX", "sector": "", "subsector": "", "level": ""}
    response = submit(client, "/account/profile", data)
    _assert_ours(response, "country", language, auth_forms.INVALID_CHOICE)


@pytest.mark.parametrize("language", ["fr", "mt"])
def test_a_number_that_is_not_a_number_is_explained_in_the_pages_language(app, language):
    org = factories.organisation()
    factories.user(email="coord@example.org", role=Role.COORDINATOR, organisation=org, locale=language)
    client = signed_in_client(app, "coord@example.org")
    response = submit(
        client,
        f"/organisations/{org.id}",
        {"days": "abc", "max_uses": ""},
        post_url=f"/organisations/{org.id}/invitations",
    )
    _assert_ours(response, "days", language, orgs_forms.WHOLE_NUMBER)
