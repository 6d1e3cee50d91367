"""Every form meets bad input with a message next to the field, saves nothing, and never fails."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from markupsafe import escape
from sqlalchemy import select

from app.auth.models import Role, User
from app.auth.services import make_reset_token
from app.extensions import db
from app.orgs.models import Organisation
from tests import factories
from tests.helpers import PASSWORD, db_snapshot, field_error, signed_in_client, submit

LONG = "x" * 10_000
RTL = "مرحبا بالعالم"
EMOJI = "😀🌻"
SCRIPT = "<script>alert(1)</script>"

# Messages
ENTER_EMAIL, EMAIL_FORMAT = "Enter your e-mail address.", "Enter an e-mail address like name@example.org."
EMAIL_LONG = "An e-mail address has at most 254 characters."
PASSWORD_LENGTH, MISMATCH = "Use between 10 and 256 characters.", "The two passwords are not the same."
TOO_LONG_256 = "A password has at most 256 characters."
ENTER_NAME, NAME_LONG = "Enter your name.", "A name has at most 120 characters."
CONTROL = "Remove the invisible control characters from this field."
CHOICE = "Choose one of the options in the list."
DAYS, DAYS_RANGE, USES_RANGE = "Enter a number of days.", "Enter a number from 1 to 365.", "Enter a number from 1 to 10000."

EMAIL_CASES = [("email", "", ENTER_EMAIL), ("email", LONG, EMAIL_LONG), ("email", "nurse.example.org", EMAIL_FORMAT),
               ("email", SCRIPT, EMAIL_FORMAT), ("email", RTL, EMAIL_FORMAT), ("email", EMOJI, EMAIL_FORMAT)]
NEW_PASSWORD_CASES = [("password", "", "Enter a password."), ("password", "short", PASSWORD_LENGTH),
                      ("password", LONG, PASSWORD_LENGTH), ("confirm", "", "Repeat the password."),
                      ("confirm", PASSWORD + "x", MISMATCH)]
NAME_CASES = [("display_name", "", ENTER_NAME), ("display_name", "   ", ENTER_NAME), ("display_name", LONG, NAME_LONG),
              ("display_name", "Nour\x00Haddad", CONTROL), ("display_name", "Nour\x1b[31m", CONTROL)]

CASES = (
    [("login", *c) for c in EMAIL_CASES]
    + [("login", "password", "", "Enter your password."), ("login", "password", LONG, TOO_LONG_256)]
    + [("register", *c) for c in NAME_CASES + EMAIL_CASES + NEW_PASSWORD_CASES]
    + [("join", *c) for c in NAME_CASES[:3] + EMAIL_CASES[:3] + NEW_PASSWORD_CASES[:3]]
    + [("reset_request", *c) for c in EMAIL_CASES]
    + [("reset", *c) for c in NEW_PASSWORD_CASES]
    + [("change_password", "current_password", "", "Enter your current password."),
       ("change_password", "current_password", LONG, TOO_LONG_256),
       ("change_password", "current_password", "wrong password!", "That is not your current password.")]
    + [("change_password", *c) for c in NEW_PASSWORD_CASES]
    + [("profile", *c) for c in NAME_CASES]
    + [("profile", field, value, CHOICE) for field in ("locale", "country", "sector", "subsector", "level")
       for value in ("zz", LONG, SCRIPT)]
    + [("profile", "subsector", "emergency", "Choose a sub-sector of the sector you selected, or none.")]
    + [("invitation", "days", "", DAYS)]
    + [("invitation", "days", v, DAYS_RANGE) for v in ("abc", EMOJI, RTL, "1.5", "9" * 10_000, "0", "-3", "366")]
    + [("invitation", "max_uses", v, USES_RANGE) for v in ("abc", "0", "10001", LONG, EMOJI)]
    + [("grant_role", "role", "", "Choose a role."), ("grant_role", "role", "superuser", CHOICE),
       ("grant_role", "role", LONG, CHOICE), ("grant_role", "organisation", "abc", CHOICE),
       ("grant_role", "organisation", "999999", CHOICE), ("grant_role", "country", "ZZ", CHOICE),
       ("grant_role", "country", SCRIPT, CHOICE)]
    + [(form, *c) for form in ("organisation_create", "organisation_edit") for c in [
        ("name", "", "Enter a name."), ("name", "  ", "Enter a name."), ("name", LONG, "Use at most 200 characters."),
        ("country", "", "Choose a country."), ("country", "XX", CHOICE), ("country", RTL, CHOICE)]]
)


@dataclass
class Form:
    client: object
    page: str
    valid: dict
    post: str | None = None


@pytest.fixture
def forms(app, open_client):
    """Build one form (by name) with what it needs: its page, a signed-in user, valid values."""

    def build(name: str) -> Form:
        org = factories.organisation("Org")
        person = factories.user(email="nurse@example.org", organisation=org)
        registration = {"display_name": "Nour", "email": "new@example.org", "password": PASSWORD, "confirm": PASSWORD}
        new_password = {"password": "new passphrase", "confirm": "new passphrase"}
        if name == "login":
            return Form(app.test_client(), "/login", {"email": "nurse@example.org", "password": "wrong password"})
        if name == "register":
            return Form(open_client, "/register", registration)
        if name == "join":
            return Form(app.test_client(), f"/join/{factories.invitation(org, person).token}", registration)
        if name == "reset_request":
            return Form(app.test_client(), "/reset", {"email": "nurse@example.org"})
        if name == "reset":
            return Form(app.test_client(), f"/reset/{make_reset_token(person)}", new_password)
        if name == "change_password":
            return Form(signed_in_client(app, person.email), "/account/password",
                        {"current_password": PASSWORD, **new_password})
        if name == "profile":
            return Form(signed_in_client(app, person.email), "/account/profile",
                        {"display_name": "Nour", "locale": "fr", "country": "MT", "sector": "police",
                         "subsector": "", "level": "frontline"})
        if name == "invitation":
            factories.user(email="coord@example.org", role=Role.COORDINATOR, organisation=org)
            return Form(signed_in_client(app, "coord@example.org"), f"/organisations/{org.id}",
                        {"days": "30", "max_uses": "5"}, post=f"/organisations/{org.id}/invitations")
        factories.user(email="admin@example.org", role=Role.ADMIN)
        admin = signed_in_client(app, "admin@example.org")
        if name == "grant_role":
            return Form(admin, f"/admin/users/{person.id}", {"role": "trainer", "organisation": "", "country": ""})
        if name == "organisation_create":
            return Form(admin, "/admin/organisations", {"name": "New Org", "country": "FR"})
        if name == "organisation_edit":
            return Form(admin, f"/admin/organisations/{org.id}", {"name": "Renamed", "country": "FR"})
        raise AssertionError(name)

    return build


@pytest.mark.parametrize(("form_name", "field", "value", "message"), CASES,
                         ids=[f"{f}-{fld}-{v[:12]!r}" for f, fld, v, _m in CASES])
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_saved(forms, form_name, field, value, message):
    form = forms(form_name)
    before = db_snapshot()

    response = submit(form.client, form.page, {**form.valid, field: value}, post_url=form.post)

    assert response.status_code in (200, 400), f"answered {response.status_code}"
    assert message in field_error(response, field)
    assert db_snapshot() == before


@pytest.mark.parametrize("language", ["", "zz", LONG, SCRIPT, RTL, EMOJI])
def test_the_language_switcher_ignores_unknown_languages(app, language):
    factories.user(email="nurse@example.org", locale="de")
    client = signed_in_client(app, "nurse@example.org")
    before = db_snapshot()
    response = submit(client, "/", {"language": language, "next": "/account/profile"}, post_url="/language")
    assert response.status_code == 302 and response.headers["Location"] == "/account/profile"
    assert "locale=" not in " ".join(response.headers.getlist("Set-Cookie"))
    assert db_snapshot() == before


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example", "/\\evil.example", "javascript:x", LONG])
def test_the_language_switcher_only_returns_to_this_site(client, target):
    response = submit(client, "/", {"language": "fr", "next": target}, post_url="/language")
    assert response.status_code == 302 and response.headers["Location"] == "/"


NAMES = [SCRIPT, "<b>Bold</b> & \"Sons\" 'Ltd'", "نور حداد", "Zoë 🌻 O'Brien", "{{ 7*7 }} ${7*7}"]


def _assert_shown_escaped(html: str, name: str):
    assert str(escape(name)) in html or str(escape(name)).replace("&#39;", "&#x27;") in html
    if "<" in name:
        assert name not in html


@pytest.mark.parametrize("name", NAMES)
def test_a_name_is_stored_as_typed_and_shown_escaped(app, name):
    person = factories.user(email="nurse@example.org")
    client = signed_in_client(app, "nurse@example.org")
    response = submit(client, "/account/profile", {"display_name": name, "locale": "", "country": "", "sector": "",
                                                   "subsector": "", "level": ""})
    assert response.status_code == 302
    assert person.display_name == name
    _assert_shown_escaped(client.get("/").get_data(as_text=True), name)


@pytest.mark.parametrize("name", NAMES)
def test_an_organisation_name_is_stored_as_typed_and_shown_escaped(app, name):
    factories.user(email="admin@example.org", role=Role.ADMIN)
    admin = signed_in_client(app, "admin@example.org")
    assert submit(admin, "/admin/organisations", {"name": name, "country": "FR"}).status_code == 302
    org = db.session.scalar(select(Organisation).where(Organisation.country == "FR"))
    assert org.name == name
    _assert_shown_escaped(admin.get("/admin/organisations").get_data(as_text=True), name)
    # The invitation page shows it inside a translated sentence, which must escape it too.
    invitation = factories.invitation(org, db.session.scalar(select(User)))
    _assert_shown_escaped(app.test_client().get(f"/join/{invitation.token}").get_data(as_text=True), name)


@pytest.mark.parametrize("name", NAMES[:3])
def test_a_name_given_at_registration_is_stored_as_typed(open_client, name):
    data = {"display_name": name, "email": "new@example.org", "password": PASSWORD, "confirm": PASSWORD}
    assert submit(open_client, "/register", data).status_code == 302
    assert db.session.scalar(select(User.display_name).where(User.email == "new@example.org")) == name
