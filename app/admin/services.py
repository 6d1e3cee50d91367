"""Administrators' changes to accounts and organisations."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from app.admin import queries
from app.auth.models import RoleGrant, User
from app.auth.names import normalise_name
from app.extensions import db
from app.orgs.models import Organisation
from app.orgs.services import create_organisation

NAME_CONSTRAINT = "uq_organisations_name_country"


class OrganisationNameTaken(Exception):
    """Another organisation in the country already has this name."""


def remove_grant(grant: RoleGrant) -> None:
    db.session.delete(grant)
    db.session.flush()


def set_active(user: User, active: bool) -> None:
    """Deactivating ends every session of the user at once."""
    user.is_active = active
    if not active:
        user.session_version += 1
    db.session.flush()


def add_organisation(name: str, country: str) -> Organisation:
    """A new organisation; raises OrganisationNameTaken, having changed nothing, if the name is taken."""
    if queries.organisation_exists(name, country):
        raise OrganisationNameTaken
    with _refusing_a_name_taken_meanwhile():
        return create_organisation(name, country)


def rename_organisation(organisation: Organisation, name: str, country: str) -> None:
    """Raises OrganisationNameTaken, leaving the organisation as it was, if the name is taken."""
    if queries.organisation_exists(name, country, exclude_id=organisation.id):
        raise OrganisationNameTaken
    with _refusing_a_name_taken_meanwhile():
        organisation.name = normalise_name(name)
        organisation.country = country
        db.session.flush()


@contextmanager
def _refusing_a_name_taken_meanwhile():
    """Another administrator may save the same name between the check and our write: the unique
    constraint then refuses it, and the savepoint undoes only this write, keeping the request usable."""
    try:
        with db.session.begin_nested():
            yield
    except IntegrityError as error:
        if not _breaks_name_constraint(error):
            raise
        raise OrganisationNameTaken from None


def _breaks_name_constraint(error: IntegrityError) -> bool:
    # PostgreSQL names the constraint; SQLite names its columns instead.
    message = str(error.orig)
    return NAME_CONSTRAINT in message or "organisations.name, organisations.country" in message
