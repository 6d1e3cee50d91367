"""Organisations, their members, and invitation links."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, UniqueConstraint, and_, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User, utcnow
from app.extensions import db

memberships = Table(
    "memberships",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
)


class Organisation(db.Model):
    """An employer or service whose people take the training."""

    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("name", "country", name="uq_organisations_name_country"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list[User]] = relationship(secondary=memberships, backref="organisations")

    def __repr__(self) -> str:
        return f"<Organisation {self.id}>"


class Invitation(db.Model):
    """A link that lets people register into an organisation."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    max_uses: Mapped[int | None]
    use_count: Mapped[int] = mapped_column(default=0)
    revoked_at: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()

    def is_usable(self, now: datetime) -> bool:
        if self.revoked_at is not None or self.expires_at <= now:
            return False
        return self.max_uses is None or self.use_count < self.max_uses

    @classmethod
    def usable_clause(cls, now: datetime):
        """is_usable as SQL, for the update that counts a use (orgs.services.consume_invitation)."""
        return and_(
            cls.revoked_at.is_(None),
            cls.expires_at > now,
            or_(cls.max_uses.is_(None), cls.use_count < cls.max_uses),
        )
