"""Sign-in and password reset are throttled per account and per address (Flask-Limiter)."""

from __future__ import annotations

import re

from limits import parse

from tests import factories
from tests.helpers import PASSWORD, csrf_token_from, html_root, is_signed_in


def _allowed(app, key: str) -> int:
    return parse(app.config[key]).amount


def _post(client, url, data, ip):
    token = csrf_token_from(client.get(url if "reset/" not in url else "/login"))
    return client.post(url, data={**data, "csrf_token": token}, environ_base={"REMOTE_ADDR": ip})


def _assert_throttled_page(response, lang="en"):
    assert response.status_code == 429
    assert html_root(response)["lang"] == lang
    if lang == "en":
        assert "Too many attempts" in response.get_data(as_text=True)


def test_wrong_passwords_for_one_account_are_throttled_across_addresses(app, client):
    factories.user(email="target@example.org")
    attempts = _allowed(app, "LOGIN_LIMIT_PER_ACCOUNT")
    for n in range(attempts):
        response = _post(client, "/login", {"email": "target@example.org", "password": f"guess {n}"}, f"10.0.0.{n}")
        assert response.status_code == 200
    # Even the right password, from yet another address, now waits.
    throttled = _post(client, "/login", {"email": "TARGET@example.org", "password": PASSWORD}, "10.0.1.1")
    _assert_throttled_page(throttled)
    assert not is_signed_in(client)
    # Another account from the same address is not affected.
    factories.user(email="other@example.org")
    assert _post(client, "/login", {"email": "other@example.org", "password": PASSWORD}, "10.0.1.1").status_code == 302


def test_one_address_trying_many_accounts_is_throttled(app, client):
    attempts = _allowed(app, "LOGIN_LIMIT_PER_IP")
    for n in range(attempts):
        response = _post(client, "/login", {"email": f"p{n}@example.org", "password": "guess"}, "192.0.2.7")
        assert response.status_code == 200
    _assert_throttled_page(_post(client, "/login", {"email": "new@example.org", "password": "guess"}, "192.0.2.7"))
    # A different address can still try.
    assert _post(client, "/login", {"email": "new@example.org", "password": "guess"}, "192.0.2.8").status_code == 200


def test_the_throttled_page_is_in_the_persons_language(app, client):
    client.set_cookie("locale", "fr")
    for n in range(_allowed(app, "LOGIN_LIMIT_PER_ACCOUNT")):
        _post(client, "/login", {"email": "target@example.org", "password": "guess"}, f"10.0.0.{n}")
    _assert_throttled_page(_post(client, "/login", {"email": "target@example.org", "password": "x"}, "10.9.9.9"), "fr")


def test_reset_requests_are_throttled_per_account_and_per_address(app, client, outbox):
    factories.user(email="target@example.org")
    per_account = _allowed(app, "RESET_LIMIT_PER_ACCOUNT")
    for n in range(per_account):
        assert _post(client, "/reset", {"email": "target@example.org"}, f"10.0.0.{n}").status_code == 200
    _assert_throttled_page(_post(client, "/reset", {"email": "target@example.org"}, "10.0.9.9"))
    assert len(outbox) == per_account

    per_ip = _allowed(app, "RESET_LIMIT_PER_IP")
    for n in range(per_ip):
        assert _post(client, "/reset", {"email": f"p{n}@example.org"}, "192.0.2.7").status_code == 200
    _assert_throttled_page(_post(client, "/reset", {"email": "someone@example.org"}, "192.0.2.7"))


def _reset_link(outbox) -> str:
    return re.search(r"http://localhost(/reset/\S+)", outbox[-1].body).group(1)


def test_many_people_can_each_use_their_own_reset_link(app, client, outbox):
    """The new-password form names no e-mail; its per-account limit must not be one for the whole site."""
    people = _allowed(app, "RESET_LIMIT_PER_ACCOUNT") + 2
    for n in range(people):
        factories.user(email=f"p{n}@example.org")
        _post(client, "/reset", {"email": f"p{n}@example.org"}, f"10.1.0.{n}")
        link = _reset_link(outbox)
        response = _post(client, link, {"password": "new passphrase 1", "confirm": "new passphrase 1"}, f"10.2.0.{n}")
        assert response.status_code == 302, f"person {n}'s reset was refused with {response.status_code}"


def test_one_reset_link_cannot_be_hammered(app, client, outbox):
    factories.user(email="target@example.org")
    _post(client, "/reset", {"email": "target@example.org"}, "10.0.0.1")
    link = _reset_link(outbox)
    for n in range(_allowed(app, "RESET_LIMIT_PER_ACCOUNT")):
        assert _post(client, link, {"password": "short", "confirm": "short"}, f"10.3.0.{n}").status_code == 200
    _assert_throttled_page(_post(client, link, {"password": "short", "confirm": "short"}, "10.3.1.1"))


def _sign_in(client, email, password, ip):
    return _post(client, "/login", {"email": email, "password": password}, ip)


def _sign_out(client):
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/"))})


def test_signing_in_successfully_many_times_is_never_throttled(app, client):
    """Only failures count: a person who signs in all day long, from one address, is not locked out."""
    factories.user(email="nurse@example.org")
    times = max(_allowed(app, "LOGIN_LIMIT_PER_ACCOUNT"), _allowed(app, "LOGIN_LIMIT_PER_IP")) + 2
    for n in range(times):
        response = _sign_in(client, "nurse@example.org", PASSWORD, "10.0.0.1")
        assert response.status_code == 302, f"sign-in {n + 1} answered {response.status_code}"
        _sign_out(client)


def test_a_ward_behind_one_address_can_all_sign_in(app, client):
    """Colleagues on one hospital or police-station connection share an address; their sign-ins are not guesses."""
    colleagues = _allowed(app, "LOGIN_LIMIT_PER_IP") + 2
    for n in range(colleagues):
        factories.user(email=f"nurse{n}@example.org")
        response = _sign_in(client, f"nurse{n}@example.org", PASSWORD, "192.0.2.50")
        assert response.status_code == 302, f"colleague {n + 1} answered {response.status_code}"
        _sign_out(client)


def test_successful_sign_ins_do_not_hide_failed_ones(app, client):
    factories.user(email="target@example.org")
    for n in range(_allowed(app, "LOGIN_LIMIT_PER_ACCOUNT")):
        assert _sign_in(client, "target@example.org", PASSWORD, "10.0.0.1").status_code == 302
        _sign_out(client)
        assert _sign_in(client, "target@example.org", f"guess {n}", f"10.0.2.{n}").status_code == 200
    _assert_throttled_page(_sign_in(client, "target@example.org", PASSWORD, "10.0.0.1"))
    assert not is_signed_in(client)


def _without_csrf_token(html: str) -> str:
    return re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", html)


def test_a_locked_account_looks_the_same_whether_or_not_it_exists(app, client):
    factories.user(email="known@example.org")
    pages = []
    for first, email in enumerate(("known@example.org", "unknown@example.org")):
        for n in range(_allowed(app, "LOGIN_LIMIT_PER_ACCOUNT")):
            assert _sign_in(client, email, f"guess {n}", f"10.{first}.3.{n}").status_code == 200
        throttled = _sign_in(client, email, PASSWORD, f"10.{first}.4.1")
        _assert_throttled_page(throttled)
        pages.append(_without_csrf_token(throttled.get_data(as_text=True)))
    assert pages[0] == pages[1]
