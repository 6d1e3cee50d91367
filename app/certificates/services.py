"""Issuing certificates, in the transaction that records the completion."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from app.auth.models import User, utcnow
from app.certificates.models import Certificate, CertificateRevision
from app.courses.models import CourseVersion, Enrolment
from app.extensions import db

# No look-alike characters (0/O, 1/I/L, 5/S, 2/Z, 8/B): people type codes from paper.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 12  # 25**12 ~ 6e16 codes: unguessable at the verification page's rate limit


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """Shown in groups of four: ACDE-FGHJ-KMNP."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_code(typed: str) -> str:
    """What a person typed (any case, spaces or dashes) as a stored code."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def issue_certificate(enrolment: Enrolment, version: CourseVersion) -> Certificate:
    """Issue (once) the certificate of a completed course; flushes, the caller commits."""
    existing = db.session.scalar(
        select(Certificate).where(
            Certificate.user_id == enrolment.user_id, Certificate.course_id == enrolment.course_id
        )
    )
    if existing is not None:
        return existing
    user = db.session.get(User, enrolment.user_id)
    organisations = getattr(user, "organisations", [])
    certificate = Certificate(
        code=_unused_code(),
        user_id=user.id,
        course_id=enrolment.course_id,
        version_hash=version.content_hash,
        holder_name=user.display_name,
        learning_minutes=int(version.manifest["settings"].get("duration_minutes") or 0),
        score=enrolment.best_score,  # printed only when CERTIFICATE_SHOWS_SCORE is on
        organisation_name=organisations[0].name if organisations else None,
        sector=user.sector,
        completed_at=enrolment.completed_at,
    )
    certificate.revisions.append(CertificateRevision(action="issued", holder_name=user.display_name))
    db.session.add(certificate)
    db.session.flush()
    return certificate


def _unused_code() -> str:
    while True:
        code = new_code()
        if db.session.scalar(select(Certificate.id).where(Certificate.code == code)) is None:
            return code


class CertificateStateError(ValueError):
    """The change does not apply to the certificate as it is now (e.g. it is already revoked)."""


def revoke_certificate(certificate: Certificate, reason: str, actor: User) -> None:
    """Revoke (never delete): the verification page says so from now on, with the date."""
    if certificate.revoked_at is not None:
        raise CertificateStateError("already revoked")
    certificate.revoked_at = utcnow()
    certificate.revoked_reason = reason
    certificate.revisions.append(
        CertificateRevision(action="revoked", holder_name=certificate.holder_name, reason=reason, actor_id=actor.id)
    )
    db.session.flush()


def reissue_certificate(certificate: Certificate, holder_name: str, reason: str | None, actor: User) -> None:
    """Correct the holder's name under the same code; the history keeps every earlier name."""
    if certificate.revoked_at is not None:
        raise CertificateStateError("revoked")
    certificate.holder_name = holder_name
    certificate.revisions.append(
        CertificateRevision(action="reissued", holder_name=holder_name, reason=reason or None, actor_id=actor.id)
    )
    db.session.flush()
