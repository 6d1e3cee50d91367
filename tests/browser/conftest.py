"""Browser tests: Debian's Chromium, driven by Playwright, against a live server.

The live server has its own database (never the one the rest of the suite rolls back), a
real werkzeug server on 127.0.0.1 in a thread, and QUICK_EXIT_URL pointing at itself so
that quick exit can be followed without the internet. Because every browser test requests
`live_server` (the `page` fixtures depend on it), the root conftest's per-test transaction
steps aside for them.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright
from werkzeug.serving import BaseWSGIServer, make_server

from app import create_app
from app.courses.publishing import course_folders
from app.extensions import db
from config import TestConfig
from tests.conftest import _create_database
from tests.factories import CONTENT, published_course

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
QUICK_EXIT_PATH = "/healthz?exit"

# Auto-waiting assertions give up after this long; a local server answers far sooner.
expect.set_options(timeout=10_000)


@dataclass(frozen=True)
class LiveServer:
    """The running app: its base URL and the app object, for creating data in its database."""

    app: Flask
    base_url: str

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    @property
    def quick_exit_url(self) -> str:
        return self.app.config["QUICK_EXIT_URL"]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    database_url, drop_database = _create_database(os.environ.get("TEST_DATABASE_URL", "sqlite://"), tmp_path_factory)
    # Bind first so that the app can be created knowing its own address (for QUICK_EXIT_URL).
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    base_url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=database_url,
        QUICK_EXIT_URL=base_url + QUICK_EXIT_PATH,
        # Every browser comes from 127.0.0.1: per-IP limits would couple tests to each other.
        # The per-account limits stay on (each test uses its own accounts).
        LOGIN_LIMIT_PER_IP="1000 per minute",
        RESET_LIMIT_PER_IP="1000 per minute",
    )
    with app.app_context():
        upgrade()
        _publish_shipped_courses()
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True, fd=listener.fileno())
    listener.close()  # the server holds its own duplicate of the socket
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, base_url=base_url)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()
        drop_database()


def _publish_shipped_courses() -> None:
    """Learners' pages need courses: publish content/courses/ as `flask content publish` does."""
    for folder in course_folders(CONTENT):
        published_course(folder.name)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium was not found at {CHROMIUM}. The browser tests drive Debian's Chromium: "
            "install it with `make system-deps` (apt-get install chromium), or run `make test`.",
            pytrace=False,
        )
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser: Browser, live_server: LiveServer) -> Iterator[Callable[..., BrowserContext]]:
    """Open fresh browser contexts (separate cookie jars: other people, or a browser restarted)."""
    contexts: list[BrowserContext] = []

    def make(**options) -> BrowserContext:
        # The app's CSP forbids injected scripts; axe-core is injected, so the CSP is bypassed.
        options = {"bypass_csp": True, "base_url": live_server.base_url, "locale": "en-GB", **options}
        context = browser.new_context(**options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context) -> Page:
    """A page in a fresh context of its own: no cookies, no history."""
    return new_context().new_page()
