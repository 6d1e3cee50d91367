"""`flask users create` and `flask demo accounts`."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.auth.models import User
from app.cli.accounts import DEMO_ACCOUNTS
from app.extensions import db
from tests import factories
from tests.helpers import build_app, dispose, in_test_transaction, signed_in_client

ADMIN_PASSWORD = "first admin passphrase"


def _create(runner, email="root@example.org", role="admin", password=ADMIN_PASSWORD):
    return runner.invoke(
        args=["users", "create", "--email", email, "--name", "Root Admin", "--role", role, "--password", password]
    )


def test_users_create_makes_an_administrator_who_can_sign_in(app, runner):
    result = _create(runner)
    assert result.exit_code == 0, result.output
    assert "with role admin" in result.output
    client = signed_in_client(app, "root@example.org", ADMIN_PASSWORD)
    assert client.get("/admin/users").status_code == 200


def test_users_create_refuses_an_e_mail_that_is_taken(runner):
    factories.user(email="root@example.org")
    result = _create(runner, email="ROOT@example.org")
    assert result.exit_code != 0
    assert "an account with the e-mail ROOT@example.org already exists" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_users_create_refuses_a_short_password(runner):
    result = _create(runner, password="short")
    assert result.exit_code != 0 and "--password: Use between 10 and 256 characters." in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Root\u202eAdmin", "--name: This contains invisible characters"),  # right-to-left override
        ("\u200bRoot Admin", "--name: This contains invisible characters"),  # zero-width space
        ("Root\x07Admin", "--name: Remove the invisible control characters from this field."),
        ("   ", "--name: Enter your name."),
        ("R" * 121, "--name: A name has at most 120 characters."),
    ],
)
def test_users_create_applies_the_name_rules_of_the_web_forms(runner, name, message):
    result = runner.invoke(
        args=["users", "create", "--email", "root@example.org", "--name", name, "--password", ADMIN_PASSWORD]
    )
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    assert _count_users() == 0


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not-an-address", "--email: Enter an e-mail address like name@example.org."),
        ("a" * 250 + "@example.org", "--email: An e-mail address has at most 254 characters."),
    ],
)
def test_users_create_applies_the_e_mail_rules_of_the_web_forms(runner, email, message):
    result = _create(runner, email=email)
    assert result.exit_code == 1 and message in result.output
    assert _count_users() == 0


def test_users_create_stores_the_name_and_e_mail_as_the_web_forms_do(runner):
    decomposed = "Ele\u0301onore  "  # e + combining acute, and trailing spaces, as pasted
    result = runner.invoke(
        args=["users", "create", "--email", "  Root@Example.ORG ", "--name", decomposed, "--password", ADMIN_PASSWORD]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert (user.email, user.display_name) == ("root@example.org", "Eléonore")


@pytest.fixture(scope="module")
def demo_app(database_url):
    """TestConfig turns demo accounts off; a separate app turns them on without touching the shared one."""
    other = build_app(database_url, DEMO_ACCOUNTS=True)
    yield other
    dispose(other)


def _count_users():
    return db.session.scalar(select(func.count()).select_from(User))


def test_demo_accounts_creates_one_account_per_role_and_can_run_twice(app, demo_app):
    # The test already runs in the shared app's context, which the CLI would reuse: push demo_app's.
    with in_test_transaction(demo_app, app), demo_app.app_context():
        runner = demo_app.test_cli_runner()
        first = runner.invoke(args=["demo", "accounts"])
        assert first.exit_code == 0, first.output
        assert _count_users() == len(DEMO_ACCOUNTS)
        second = runner.invoke(args=["demo", "accounts"])
        assert second.exit_code == 0 and "(0 new)" in second.output
        assert _count_users() == len(DEMO_ACCOUNTS)

    password = demo_app.config["DEMO_PASSWORD"]
    for email, _name, role in DEMO_ACCOUNTS:
        user = db.session.scalar(select(User).where(User.email == email))
        assert user.has_role(role)
        assert signed_in_client(app, email, password).get("/account/profile").status_code == 200
    coordinator = signed_in_client(app, "coordinator@example.org", password)
    assert "Demo Health Trust" in coordinator.get("/organisations/").get_data(as_text=True)
    assert signed_in_client(app, "learner@example.org", password).get("/organisations/").status_code == 403


def test_demo_accounts_are_refused_where_they_are_off(runner):
    result = runner.invoke(args=["demo", "accounts"])
    assert result.exit_code != 0
    assert "demo accounts are disabled in this environment (DEMO_ACCOUNTS=0)" in result.output
    assert _count_users() == 0
