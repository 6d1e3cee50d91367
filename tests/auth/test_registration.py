"""Creating an account: by invitation, and openly only when the site allows it."""

from __future__ import annotations

from sqlalchemy import select

from app.auth.models import Role, User
from app.extensions import db
from tests import factories
from tests.helpers import PASSWORD, db_snapshot, is_signed_in, submit


def _form(email="new@example.org", name="Nadia Newcomer"):
    return {"display_name": name, "email": email, "password": PASSWORD, "confirm": PASSWORD}


def _user(email):
    return db.session.scalar(select(User).where(User.email == email))


def test_registering_through_an_invitation_joins_the_organisation_and_signs_in(client):
    org = factories.organisation("Valletta Health Centre", country="MT")
    coordinator = factories.user(email="coord@example.org", role=Role.COORDINATOR, organisation=org)
    invitation = factories.invitation(org, coordinator)
    url = f"/join/{invitation.token}"

    page = client.get(url)
    assert "Valletta Health Centre" in page.get_data(as_text=True)
    response = submit(client, url, _form(email="  New@Example.org "))

    assert response.status_code == 302 and response.headers["Location"] == "/account/profile"
    user = _user("new@example.org")
    assert user is not None and user.display_name == "Nadia Newcomer"
    assert [o.name for o in user.organisations] == ["Valletta Health Centre"]
    assert user.country == "MT"
    assert invitation.use_count == 1
    assert is_signed_in(client)


def test_registration_remembers_the_language_chosen_before_signing_up(client):
    org = factories.organisation()
    invitation = factories.invitation(org, factories.user(role=Role.COORDINATOR, organisation=org))
    client.set_cookie("locale", "de")
    submit(client, f"/join/{invitation.token}", _form())
    assert _user("new@example.org").locale == "de"


def test_a_forged_language_cookie_is_not_stored(client):
    org = factories.organisation()
    invitation = factories.invitation(org, factories.user(role=Role.COORDINATOR, organisation=org))
    client.set_cookie("locale", "x" * 100)
    response = submit(client, f"/join/{invitation.token}", _form())
    assert response.status_code == 302
    assert _user("new@example.org").locale is None


def test_registration_is_closed_by_default_with_an_explanation(client):
    before = db_snapshot()
    page = client.get("/register")
    assert page.status_code == 403
    assert "invitation link from your organisation" in page.get_data(as_text=True)
    # Posting a complete form does not get round it.
    response = client.post("/register", data=_form())
    assert response.status_code in (400, 403)
    assert db_snapshot() == before
    assert 'href="/register"' not in client.get("/").get_data(as_text=True)


def test_open_registration_creates_an_account_without_an_organisation(open_client):
    assert 'href="/register"' in open_client.get("/").get_data(as_text=True)
    response = submit(open_client, "/register", _form())
    assert response.status_code == 302
    user = _user("new@example.org")
    assert user is not None and user.organisations == [] and user.grants == []
    assert open_client.get("/account/profile").status_code == 200


def test_an_e_mail_address_can_only_have_one_account(open_client):
    factories.user(email="taken@example.org")
    response = submit(open_client, "/register", _form(email="TAKEN@example.org"))
    assert response.status_code == 200
    assert "An account with this e-mail address already exists" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "taken@example.org")).display_name == "Test Person"


def test_registration_needs_the_same_password_twice_and_not_the_e_mail(open_client):
    mismatch = submit(open_client, "/register", {**_form(), "confirm": PASSWORD + "!"})
    assert "The two passwords are not the same." in mismatch.get_data(as_text=True)
    same_as_email = {**_form(email="long.address@example.org")}
    same_as_email["password"] = same_as_email["confirm"] = "Long.Address@example.org"
    response = submit(open_client, "/register", same_as_email)
    assert "Choose a password that is not your e-mail address." in response.get_data(as_text=True)
    assert _user("new@example.org") is None and _user("long.address@example.org") is None
