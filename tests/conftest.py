"""Fixtures shared by the suite: flaskr's set (app, client, runner, auth) on a real database.

The database is SQLite by default, or PostgreSQL when TEST_DATABASE_URL names a server:
the suite creates its own database there, migrates it, and drops it at the end. Each test
runs inside a transaction that is rolled back afterwards; views still commit (to a
savepoint), so the code under test behaves exactly as in production.
"""

from __future__ import annotations

import os
import uuid

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db, limiter
from config import TestConfig
from tests import factories
from tests.helpers import (  # noqa: F401
    csrf_token_from,
    fresh_outbox,
    fresh_request_globals,
    open_client,
    open_registration_app,
    signed_in_client,
)


def _create_database(base_url: str, tmp_path_factory) -> tuple[str, callable]:
    """A fresh, empty database for this run and a function that removes it."""
    url = make_url(base_url)
    if url.get_backend_name() == "sqlite":
        path = tmp_path_factory.mktemp("db") / "test.sqlite"
        return f"sqlite:///{path}", lambda: None
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url, drop = _create_database(os.environ.get("TEST_DATABASE_URL", "sqlite://"), tmp_path_factory)
    yield url
    drop()


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _transaction(request):
    """Run the test in a transaction that is rolled back, whatever the code under test commits."""
    # Pure tests (the content pipeline) need no app; browser tests have their own database.
    if "app" not in request.fixturenames or "live_server" in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        engine = db.engine
        connection = engine.connect()
        transaction = connection.begin()
        # Flask-SQLAlchemy picks its bind from db.engines, not from the session's bind,
        # so the connection stands in for the engine for the length of the test.
        engines = db._app_engines[app]
        engines[None] = connection
        db.session.remove()
        db.session.configure(join_transaction_mode="create_savepoint")
        limiter.reset()
        try:
            # The app context stays pushed so tests can use db.session directly; Flask
            # reuses it for test requests, so each request gets an empty `g` as in production.
            with fresh_request_globals(app):
                yield
        finally:
            db.session.remove()
            transaction.rollback()
            connection.close()
            engines[None] = engine


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def outbox(app):
    """E-mails sent during the test (Flask-Mailman's locmem backend writes to the app's state)."""
    return fresh_outbox(app)


class AuthActions:
    """Sign in and out through the real forms, as a person would."""

    def __init__(self, client):
        self._client = client

    def login(self, email: str, password: str = factories.PASSWORD, follow_redirects: bool = False):
        page = self._client.get("/login")
        return self._client.post(
            "/login",
            data={"email": email, "password": password, "csrf_token": csrf_token_from(page)},
            follow_redirects=follow_redirects,
        )

    def logout(self):
        page = self._client.get("/")
        return self._client.post("/logout", data={"csrf_token": csrf_token_from(page)})


@pytest.fixture
def auth(client):
    return AuthActions(client)


# A learner signed in in their own browser: what the learner-side tests (courses, quiz) start from.
# Folders that need another learner (certificates: a name in Maltese letters) override it.
@pytest.fixture
def learner():
    return factories.user(email="learner@example.org", name="Leila Learner")


@pytest.fixture
def learner_client(app, learner):
    return signed_in_client(app, learner.email)
