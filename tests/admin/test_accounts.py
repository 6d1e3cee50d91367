"""Administrators deactivate and reactivate accounts."""

from __future__ import annotations

import pytest

from app.auth.models import Role
from tests import factories
from tests.helpers import is_signed_in, signed_in_client, submit


@pytest.fixture
def admin(app):
    person = factories.user(email="admin@example.org", role=Role.ADMIN)
    return person, signed_in_client(app, "admin@example.org")


def _set_active(client, user, active: bool):
    return submit(
        client,
        f"/admin/users/{user.id}",
        {"active": "1" if active else "0"},
        post_url=f"/admin/users/{user.id}/active",
        follow_redirects=True,
    )


def test_deactivating_an_account_ends_its_sessions_and_stops_sign_in(app, admin):
    _, client = admin
    person = factories.user(email="learner@example.org")
    their_browser = signed_in_client(app, "learner@example.org")

    response = _set_active(client, person, False)

    assert "Account deactivated; its sessions have ended." in response.get_data(as_text=True)
    assert not person.is_active
    assert not is_signed_in(their_browser)
    fresh = app.test_client()
    submit(fresh, "/login", {"email": "learner@example.org", "password": factories.PASSWORD})
    assert not is_signed_in(fresh)


def test_a_reactivated_account_can_sign_in_again(app, admin):
    _, client = admin
    person = factories.user(email="learner@example.org")
    _set_active(client, person, False)
    response = _set_active(client, person, True)
    assert "Account activated." in response.get_data(as_text=True)
    assert is_signed_in(signed_in_client(app, "learner@example.org"))


def test_an_administrator_cannot_deactivate_themselves(admin):
    me, client = admin
    response = _set_active(client, me, False)
    assert "You cannot deactivate your own account." in response.get_data(as_text=True)
    assert me.is_active
    assert is_signed_in(client)


def test_the_user_list_finds_people_by_name_or_e_mail(admin):
    _, client = admin
    factories.user(email="nour@example.org", name="Nour Haddad")
    factories.user(email="marco@example.org", name="Marco Rossi")
    by_name = client.get("/admin/users?q=hadd").get_data(as_text=True)
    assert "Nour Haddad" in by_name and "Marco Rossi" not in by_name
    by_email = client.get("/admin/users?q=MARCO@").get_data(as_text=True)
    assert "Marco Rossi" in by_email and "Nour Haddad" not in by_email


@pytest.mark.parametrize(
    ("term", "found"),
    [
        ("élodie", "Élodie Martin"),
        ("ÇELIK", "Ayşe Çelik"),
        ("e\u0301lodie", "Élodie Martin"),  # e + combining acute, as some keyboards type it
        ("ĊENTRU", "Ċensina Ċentru"),
    ],
)
def test_the_user_list_ignores_case_in_any_script(admin, term, found):
    _, client = admin
    for email, name in [
        ("elodie@example.org", "Élodie Martin"),
        ("ayse@example.org", "Ayşe Çelik"),
        ("censina@example.org", "Ċensina Ċentru"),
    ]:
        factories.user(email=email, name=name)
    page = client.get("/admin/users", query_string={"q": term}).get_data(as_text=True)
    assert found in page and "1 account" in page


def test_the_user_list_takes_percent_and_underscore_literally(admin):
    _, client = admin
    factories.user(email="ana_lopez@example.org", name="Ana López")
    factories.user(email="anaxlopez@example.org", name="Ana Xlopez")
    underscore = client.get("/admin/users", query_string={"q": "ana_"}).get_data(as_text=True)
    assert "Ana López" in underscore and "Ana Xlopez" not in underscore
    percent = client.get("/admin/users", query_string={"q": "%"}).get_data(as_text=True)
    assert "0 accounts" in percent
    slash = client.get("/admin/users", query_string={"q": "/"}).get_data(as_text=True)
    assert "0 accounts" in slash
