"""Test data for certificates: a completed enrolment and the certificate it earned."""

from __future__ import annotations

from datetime import UTC, datetime

from joserfc.jwk import ECKey, RSAKey

from app.auth.models import User
from app.certificates.models import Certificate
from app.certificates.services import issue_certificate
from app.courses.models import CourseVersion, Enrolment
from app.extensions import db


def issued_certificate(
    user: User, version: CourseVersion, *, completed_at: datetime | None = None, score: float | None = None
) -> Certificate:
    """Issue the certificate of `version`'s course to `user` as completing it would; committed."""
    enrolment = Enrolment(
        user_id=user.id,
        course_id=version.course_id,
        progress_percent=100,
        best_score=score,
        completed_at=completed_at or datetime(2026, 11, 20, 10, 30, tzinfo=UTC),
        completed_version_hash=version.content_hash,
    )
    db.session.add(enrolment)
    db.session.flush()
    certificate = issue_certificate(enrolment, version)
    db.session.commit()
    return certificate


def new_signing_key_pem(kind: str = "RSA") -> str:
    """A fresh private key in PEM, for apps configured as production is (BADGE_SIGNING_KEY)."""
    key = RSAKey.generate_key(2048, private=True) if kind == "RSA" else ECKey.generate_key("P-256", private=True)
    return key.as_pem(private=True).decode()
