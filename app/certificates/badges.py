"""Open Badges 3.0: a certificate as an OpenBadgeCredential, signed as a VC-JWT.

Follows the VC Data Model 2.0 form of OB 3.0 (`validFrom`; schemas in the 1EdTech
specification repository). The JWT payload is the credential itself plus the registered
claims iss, jti, nbf and sub (OB 3.0, "JSON Web Token Proof Format"); the VC 1.1 `vc`
wrapper is not used. Revocation: each credential's `credentialStatus` points at its bit in a
public W3C Bitstring Status List (`revocation_list`), and its `id`, the verification page, says
so too.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from app.auth.models import User
from app.certificates.details import course_text, issuer_name
from app.certificates.links import public_url, verification_url
from app.certificates.models import Certificate
from app.certificates.signing import key_id, sign_jwt, signing_key
from app.certificates.status_list import bitstring, encoded_list
from app.courses.models import CourseVersion
from app.courses.services import source_quiz
from app.extensions import db

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
STATUS_LIST_TYPES = ["VerifiableCredential", "BitstringStatusListCredential"]
# With nothing revoked the list has said the same since before the first certificate: a fixed
# moment, rather than "now", keeps its bytes (and so its ETag) the same until a revocation.
NOTHING_REVOKED_SINCE = datetime(1970, 1, 1, tzinfo=UTC)


def issuer_profile() -> dict:
    """The public issuer Profile, served at its own id; `jwks_uri` names the keys that verify us."""
    return {"@context": CONTEXT, **_issuer()} | {"jwks_uri": public_url("certificates.jwks")}


def achievement(course_id: str, version: CourseVersion | None, locale: str) -> dict:
    """What completing the course means, at a stable URL per course (not per version)."""
    with force_locale(locale):
        text = course_text(version, course_id, locale)
        return {
            "id": public_url("certificates.achievement", course_id=course_id),
            "type": ["Achievement"],
            "achievementType": "CertificateOfCompletion",
            "name": text.title,
            "description": text.summary or text.title,
            "criteria": {"narrative": _criteria(version)},
            "inLanguage": text.locale,
            "creator": _issuer(),
        }


def credential(certificate: Certificate, version: CourseVersion | None, locale: str) -> dict:
    """The certificate as an OpenBadgeCredential (unsigned JSON)."""
    badge = achievement(certificate.course_id, version, locale)
    return {
        "@context": CONTEXT,
        "id": verification_url(certificate.code),
        "type": CREDENTIAL_TYPES,
        "name": badge["name"],
        "issuer": _issuer(),
        # A corrected name is a new version of the credential: validFrom moves, awardedDate stays.
        "validFrom": _timestamp(_valid_from(certificate)),
        "awardedDate": _timestamp(certificate.issued_at),
        "credentialSubject": {
            "id": subject_id(certificate.user_id),
            "type": ["AchievementSubject"],
            "identifier": _identifiers(certificate),
            "activityEndDate": _timestamp(certificate.completed_at),
            "achievement": badge,
        },
        "credentialStatus": credential_status(certificate),
    }


def signed_credential(certificate: Certificate, version: CourseVersion | None, locale: str) -> str:
    """The credential as a compact JWS (VC-JWT) signed with BADGE_SIGNING_KEY."""
    return _signed(credential(certificate, version, locale))


def credential_status(certificate: Certificate) -> dict:
    """Where a verifier learns whether the certificate has been revoked: its bit in the revocation list."""
    # The index is the certificate's database id: it never changes and needs no new column. It
    # reveals the order in which certificates were issued; we accept that, because an id says
    # nothing about the person and the list it indexes is public anyway.
    list_url = public_url("certificates.revocation_list")
    index = str(certificate.id)
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": index,
        "statusListCredential": list_url,
    }


def revocation_list(revoked: dict[int, datetime], highest_id: int) -> dict:
    """The status list credential (unsigned): bit i is 1 when certificate i has been revoked.

    `revoked` maps ids to revocation times; `highest_id` is the newest certificate's, which the list must reach.
    """
    list_url = public_url("certificates.revocation_list")
    return {
        "@context": CONTEXT,
        "id": list_url,
        "type": STATUS_LIST_TYPES,
        "issuer": _issuer(),
        # The latest revocation: the list reads the same from then until the next one.
        "validFrom": _timestamp(max(revoked.values(), default=NOTHING_REVOKED_SINCE)),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(bitstring(revoked, highest_id)),
        },
    }


def signed_revocation_list(document: dict) -> str:
    """The revocation list as a VC-JWT, signed as the badges are."""
    return _signed(document)


def revocation_list_etag(document: dict) -> str:
    """Changes exactly when the signed list would: its content or the key that signs it.

    Not a hash of the response: an ES256 signature differs every time for the same content.
    """
    content = json.dumps([document, key_id(signing_key())], sort_keys=True)
    return hashlib.sha256(content.encode()).hexdigest()[:32]


def subject_id(user_id: int) -> str:
    """A stable, opaque URI for the learner (OB 3.0 wants `sub`); it reveals neither name nor e-mail."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, public_url('certificates.issuer') + f'#learner-{user_id}')}"


def _signed(document: dict) -> str:
    """The document as a compact JWS: the credential itself plus the registered claims OB 3.0 names."""
    claims = document | {
        "iss": document["issuer"]["id"],
        "jti": document["id"],
        "nbf": int(datetime.fromisoformat(document["validFrom"]).timestamp()),
        "sub": document["credentialSubject"]["id"],
    }
    return sign_jwt(claims)


def _issuer() -> dict:
    return {
        "id": public_url("certificates.issuer"),
        "type": ["Profile"],
        "name": issuer_name(),
        "url": public_url("core.index"),
    }


def _identifiers(certificate: Certificate) -> list[dict]:
    """The name as printed, and the e-mail address only as a salted SHA-256 (OB's IdentityHash)."""
    identifiers = [
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": certificate.holder_name}
    ]
    email = db.session.scalar(db.select(User.email).where(User.id == certificate.user_id))
    if email:
        salt = certificate.code  # stable, so that the same certificate gives the same credential
        digest = hashlib.sha256((email.lower() + salt).encode()).hexdigest()
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": f"sha256${digest}",
                "salt": salt,
            }
        )
    return identifiers


def _criteria(version: CourseVersion | None) -> str:
    quiz = source_quiz(version) if version is not None else None
    if quiz:
        return _(
            "Completed every required lesson of the course and passed its final assessment (pass mark %(mark)s%%).",
            mark=quiz["settings"]["pass_mark"],
        )
    return _("Completed every required lesson of the course.")


def _valid_from(certificate: Certificate) -> datetime:
    issued = [r.at for r in certificate.revisions if r.action in ("issued", "reissued")]
    return max(issued, default=certificate.issued_at)


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
