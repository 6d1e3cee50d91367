"""Resetting a forgotten password by e-mail, and changing a known one."""

from __future__ import annotations

import re

from app.extensions import db
from tests import factories
from tests.helpers import PASSWORD, is_signed_in, signed_in_client, submit

NEW = "a new and long passphrase"


def _request_reset(client, email):
    return submit(client, "/reset", {"email": email})


def _link(message) -> str:
    match = re.search(r"http://localhost(/reset/[A-Za-z0-9_.\-]+)", message.body)
    assert match, "the e-mail carries no reset link"
    return match.group(1)


def _choose(client, link, password=NEW):
    return submit(client, link, {"password": password, "confirm": password})


def _can_sign_in(app, email, password) -> bool:
    client = app.test_client()
    submit(client, "/login", {"email": email, "password": password})
    return is_signed_in(client)


def test_a_reset_link_is_e_mailed_and_works_once(app, client, outbox):
    factories.user(email="nurse@example.org", name="Nour")
    page = _request_reset(client, "Nurse@example.org")
    assert page.status_code == 200 and "Check your e-mail" in page.get_data(as_text=True)

    assert len(outbox) == 1
    message = outbox[0]
    assert message.to == ["nurse@example.org"] and "Nour" in message.body
    link = _link(message)

    assert client.get(link).status_code == 200
    done = _choose(client, link)
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert _can_sign_in(app, "nurse@example.org", NEW)
    assert not _can_sign_in(app, "nurse@example.org", PASSWORD)

    used = client.get(link)
    assert used.status_code == 400 and "This link does not work" in used.get_data(as_text=True)
    assert _choose(client, link, "yet another passphrase").status_code == 400
    assert _can_sign_in(app, "nurse@example.org", NEW)


def test_a_reset_link_dies_when_the_password_is_changed_another_way(app, client, outbox):
    factories.user(email="nurse@example.org")
    _request_reset(client, "nurse@example.org")
    link = _link(outbox[0])

    other = signed_in_client(app, "nurse@example.org")
    submit(other, "/account/password", {"current_password": PASSWORD, "password": NEW, "confirm": NEW})

    assert client.get(link).status_code == 400
    assert _choose(client, link, "attacker passphrase").status_code == 400
    assert _can_sign_in(app, "nurse@example.org", NEW)


def test_a_tampered_reset_link_is_refused(client, outbox):
    factories.user(email="nurse@example.org")
    _request_reset(client, "nurse@example.org")
    link = _link(outbox[0])
    tampered = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")

    response = client.get(tampered)
    assert response.status_code == 400
    assert "This link does not work" in response.get_data(as_text=True)
    assert _choose(client, tampered).status_code == 400


def test_an_unknown_e_mail_gets_the_same_page_and_no_mail(client, outbox):
    factories.user(email="known@example.org")
    known = _request_reset(client, "known@example.org")
    unknown = _request_reset(client, "unknown@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.get_data() == unknown.get_data()
    assert [m.to for m in outbox] == [["known@example.org"]]


def test_a_deactivated_account_gets_no_reset_mail(client, outbox):
    person = factories.user(email="gone@example.org")
    person.is_active = False
    db.session.commit()
    assert _request_reset(client, "gone@example.org").status_code == 200
    assert outbox == []


def test_changing_the_password_signs_out_every_other_session(app, client, auth):
    factories.user(email="nurse@example.org")
    other_device = signed_in_client(app, "nurse@example.org")
    auth.login("nurse@example.org")

    response = submit(client, "/account/password", {"current_password": PASSWORD, "password": NEW, "confirm": NEW})

    assert response.status_code == 302 and response.headers["Location"] == "/account/profile"
    assert is_signed_in(client), "the device that changed the password stays signed in"
    assert not is_signed_in(other_device)
    assert _can_sign_in(app, "nurse@example.org", NEW)


def test_changing_the_password_needs_the_current_one(app, client, auth):
    factories.user(email="nurse@example.org")
    auth.login("nurse@example.org")
    response = submit(client, "/account/password", {"current_password": "not it at all", "password": NEW, "confirm": NEW})
    assert "That is not your current password." in response.get_data(as_text=True)
    assert _can_sign_in(app, "nurse@example.org", PASSWORD)
