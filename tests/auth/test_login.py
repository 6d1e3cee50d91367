"""Signing in and out."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from tests import factories
from tests.helpers import PASSWORD, csrf_token_from, is_signed_in, submit


def _login(client, email, password=PASSWORD, **extra):
    return submit(client, "/login", {"email": email, "password": password, **extra})


def test_signing_in_and_out(client):
    factories.user(email="nurse@example.org")
    assert not is_signed_in(client)

    response = _login(client, "Nurse@Example.org ")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert is_signed_in(client)

    logout = client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/"))})
    assert logout.status_code == 302 and logout.headers["Location"] == "/login"
    assert not is_signed_in(client)


def _without_csrf_token(html: str) -> str:
    return re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", html)


def test_unknown_e_mail_and_wrong_password_get_the_same_answer(client):
    factories.user(email="known@example.org")
    unknown = _login(client, "unknown@example.org", "some password here")
    wrong = _login(client, "known@example.org", "some password here")

    assert unknown.status_code == wrong.status_code == 200
    assert "The e-mail address or password is not right." in wrong.get_data(as_text=True)
    unknown_page = _without_csrf_token(unknown.get_data(as_text=True)).replace("unknown@example.org", "EMAIL")
    wrong_page = _without_csrf_token(wrong.get_data(as_text=True)).replace("known@example.org", "EMAIL")
    assert unknown_page == wrong_page
    assert not is_signed_in(client)


def test_a_deactivated_account_cannot_sign_in(client):
    person = factories.user(email="gone@example.org")
    person.is_active = False
    db.session.commit()
    response = _login(client, "gone@example.org")
    assert "The e-mail address or password is not right." in response.get_data(as_text=True)
    assert not is_signed_in(client)


def test_after_signing_in_the_person_returns_to_the_page_they_asked_for(client):
    factories.user(email="nurse@example.org")
    asked = client.get("/account/password")
    assert asked.status_code == 302
    login_url = asked.headers["Location"]
    assert login_url.startswith("/login?next=")

    page = client.get(login_url)
    response = client.post(
        "/login",
        data={
            "email": "nurse@example.org",
            "password": PASSWORD,
            "csrf_token": csrf_token_from(page),
            "next": "/account/password",
        },
    )
    assert response.headers["Location"] == "/account/password"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
        "http:/evil.example",
    ],
)
def test_next_only_leads_to_a_page_on_this_site(client, target):
    factories.user(email="nurse@example.org")
    response = _login(client, "nurse@example.org", next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_passwords_are_stored_as_argon2id_never_in_plain_text(client):
    factories.user(email="nurse@example.org")
    person = db.session.scalar(select(User).where(User.email == "nurse@example.org"))
    assert person.password_hash.startswith("$argon2id$")
    assert PASSWORD not in person.password_hash
    # And so is a password set through the website.
    assert _login(client, "nurse@example.org").status_code == 302
    submit(
        client,
        "/account/password",
        {"current_password": PASSWORD, "password": "a brand new passphrase", "confirm": "a brand new passphrase"},
    )
    db.session.expire_all()
    assert person.password_hash.startswith("$argon2id$") and "a brand new passphrase" not in person.password_hash
