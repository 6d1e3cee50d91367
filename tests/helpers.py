"""Helpers shared by the HTTP tests: forms with their CSRF token, the database as data,
reading field errors off a page, and second apps that run inside the test's transaction."""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from html.parser import HTMLParser

import pytest
from flask import Flask, g, request_started
from sqlalchemy import select

from app import create_app
from app.extensions import db
from config import TestConfig
from tests.factories import PASSWORD

__all__ = ["PASSWORD", "csrf_token_from"]


# --- forms -------------------------------------------------------------------------------


def csrf_token_from(response) -> str:
    """The CSRF token a page's forms carry."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.get_data(as_text=True))
    assert match, "the page has no CSRF token"
    return match.group(1)


def submit(client, page_url: str, data: dict, post_url: str | None = None, **kwargs):
    """Open a page, then post `data` with the CSRF token that page's forms carry."""
    page = client.get(page_url)
    return client.post(post_url or page_url, data={**data, "csrf_token": csrf_token_from(page)}, **kwargs)


def signed_in_client(app: Flask, email: str, password: str = PASSWORD, **client_kwargs):
    """A new test client (a separate browser) signed in through the real form."""
    client = app.test_client(**client_kwargs)
    page = client.get("/login")
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": csrf_token_from(page)})
    assert response.status_code == 302, f"could not sign in as {email}"
    return client


def is_signed_in(client) -> bool:
    """Signed in means the profile page opens instead of sending us to the sign-in page."""
    return client.get("/account/profile").status_code == 200


def redirects_to_login(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


# --- the database as data ----------------------------------------------------------------


def db_snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, so a test can assert that nothing at all changed."""
    db.session.expire_all()
    return {
        table.name: sorted(tuple(map(repr, row)) for row in db.session.execute(select(table)))
        for table in db.metadata.sorted_tables
    }


# --- reading pages -----------------------------------------------------------------------


class _PageParser(HTMLParser):
    """Attributes of every element with an id, and the text inside each of them."""

    VOID = {"input", "br", "img", "meta", "link", "hr", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, dict] = {}
        self.text: dict[str, str] = {}
        self._open: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.attrs[attrs["id"]] = {**attrs, "tag": tag}
            self.text.setdefault(attrs["id"], "")
        if tag not in self.VOID:
            self._open.append(attrs.get("id"))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self._open:
            self._open.pop()

    def handle_data(self, data):
        for element_id in self._open:
            if element_id:
                self.text[element_id] += data


def parse_page(response) -> _PageParser:
    parser = _PageParser()
    parser.feed(response.get_data(as_text=True))
    return parser


def field_error(response, field_id: str) -> str:
    """The error shown next to a field; fails unless the field points at it with aria-describedby."""
    page = parse_page(response)
    assert field_id in page.attrs, f"no field with id {field_id!r} on the page"
    error_id = f"{field_id}-error"
    assert error_id in page.text, f"no error shown for {field_id!r}"
    described_by = page.attrs[field_id].get("aria-describedby", "").split()
    assert error_id in described_by, f"{field_id!r} is not described by its error ({described_by})"
    assert page.attrs[field_id].get("aria-invalid") == "true"
    return " ".join(page.text[error_id].split())


def html_root(response) -> dict:
    """The attributes of the page's <html> element (lang, dir)."""
    match = re.search(r"<html\b([^>]*)>", response.get_data(as_text=True))
    assert match, "not an HTML page"
    return dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))


# --- second apps ---------------------------------------------------------------------------


def build_app(database_url: str, config=TestConfig, **overrides) -> Flask:
    """A separate app for a test that needs other settings; the shared app's config stays untouched.

    Note: extensions are process-wide objects; binding another app re-initialises the rate
    limiter's storage, which is in-memory for every test app, so limits behave the same.
    """
    return create_app(config, SQLALCHEMY_DATABASE_URI=database_url, **overrides)


@contextmanager
def in_test_transaction(other: Flask, shared: Flask):
    """Let `other` use the connection of the running test, so whatever it commits is rolled back too."""
    engines = db._app_engines
    original = engines[other][None]
    engines[other][None] = engines[shared][None]  # conftest's _transaction put the test connection here
    try:
        yield other
    finally:
        engines[other][None] = original


def dispose(other: Flask) -> None:
    with other.app_context():
        db.engine.dispose()


@contextmanager
def app_loggers_enabled():
    """Alembic's fileConfig (run by the session's `upgrade()`) disables loggers that existed
    before it, including the app's and Flask-Limiter's. Re-enable them so that log
    assertions see what production would log, rather than passing on silence."""
    names = ["app", "flask-limiter", "werkzeug", "flask_wtf.csrf"]
    loggers = [logging.getLogger(name) for name in names]
    before = [logger.disabled for logger in loggers]
    for logger in loggers:
        logger.disabled = False
    try:
        yield
    finally:
        for logger, disabled in zip(loggers, before, strict=True):
            logger.disabled = disabled


@contextmanager
def fresh_request_globals(app: Flask):
    """Give every request of `app` an empty `g`, as production does.

    conftest's `_transaction` keeps an app context pushed for the whole test, and Flask
    reuses a pushed app context for test requests, so `g` would be shared by every request
    of a test: Flask-Login's cached user, Flask-WTF's `csrf_valid` flag and token, and
    Flask-Babel's locale would leak from one request (and one client) to the next.
    """

    def clear(sender, **_extra):
        for name in list(vars(g)):
            delattr(g, name)

    request_started.connect(clear, app)
    try:
        yield
    finally:
        request_started.disconnect(clear, app)


def fresh_outbox(app: Flask) -> list:
    """An empty list that the locmem mail backend of `app` appends to.

    The backend writes to the app's mail state (`app.extensions["mailman"]`), not to the
    `mail` extension object that conftest's `outbox` fixture empties and returns.
    """
    state = app.extensions["mailman"]
    state.outbox = []
    return state.outbox


# --- fixtures used by several test directories (imported into their conftest.py) ------------


@pytest.fixture(scope="module")
def open_registration_app(database_url):
    """An app with OPEN_REGISTRATION on.

    Config belongs to an app and the shared `app` is session-scoped, so a test must not flip
    its settings; a second app on the same database is built instead.
    """
    other = build_app(database_url, OPEN_REGISTRATION=True)
    yield other
    dispose(other)


@pytest.fixture
def open_client(open_registration_app, app):
    """A browser on the open-registration app, inside this test's rolled-back transaction."""
    with in_test_transaction(open_registration_app, app):
        yield open_registration_app.test_client()
