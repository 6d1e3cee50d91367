"""Accounts and role grants."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db

if TYPE_CHECKING:
    from app.orgs.models import Organisation


def utcnow() -> datetime:
    return datetime.now(UTC)


class Role(enum.StrEnum):
    """What a person may do. Everyone with an account is a learner."""

    LEARNER = "learner"
    TRAINER = "trainer"
    COORDINATOR = "coordinator"
    ADMIN = "admin"

    @property
    def label(self):
        return ROLE_LABELS[self]


# How a role is named on screen: the stored values are identifiers, not words for people.
ROLE_LABELS = {
    Role.LEARNER: _l("Learner"),
    Role.TRAINER: _l("Trainer"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.ADMIN: _l("Administrator"),
}


class User(UserMixin, db.Model):
    """A person with an account."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(120))
    locale: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(2))
    sector: Mapped[str | None] = mapped_column(String(64))
    subsector: Mapped[str | None] = mapped_column(String(64))
    level: Mapped[str | None] = mapped_column(String(32))
    is_active: Mapped[bool] = mapped_column(default=True)
    # Part of the login cookie: bumping it ends every session of this user.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    grants: Mapped[list[RoleGrant]] = relationship(back_populates="user", cascade="all, delete-orphan", lazy="selectin")

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def has_role(self, role: Role | str) -> bool:
        role = Role(role)
        if role is Role.LEARNER:
            return True
        return any(grant.role == role.value for grant in self.grants)

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    @property
    def role_labels(self) -> list:
        """The names of the roles this person holds beyond learner, each once, in Role order."""
        held = {grant.role for grant in self.grants}
        return [role.label for role in Role if role.value in held]

    def __repr__(self) -> str:  # no e-mail: reprs end up in logs
        return f"<User {self.id}>"


class RoleGrant(db.Model):
    """A role held by a user; coordinators' grants are scoped to an organisation or a country."""

    __tablename__ = "role_grants"
    __table_args__ = (
        UniqueConstraint("user_id", "role", "organisation_id", "country", name="uq_role_grants_scope"),
        CheckConstraint(
            "role <> 'coordinator' OR organisation_id IS NOT NULL OR country IS NOT NULL",
            name="coordinator_scoped",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    country: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="grants")
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def role_label(self):
        try:
            return Role(self.role).label
        except ValueError:  # a role this version does not know: show it as stored
            return self.role
