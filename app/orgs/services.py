"""Organisations and invitations: who may manage which, and the changes themselves."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select, update

from app.auth.models import Role, RoleGrant, User
from app.auth.names import normalise_name
from app.extensions import db
from app.orgs.models import Invitation, Organisation


class InvitationNotUsable(Exception):
    """The invitation expired, was withdrawn or was used up since the page was opened."""


def managed_organisations_query(user: User):
    """Organisations a user coordinates: by grant, by country grant, or all for admins."""
    query = select(Organisation).order_by(Organisation.country, Organisation.name)
    if user.is_admin:
        return query
    grants = [g for g in user.grants if g.role == Role.COORDINATOR.value]
    org_ids = [g.organisation_id for g in grants if g.organisation_id is not None]
    countries = [g.country for g in grants if g.country is not None]
    if not org_ids and not countries:
        return query.where(False)
    return query.where(or_(Organisation.id.in_(org_ids), Organisation.country.in_(countries)))


def managed_organisation(user: User, organisation_id: int) -> Organisation | None:
    """The organisation if this user may manage it, else None (the view answers 404)."""
    return db.session.scalar(managed_organisations_query(user).where(Organisation.id == organisation_id))


def create_invitation(organisation: Organisation, created_by: User, *, days: int, max_uses: int | None) -> Invitation:
    invitation = Invitation(
        token=secrets.token_urlsafe(32),
        organisation=organisation,
        created_by=created_by,
        expires_at=datetime.now(UTC) + timedelta(days=days),
        max_uses=max_uses,
    )
    db.session.add(invitation)
    db.session.flush()
    return invitation


def revoke_invitation(invitation: Invitation) -> None:
    if invitation.revoked_at is None:
        invitation.revoked_at = datetime.now(UTC)
        db.session.flush()


def find_usable_invitation(token: str) -> Invitation | None:
    if not token or len(token) > 64:
        return None
    invitation = db.session.scalar(select(Invitation).where(Invitation.token == token))
    if invitation is None or not invitation.is_usable(datetime.now(UTC)):
        return None
    return invitation


def consume_invitation(invitation: Invitation) -> None:
    """Count one use of the invitation, or raise InvitationNotUsable if it has none left.

    One conditional UPDATE, not a read then a write: when two people register through the
    last use at the same moment, the database lets exactly one of them have it, whatever the
    in-memory object said when each request checked it.
    """
    result = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.usable_clause(datetime.now(UTC)))
        .values(use_count=Invitation.use_count + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise InvitationNotUsable
    db.session.expire(invitation, ["use_count"])


def create_organisation(name: str, country: str) -> Organisation:
    organisation = Organisation(name=normalise_name(name), country=country)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def grant_role(
    user: User, role: Role, *, organisation: Organisation | None = None, country: str | None = None
) -> RoleGrant:
    for grant in user.grants:
        if (
            grant.role == role.value
            and grant.organisation_id == (organisation.id if organisation else None)
            and grant.country == country
        ):
            return grant
    grant = RoleGrant(role=role.value, organisation=organisation, country=country)
    user.grants.append(grant)
    db.session.flush()
    return grant
