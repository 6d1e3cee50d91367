"""Reads for certificate pages, the verification page, the admin search and coordinators' zips."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import get_timezone
from sqlalchemy import func, or_, select

from app.auth.models import User
from app.auth.names import normalise_name
from app.certificates.models import Certificate
from app.certificates.services import CODE_ALPHABET, CODE_LENGTH, normalise_code
from app.core.database import folded_contains
from app.courses.models import Course, CourseVersion
from app.extensions import db
from app.orgs.models import Organisation, memberships
from app.orgs.services import managed_organisations_query

ADMIN_PAGE_SIZE = 50


def looks_like_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def find_by_code(typed: str) -> Certificate | None:
    """The certificate a person typed or scanned the code of, in any case, with any spaces or dashes."""
    code = normalise_code(typed[:64])
    if not looks_like_code(code):
        return None
    return db.session.scalar(select(Certificate).where(Certificate.code == code))


def owned_certificate(user: User, typed: str) -> Certificate | None:
    """The certificate if it is this person's own; anyone else's is 'not found'."""
    certificate = find_by_code(typed)
    return certificate if certificate is not None and certificate.user_id == user.id else None


def certificates_of(user: User) -> list[Certificate]:
    return list(
        db.session.scalars(
            select(Certificate).where(Certificate.user_id == user.id).order_by(Certificate.completed_at.desc())
        )
    )


def version_of(certificate: Certificate) -> CourseVersion | None:
    """The course version the certificate was earned on (versions are never deleted)."""
    return versions_of([certificate]).get((certificate.course_id, certificate.version_hash))


def versions_of(certificates: Iterable[Certificate]) -> dict[tuple[str, str], CourseVersion]:
    keys = {(c.course_id, c.version_hash) for c in certificates}
    if not keys:
        return {}
    query = select(CourseVersion).where(
        or_(
            *(
                (CourseVersion.course_id == course_id) & (CourseVersion.content_hash == content_hash)
                for course_id, content_hash in keys
            )
        )
    )
    return {(v.course_id, v.content_hash): v for v in db.session.scalars(query)}


def current_versions() -> list[CourseVersion]:
    """The served version of every course, retired ones too: certificates outlive courses."""
    return list(
        db.session.scalars(
            select(CourseVersion)
            .join(Course, (Course.id == CourseVersion.course_id) & (Course.current_hash == CourseVersion.content_hash))
            .order_by(CourseVersion.course_id)
        )
    )


def current_version(course_id: str) -> CourseVersion | None:
    return db.session.scalar(
        select(CourseVersion)
        .join(Course, (Course.id == CourseVersion.course_id) & (Course.current_hash == CourseVersion.content_hash))
        .where(Course.id == course_id)
    )


def revocation_status() -> tuple[dict[int, datetime], int]:
    """Each revoked certificate's id and revocation time, and the highest id issued (0 if none).

    One query: the revoked rows plus the newest row, whose id sets the status list's length.
    """
    newest = select(func.max(Certificate.id)).scalar_subquery()
    rows = db.session.execute(
        select(Certificate.id, Certificate.revoked_at).where(
            or_(Certificate.revoked_at.is_not(None), Certificate.id == newest)
        )
    ).all()
    revoked = {certificate_id: revoked_at for certificate_id, revoked_at in rows if revoked_at is not None}
    return revoked, max((certificate_id for certificate_id, _ in rows), default=0)


def admin_search(term: str, page: int):
    """By code (typed any way) or by part of the holder's name; newest first."""
    query = select(Certificate).order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    term = normalise_name(term)  # NFC, as names are stored
    if term:
        query = query.where(
            or_(Certificate.code == normalise_code(term), folded_contains(Certificate.holder_name, term))
        )
    return db.paginate(query, page=page, per_page=ADMIN_PAGE_SIZE, error_out=False)


# --- coordinators: the learners in their scope ------------------------------------------------
# A coordinator's learners are the members of the organisations they coordinate: by an
# organisation grant, or every organisation in a country they hold a grant for (the rule of
# the organisations pages, app/orgs/services.py). Administrators see every certificate.


def managed_organisations(user: User) -> list[Organisation]:
    return list(db.session.scalars(managed_organisations_query(user)))


def learners_in_scope(user: User, organisation_id: int | None = None):
    """A subquery of the user ids a coordinator may see, optionally within one organisation."""
    organisation_ids = managed_organisations_query(user).with_only_columns(Organisation.id).order_by(None)
    query = select(memberships.c.user_id).where(memberships.c.organisation_id.in_(organisation_ids))
    if organisation_id is not None:
        query = query.where(memberships.c.organisation_id == organisation_id)
    return query


def certificates_in_scope(
    user: User,
    *,
    course_id: str | None = None,
    organisation_id: int | None = None,
    completed_from: date | None = None,
    completed_to: date | None = None,
):
    """Valid (not revoked) certificates of the coordinator's learners, filtered; a select of ids."""
    query = select(Certificate.id).where(Certificate.revoked_at.is_(None))
    if not user.is_admin or organisation_id is not None:
        query = query.where(Certificate.user_id.in_(learners_in_scope(user, organisation_id)))
    if course_id:
        query = query.where(Certificate.course_id == course_id)
    if completed_from:
        query = query.where(Certificate.completed_at >= _start_of(completed_from))
    if completed_to:
        query = query.where(Certificate.completed_at < _start_of(completed_to + timedelta(days=1)))
    return query.order_by(Certificate.course_id, Certificate.holder_name, Certificate.id)


def certificates_by_ids(ids: list[int]) -> list[Certificate]:
    found = {c.id: c for c in db.session.scalars(select(Certificate).where(Certificate.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def _start_of(day: date) -> datetime:
    # A day means the day as printed on certificates: in the site's time zone, not UTC.
    return datetime.combine(day, time.min, tzinfo=get_timezone()).astimezone(UTC)
