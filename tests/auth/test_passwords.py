"""Resetting a forgotten password by e-mail, and changing a known one."""

from __future__ import annotations

import re
from datetime import timedelta

from flask_babel import force_locale, format_timedelta, gettext

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
    assert _without_csrf_token(known.get_data()) == _without_csrf_token(unknown.get_data())
    assert [m.to for m in outbox] == [["known@example.org"]]


def _without_csrf_token(page: bytes) -> bytes:
    """The page with its form token blanked: the token is signed with the current second, so two
    requests a moment apart may differ there and nowhere else."""
    return re.sub(rb'(name="csrf_token" value=")[^"]+', rb"\1", page)


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
    response = submit(
        client, "/account/password", {"current_password": "not it at all", "password": NEW, "confirm": NEW}
    )
    assert "That is not your current password." in response.get_data(as_text=True)
    assert _can_sign_in(app, "nurse@example.org", PASSWORD)


def _in(language: str, text: str, **values) -> str:
    with force_locale(language):
        return gettext(text, **values)


def _valid_for(app, language: str) -> str:
    with force_locale(language):
        return format_timedelta(timedelta(seconds=app.config["PASSWORD_RESET_MAX_AGE"]))


def _assert_written_in(app, message, language: str):
    assert message.message()["Content-Language"] == language
    assert message.subject == _in(language, "Reset your password")
    assert message.body.startswith(_in(language, "Hello %(name)s,", name="Nour"))
    # Dates and durations come from CLDR, so this shows the language even where a catalogue lags.
    assert _valid_for(app, language) in message.body


def test_the_reset_e_mail_is_in_the_persons_saved_language_whatever_the_page(app, client, outbox):
    factories.user(email="nurse@example.org", name="Nour", locale="de")
    client.set_cookie("locale", "en")
    _request_reset(client, "nurse@example.org")
    (message,) = outbox
    _assert_written_in(app, message, "de")
    assert message.subject != "Reset your password" and _valid_for(app, "de") != _valid_for(app, "en")


def test_without_a_saved_language_the_reset_e_mail_is_in_the_pages_language(app, client, outbox):
    factories.user(email="nurse@example.org", name="Nour")
    client.set_cookie("locale", "fr")
    _request_reset(client, "nurse@example.org")
    (message,) = outbox
    _assert_written_in(app, message, "fr")
    assert message.subject != "Reset your password"


def test_the_reset_e_mail_says_how_long_the_link_works(app, client, outbox):
    factories.user(email="nurse@example.org", name="Nour", locale="en")
    _request_reset(client, "nurse@example.org")
    assert f"(the link works once, for {_valid_for(app, 'en')})" in outbox[0].body
