"""`flask users ...` and `flask demo ...`: accounts from the command line."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app.auth.models import Role
from app.auth.services import find_user_by_email, register_user
from app.extensions import db
from app.orgs.models import Organisation
from app.orgs.services import create_organisation, grant_role

users_cli = AppGroup("users", help="Manage accounts.")
demo_cli = AppGroup("demo", help="Demonstration data for development.")


@users_cli.command("create")
@click.option("--email", prompt=True)
@click.option("--name", "display_name", prompt="Name")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.LEARNER.value, show_default=True)
@click.password_option(help="Prompted for when not given.")
def create_user(email: str, display_name: str, role: str, password: str) -> None:
    """Create an account, e.g. the first administrator: flask users create --role admin."""
    if len(password) < 10:
        raise click.BadParameter("use at least 10 characters", param_hint="password")
    if find_user_by_email(email):
        raise click.ClickException(f"an account with the e-mail {email} already exists")
    user = register_user(email=email, password=password, display_name=display_name)
    if role != Role.LEARNER.value:
        if role == Role.COORDINATOR.value:
            raise click.ClickException("coordinators are scoped: create a learner, then grant the role in Administration")
        grant_role(user, Role(role))
    db.session.commit()
    click.echo(f"Created account {user.id} with role {role}.")


DEMO_ACCOUNTS = [
    # (e-mail, name, role)
    ("admin@example.org", "Ada Admin", Role.ADMIN),
    ("trainer@example.org", "Tomás Trainer", Role.TRAINER),
    ("coordinator@example.org", "Carmela Coordinator", Role.COORDINATOR),
    ("learner@example.org", "Leila Learner", Role.LEARNER),
]
DEMO_ORGANISATION = ("Demo Health Trust", "MT")


@demo_cli.command("accounts")
def demo_accounts() -> None:
    """Create one demo account per role (development only) and print their sign-in details."""
    if not current_app.config.get("DEMO_ACCOUNTS"):
        raise click.ClickException("demo accounts are disabled in this environment (DEMO_ACCOUNTS=0)")
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == DEMO_ORGANISATION[0]))
    if organisation is None:
        organisation = create_organisation(*DEMO_ORGANISATION)
    password = current_app.config["DEMO_PASSWORD"]
    created = []
    for email, name, role in DEMO_ACCOUNTS:
        if find_user_by_email(email):
            continue
        user = register_user(email=email, password=password, display_name=name)
        user.organisations.append(organisation)
        user.country = organisation.country
        if role is Role.COORDINATOR:
            grant_role(user, role, organisation=organisation)
        elif role is not Role.LEARNER:
            grant_role(user, role)
        created.append(email)
    db.session.commit()
    click.echo(f"Demo accounts ({len(created)} new), password {password!r}:")
    for email, _name, role in DEMO_ACCOUNTS:
        click.echo(f"  {role.value:<12} {email}")
