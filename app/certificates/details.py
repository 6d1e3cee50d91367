"""What a certificate says, in one language: shared by the PDF, the verification page and lists.

Build these inside the locale they are for (`flask_babel.force_locale`): the learning time
and sector names are translated here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext, ngettext

from app.certificates.links import verification_url
from app.certificates.models import Certificate
from app.certificates.services import format_code
from app.core.taxonomy import taxonomy
from app.courses.models import CourseVersion


@dataclass(frozen=True)
class CourseText:
    title: str
    summary: str
    locale: str  # the language the title is in: the one asked for, or the course's source language


@dataclass(frozen=True)
class CertificateDetails:
    code: str  # as printed: groups of four
    raw_code: str
    holder_name: str
    course: CourseText
    version_label: str
    version_date: datetime | None
    completed_at: datetime
    learning_time: str
    issuer_name: str
    organisation_name: str | None
    sector_name: str | None
    score: float | None  # None unless CERTIFICATE_SHOWS_SCORE is on
    revoked_at: datetime | None
    verify_url: str

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


def course_text(version: CourseVersion | None, course_id: str, locale: str) -> CourseText:
    """The course's title and summary in `locale` when that version has them, else in its source language."""
    if version is None:  # cannot happen with kept versions; never let a certificate page fail on it
        return CourseText(course_id, "", "en")
    metadata = version.manifest.get("metadata") or {}
    chosen = locale if locale in metadata else version.source_locale
    text = metadata.get(chosen) or {}
    return CourseText(text.get("title") or course_id, text.get("summary") or "", chosen)


def issuer_name() -> str:
    return current_app.config.get("CERTIFICATE_ISSUER_NAME") or current_app.config["SITE_NAME"]


def learning_time(minutes: int) -> str:
    """CPD time as people record it: hours and minutes, e.g. "1 hour 30 minutes"."""
    hours, rest = divmod(max(minutes, 0), 60)
    hours_text = ngettext("%(num)d hour", "%(num)d hours", hours) if hours else ""
    minutes_text = ngettext("%(num)d minute", "%(num)d minutes", rest) if rest else ""
    if hours_text and minutes_text:
        # Translators: hours then minutes of learning time, e.g. "1 hour 30 minutes".
        return gettext("%(hours)s %(minutes)s", hours=hours_text, minutes=minutes_text)
    return hours_text or minutes_text or ngettext("%(num)d minute", "%(num)d minutes", 0)


def details_for(certificate: Certificate, version: CourseVersion | None, locale: str) -> CertificateDetails:
    shows_score = current_app.config.get("CERTIFICATE_SHOWS_SCORE")
    return CertificateDetails(
        code=format_code(certificate.code),
        raw_code=certificate.code,
        holder_name=certificate.holder_name,
        course=course_text(version, certificate.course_id, locale),
        version_label=certificate.version_hash[:8],
        version_date=version.published_at if version is not None else None,
        completed_at=certificate.completed_at,
        learning_time=learning_time(certificate.learning_minutes),
        issuer_name=issuer_name(),
        organisation_name=certificate.organisation_name,
        sector_name=_sector_name(certificate.sector, locale),
        score=certificate.score if shows_score else None,
        revoked_at=certificate.revoked_at,
        verify_url=verification_url(certificate.code),
    )


def _sector_name(sector_id: str | None, locale: str) -> str | None:
    if not sector_id:
        return None
    try:
        return taxonomy().name(sector_id, locale)
    except KeyError:  # a sector removed from sectors.yml since: print what was recorded
        return sector_id
