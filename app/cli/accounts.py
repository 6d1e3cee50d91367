"""`flask users ...` and `flask demo ...`: accounts from the command line."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from app.auth.forms import RegistrationForm
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
    if find_user_by_email(email):
        raise click.ClickException(f"an account with the e-mail {email} already exists")
    form = _checked_registration(email, display_name, password)
    user = register_user(email=form.email.data, password=password, display_name=form.display_name.data)
    if role != Role.LEARNER.value:
        if role == Role.COORDINATOR.value:
            raise click.ClickException(
                "coordinators are scoped: create a learner, then grant the role in Administration"
            )
        grant_role(user, Role(role))
    db.session.commit()
    click.echo(f"Created account {user.id} with role {role}.")


# Which option each field of the registration form comes from. "confirm" is filled in from
# --password, so its errors only repeat the password's.
OPTION_OF_FIELD = {"display_name": "--name", "email": "--email", "password": "--password"}


def _checked_registration(email: str, display_name: str, password: str) -> RegistrationForm:
    """The web's registration form, filled in from the options, so an account made here keeps the
    same rules (visible characters in the name, a real e-mail address, password length)."""
    # The command line speaks English; without a request, the form's messages need a locale.
    with force_locale("en"):
        form = RegistrationForm(
            formdata=MultiDict(
                {"display_name": display_name, "email": email, "password": password, "confirm": password}
            ),
            meta={"csrf": False},
        )
        if form.validate():
            return form
        problems = [
            f"{option}: {message}" for name, option in OPTION_OF_FIELD.items() for message in form.errors.get(name, [])
        ]
    raise click.ClickException("\n".join(problems))


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
