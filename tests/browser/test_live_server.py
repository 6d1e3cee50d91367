"""The live server itself: its own database, and the suite's rolled-back transaction out of its way."""

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from app.extensions import db

pytestmark = pytest.mark.browser


def test_browser_tests_run_outside_the_rolled_back_transaction(live_server, app):
    # The root conftest swaps the engine for a connection inside a transaction for ordinary
    # tests; for a test that requests live_server it must leave the engine alone.
    with app.app_context():
        assert isinstance(db._app_engines[app][None], Engine)
        suite_database = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    live_database = make_url(live_server.app.config["SQLALCHEMY_DATABASE_URI"])
    assert (live_database.database, live_database.host) != (suite_database.database, suite_database.host)


def test_the_transaction_also_steps_aside_for_tests_that_only_use_a_page(page, app):
    with app.app_context():
        assert isinstance(db._app_engines[app][None], Engine)
    response = page.goto("/healthz")
    assert response.status == 200
    assert response.json() == {"status": "ok"}
