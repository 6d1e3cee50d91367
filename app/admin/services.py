"""Administrators' changes to accounts and organisations."""

from __future__ import annotations

from app.auth.models import RoleGrant, User
from app.auth.names import normalise_name
from app.extensions import db


def remove_grant(grant: RoleGrant) -> None:
    db.session.delete(grant)
    db.session.flush()


def set_active(user: User, active: bool) -> None:
    """Deactivating ends every session of the user at once."""
    user.is_active = active
    if not active:
        user.session_version += 1
    db.session.flush()


def rename_organisation(organisation, name: str, country: str) -> None:
    organisation.name = normalise_name(name)
    organisation.country = country
    db.session.flush()
