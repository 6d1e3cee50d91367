"""Error pages: in the person's language, in the site's layout, never a stack trace."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from flask import Blueprint, abort

from app.auth.access import public
from app.auth.models import Role
from config import BASE_DIR
from tests import factories
from tests.helpers import app_loggers_enabled, build_app, csrf_token_from, dispose, html_root, signed_in_client

SECRET_DETAIL = "db-password-hunter2-in-exception"


@pytest.fixture(scope="module")
def failing_app(database_url):
    """The shared app must not grow routes, so a separate app carries a route that raises."""
    other = build_app(database_url)
    bp = Blueprint("failing", __name__)

    @bp.route("/raise")
    @public
    def fail():
        raise RuntimeError(SECRET_DETAIL)

    @bp.route("/bad-request")
    @public
    def bad_request():
        abort(400)

    other.register_blueprint(bp)
    yield other
    dispose(other)


def _assert_error_page(response, status, title):
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert f"<h1>{title}</h1>" in html
    assert f"Error code: {status}" in html
    assert 'id="quick-exit"' in html, "error pages keep the site's layout, including quick exit"
    assert "Traceback" not in html and "File \"" not in html


def test_an_unexpected_error_shows_a_calm_page_and_no_stack_trace(failing_app, caplog):
    with app_loggers_enabled(), caplog.at_level(logging.ERROR):
        response = failing_app.test_client().get("/raise")
    _assert_error_page(response, 500, "Something went wrong on our side")
    assert SECRET_DETAIL not in response.get_data(as_text=True)
    # Operators still learn what happened.
    assert "Unhandled error on GET /raise" in caplog.text and SECRET_DETAIL in caplog.text


def test_the_500_page_is_in_the_persons_language(failing_app):
    client = failing_app.test_client()
    client.set_cookie("locale", "fr")
    response = client.get("/raise")
    assert response.status_code == 500
    assert html_root(response)["lang"] == "fr"


FRENCH_CATALOGUE = Path(BASE_DIR) / "translations" / "fr" / "LC_MESSAGES" / "messages.mo"


@pytest.mark.skipif(not FRENCH_CATALOGUE.exists(), reason="the French catalogue has not been compiled yet")
def test_the_500_page_text_is_translated_into_french(failing_app):
    client = failing_app.test_client()
    response = client.get("/raise", headers={"Accept-Language": "fr"})
    html = response.get_data(as_text=True)
    assert "Something went wrong on our side" not in html
    assert "Error code: 500" not in html


def test_400(failing_app):
    _assert_error_page(failing_app.test_client().get("/bad-request"), 400, "Something in that request was not right")


def test_400_for_a_form_without_its_token(client):
    response = client.post("/login", data={"email": "a@example.org", "password": "whatever"})
    _assert_error_page(response, 400, "Something in that request was not right")
    assert "This form had expired or was sent from somewhere else." in response.get_data(as_text=True)


def test_403(app):
    factories.user(email="learner@example.org")
    response = signed_in_client(app, "learner@example.org").get("/admin/users")
    _assert_error_page(response, 403, "You do not have access to this page")


def test_404(client):
    _assert_error_page(client.get("/no/such/page"), 404, "Page not found")


def test_404_for_an_object_that_does_not_exist(app):
    factories.user(email="admin@example.org", role=Role.ADMIN)
    response = signed_in_client(app, "admin@example.org").get("/admin/users/999999")
    _assert_error_page(response, 404, "Page not found")


def test_405(client):
    response = client.get("/logout")
    _assert_error_page(response, 405, "That action is not possible here")
    assert "POST" in response.headers["Allow"]


def test_429(app, client):
    limit = int(app.config["LOGIN_LIMIT_PER_ACCOUNT"].split()[0])
    response = None
    for n in range(limit + 1):
        token = csrf_token_from(client.get("/login"))
        response = client.post("/login", data={"email": "a@example.org", "password": f"guess {n}", "csrf_token": token})
    _assert_error_page(response, 429, "Too many attempts")


@pytest.mark.parametrize("language", ["de", "ar"])
def test_error_pages_follow_the_language_choice(client, language):
    client.set_cookie("locale", language)
    root = html_root(client.get("/no/such/page"))
    assert root["lang"] == language
    assert root["dir"] == ("rtl" if language == "ar" else "ltr")
