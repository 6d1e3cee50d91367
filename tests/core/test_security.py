"""CSRF on every form, security headers, cookie flags and production's refusal of weak keys."""

from __future__ import annotations

import re

import pytest

from app import create_app
from app.auth.access import ANONYMOUS_ONLY
from app.auth.models import Role
from app.auth.services import make_reset_token
from config import DEV_SECRET_KEY, ConfigurationError, ProductionConfig
from tests import factories
from tests.certificates.helpers import issued_certificate, new_signing_key_pem
from tests.helpers import PASSWORD, build_app, db_snapshot, dispose, is_signed_in, signed_in_client
from tests.quiz.helpers import open_attempt_id

CSRF_MESSAGE = "This form had expired or was sent from somewhere else."


@pytest.fixture
def world(app):
    org = factories.organisation("Org")
    factories.user(email="admin@example.org", role=Role.ADMIN)
    target = factories.user(email="target@example.org", role=Role.TRAINER, organisation=org)
    invitation = factories.invitation(org, target)
    course = factories.published_course("example-course")
    certificate = issued_certificate(target, course)
    return {
        "organisation_id": org.id, "user_id": target.id, "grant_id": target.grants[0].id,
        "invitation_id": invitation.id, "invitation_token": invitation.token, "reset_token": make_reset_token(target),
        "code": certificate.code,
        # Quiz (app/quiz/routes.py): an open attempt on the example course.
        "course_id": course.course_id, "attempt_id": open_attempt_id(target, course),
        # Lessons (app/courses/routes.py): a lesson of the example course with a check and a reflection.
        "lesson_id": "first-line-support", "check_id": "first-words", "reflection_id": "first-line-support-reflection-1",
    }


# Bodies that would succeed with a token, so that a missing token is the only thing wrong.
BODIES = {
    "auth.login": {"email": "target@example.org", "password": PASSWORD},
    "auth.register": {"display_name": "X", "email": "x@example.org", "password": PASSWORD, "confirm": PASSWORD},
    "auth.join": {"display_name": "X", "email": "x@example.org", "password": PASSWORD, "confirm": PASSWORD},
    "auth.reset_request": {"email": "target@example.org"},
    "auth.reset_password": {"password": "new passphrase!", "confirm": "new passphrase!"},
    "auth.change_password": {"current_password": PASSWORD, "password": "new passphrase!", "confirm": "new passphrase!"},
    "auth.profile": {"display_name": "Changed", "locale": "fr"},
    "core.set_language": {"language": "fr"},
    "orgs.create_invitation": {"days": "5"},
    "admin.user_detail": {"role": "trainer", "organisation": "", "country": ""},
    "admin.set_active": {"active": "0"},
    "admin.organisations": {"name": "New Org", "country": "FR"},
    "admin.organisation_edit": {"name": "Renamed", "country": "FR"},
    "certificates.revoke": {"reason": "Issued in error"},
    "certificates.reissue": {"holder_name": "Corrected Name"},
    "courses.answer_check": {"answer": "b"},
    "courses.save_reflection": {"text": "My own notes"},
}


def _url(app, rule, world):
    values = {**world, "token": world["reset_token"] if rule.endpoint == "auth.reset_password" else world["invitation_token"]}
    return app.url_map.bind("localhost").build(rule.endpoint, {a: values[a] for a in rule.arguments})


def test_every_post_route_refuses_a_request_without_a_csrf_token(app, world):
    admin = signed_in_client(app, "admin@example.org")
    post_rules = [r for r in app.url_map.iter_rules() if "POST" in r.methods]
    assert len(post_rules) >= 10
    problems = []
    for rule in post_rules:
        anonymous_page = app.view_functions[rule.endpoint].access == ANONYMOUS_ONLY
        client = app.test_client() if anonymous_page else admin
        before = db_snapshot()
        response = client.post(_url(app, rule, world), data=BODIES.get(rule.endpoint, {}))
        if response.status_code != 400 or CSRF_MESSAGE not in response.get_data(as_text=True):
            problems.append(f"{rule.rule}: {response.status_code}")
        elif db_snapshot() != before:
            problems.append(f"{rule.rule}: the database changed")
    assert not problems, "\n".join(problems)
    assert is_signed_in(admin), "signing out needs a token too"


def test_a_token_from_another_session_is_refused(app, world):
    admin = signed_in_client(app, "admin@example.org")
    stranger = app.test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', stranger.get("/login").get_data(as_text=True)).group(1)
    before = db_snapshot()
    response = admin.post("/admin/organisations", data={"name": "Sneaky", "country": "FR", "csrf_token": token})
    assert response.status_code == 400 and db_snapshot() == before


@pytest.mark.parametrize("path", ["/", "/login", "/no-such-page", "/account/profile", "/healthz"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" or headers["X-Frame-Options"] == "DENY"
    assert directives["object-src"] == "'none'"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("path", ["/", "/login", "/account/profile", "/account/password", "/organisations/",
                                  "/admin/users", "/admin/organisations"])
def test_pages_need_no_inline_script_or_style_that_the_policy_would_block(app, path):
    factories.user(email="admin@example.org", role=Role.ADMIN)
    html = signed_in_client(app, "admin@example.org").get(path).get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"<style\b", html) and not re.search(r"\sstyle=", html), "inline style"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def test_a_signed_in_page_is_not_kept_in_shared_caches(app):
    factories.user(email="nurse@example.org")
    client = signed_in_client(app, "nurse@example.org")
    assert client.get("/account/profile").headers["Cache-Control"] == "no-store"


def _cookie(response, name):
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(f"{name}="):
            return {part.strip().split("=")[0].lower(): part for part in header.split(";")}
    raise AssertionError(f"no {name} cookie set")


def test_session_and_remember_cookies_are_http_only_and_same_site_lax(client):
    factories.user(email="nurse@example.org")
    page = client.get("/login")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True)).group(1)
    response = client.post("/login", data={"email": "nurse@example.org", "password": PASSWORD, "remember": "y",
                                           "csrf_token": token})
    for name in ("session", "remember_token"):
        cookie = _cookie(response, name)
        assert "httponly" in cookie and cookie["samesite"].split("=")[1] == "Lax"


@pytest.fixture(scope="module")
def production_app(database_url):
    other = build_app(database_url, ProductionConfig, SECRET_KEY="k" * 48, BADGE_SIGNING_KEY=new_signing_key_pem())
    yield other
    dispose(other)


def test_production_cookies_are_secure_and_https_is_enforced(production_app):
    response = production_app.test_client().get("/login")
    assert "secure" in _cookie(response, "session")
    assert production_app.config["REMEMBER_COOKIE_SECURE"] is True
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.parametrize("key", [None, "", DEV_SECRET_KEY, "short-but-not-empty", "x" * 31])
def test_production_refuses_to_start_without_a_strong_secret_key(database_url, key):
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app(ProductionConfig, SECRET_KEY=key, SQLALCHEMY_DATABASE_URI=database_url)
