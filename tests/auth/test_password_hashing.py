"""Argon2id cost comes from config; hashes made at another cost still work and are upgraded."""

from __future__ import annotations

from argon2 import PasswordHasher, extract_parameters
from argon2.profiles import get_default_parameters

from app.auth.passwords import hash_password
from app.extensions import db
from tests import factories
from tests.helpers import PASSWORD, build_app, csrf_token_from, dispose, is_signed_in, submit


def _cost(password_hash: str) -> tuple[int, int, int]:
    parameters = extract_parameters(password_hash)
    return parameters.time_cost, parameters.memory_cost, parameters.parallelism


def _configured(app) -> tuple[int, int, int]:
    config = app.config
    return config["PASSWORD_HASH_TIME_COST"], config["PASSWORD_HASH_MEMORY_COST"], config["PASSWORD_HASH_PARALLELISM"]


def _sign_in(client, password=PASSWORD):
    return submit(client, "/login", {"email": "nurse@example.org", "password": password})


def test_passwords_are_hashed_at_the_configured_cost(app):
    person = factories.user(email="nurse@example.org")
    assert _cost(person.password_hash) == _configured(app)


def test_a_hash_made_at_another_cost_still_works_and_is_rehashed_at_sign_in(app, client):
    person = factories.user(email="nurse@example.org")
    # What production stores: argon2-cffi's recommended profile, far dearer than the tests' setting.
    person.password_hash = PasswordHasher().hash(PASSWORD)
    db.session.commit()
    assert _cost(person.password_hash) != _configured(app)

    assert _sign_in(client).status_code == 302
    db.session.refresh(person)
    assert _cost(person.password_hash) == _configured(app)

    # The new hash is the same password.
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/"))})
    assert not is_signed_in(client)
    assert _sign_in(client).status_code == 302


def test_a_wrong_password_leaves_an_old_hash_alone(client):
    person = factories.user(email="nurse@example.org")
    old = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1).hash(PASSWORD)
    person.password_hash = old
    db.session.commit()
    assert _sign_in(client, "not the password").status_code == 200
    db.session.refresh(person)
    assert person.password_hash == old


def test_without_settings_the_cost_is_argon2_cffis_recommended_profile(database_url):
    other = build_app(
        database_url, PASSWORD_HASH_TIME_COST=None, PASSWORD_HASH_MEMORY_COST=None, PASSWORD_HASH_PARALLELISM=None
    )
    try:
        with other.app_context():
            made = hash_password(PASSWORD)
    finally:
        dispose(other)
    recommended = get_default_parameters()
    assert _cost(made) == (recommended.time_cost, recommended.memory_cost, recommended.parallelism)
