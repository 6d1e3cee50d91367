"""Certificates: issued with the completion, verifiable by code, revoked but never deleted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import utcnow
from app.extensions import db


class Certificate(db.Model):
    """What was certified, frozen at issue time (the name as on the profile then)."""

    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("user_id", "course_id", name="uq_certificates_user_course"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id"), index=True)
    version_hash: Mapped[str] = mapped_column(String(64))
    holder_name: Mapped[str] = mapped_column(String(120))
    learning_minutes: Mapped[int]
    score: Mapped[float | None]  # percent; printed only when the setting says so
    organisation_name: Mapped[str | None] = mapped_column(String(200))
    sector: Mapped[str | None] = mapped_column(String(64))
    completed_at: Mapped[datetime]
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(Text)

    revisions: Mapped[list[CertificateRevision]] = relationship(
        back_populates="certificate", cascade="all, delete-orphan", order_by="CertificateRevision.id"
    )


class CertificateRevision(db.Model):
    """History of a certificate: a name corrected (reissued under the same code) or a revocation."""

    __tablename__ = "certificate_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))  # issued | reissued | revoked
    holder_name: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    certificate: Mapped[Certificate] = relationship(back_populates="revisions")
