"""Reads for the administration pages."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from app.auth.models import User
from app.auth.names import normalise_name
from app.core.database import folded_contains
from app.extensions import db
from app.orgs.models import Organisation, memberships

PAGE_SIZE = 50


def search_users(term: str, page: int):
    """Accounts whose name or e-mail contains `term`, ignoring case in any script."""
    query = select(User).order_by(User.display_name, User.id)
    term = normalise_name(term)  # NFC, as names are stored, so a decomposed é still matches
    if term:
        query = query.where(or_(folded_contains(User.display_name, term), folded_contains(User.email, term)))
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


def organisations_with_counts():
    count = func.count(memberships.c.user_id)
    return db.session.execute(
        select(Organisation, count)
        .outerjoin(memberships, memberships.c.organisation_id == Organisation.id)
        .group_by(Organisation.id)
        .order_by(Organisation.country, Organisation.name)
    ).all()


def organisation_exists(name: str, country: str, exclude_id: int | None = None) -> bool:
    """Whether another organisation in the country has this name, ignoring case in any script.

    Compared in Python: SQLite's lower() folds ASCII letters only (Ċ, Ż, Ω stay capital), and a
    country has few enough organisations to read their names.
    """
    query = select(Organisation.name).where(Organisation.country == country)
    if exclude_id is not None:
        query = query.where(Organisation.id != exclude_id)
    wanted = normalise_name(name).casefold()
    return any(existing.casefold() == wanted for existing in db.session.scalars(query))
