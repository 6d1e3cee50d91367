"""Small factories for test data. Each flushes; the test's transaction is rolled back."""

from __future__ import annotations

import itertools

from app.auth.models import Role, User
from app.auth.services import register_user
from app.extensions import db
from app.orgs.models import Organisation
from app.orgs.services import create_invitation, create_organisation, grant_role

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def organisation(name: str | None = None, country: str = "MT") -> Organisation:
    return create_organisation(name or f"Organisation {next(_counter)}", country)


def user(
    *, email: str | None = None, name: str = "Test Person", role: Role = Role.LEARNER,
    organisation: Organisation | None = None, country: str | None = None, locale: str | None = None,
) -> User:
    person = register_user(
        email=email or f"person{next(_counter)}@example.org", password=PASSWORD, display_name=name, locale=locale
    )
    if organisation is not None:
        person.organisations.append(organisation)
        person.country = organisation.country
    if role is Role.COORDINATOR:
        grant_role(person, role, organisation=organisation if country is None else None, country=country)
    elif role is not Role.LEARNER:
        grant_role(person, role)
    db.session.commit()
    return person


def invitation(org: Organisation, creator: User, days: int = 30, max_uses: int | None = None):
    invite = create_invitation(org, creator, days=days, max_uses=max_uses)
    db.session.commit()
    return invite
