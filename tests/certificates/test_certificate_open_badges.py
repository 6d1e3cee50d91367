"""Open Badges 3.0: the credential matches 1EdTech's schemas, its VC-JWT verifies with our published keys,
and the public Bitstring Status List tells verifiers which certificates have been revoked."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from joserfc import jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet
from jsonschema import Draft201909Validator

from app import create_app
from app.auth.models import Role
from app.certificates.models import Certificate, CertificateRevision
from app.certificates.services import new_code
from app.certificates.signing import GENERATED_KEY_FILE, _generated_pem, parse_private_key
from app.certificates.status_list import bitstring, encoded_list
from app.extensions import db
from config import ConfigurationError, ProductionConfig
from tests import factories
from tests.certificates.helpers import issued_certificate, new_signing_key_pem
from tests.certificates.pdf_tools import pdf_text
from tests.helpers import build_app, dispose, in_test_transaction, signed_in_client, submit

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "openbadges"
REGISTERED_CLAIMS = {"iss", "jti", "nbf", "sub"}
STATUS_LIST_URL = "http://localhost/badges/status/revocation"
MINIMUM_LIST_BYTES = 16 * 1024  # 131,072 bits, the specification's minimum


def _schema(name: str):
    """A validator for one of 1EdTech's schemas (draft 2019-09), read from ../shared/fixtures."""
    path = FIXTURES / name
    if not path.is_file():
        pytest.skip(f"the Open Badges reference schemas are not here ({path}); they come with ../shared/fixtures")
    schema = json.loads(path.read_text())
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)


def _assert_valid(validator, document: dict) -> None:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def _decode(client, token: str):
    keys = client.get("/badges/keys").get_json()
    key_set = KeySet.import_key_set(keys)
    return jwt.decode(token, key_set, algorithms=["RS256", "ES256"])


def test_the_credential_is_a_valid_open_badge_credential(learner_client, certificate, learner):
    validator = _schema("ob_v3p0_achievementcredential_schema.json")
    response = learner_client.get(f"/certificates/{certificate.code}/credential.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    credential = response.get_json()

    _assert_valid(validator, credential)
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["id"] == f"http://localhost/verify/{certificate.code}"
    assert credential["validFrom"] == credential["awardedDate"]
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    achievement = subject["achievement"]
    assert achievement["id"] == "http://localhost/badges/achievements/certificate-test-course"
    assert achievement["name"] == "Listening to survivors"
    assert achievement["criteria"]["narrative"] == "Completed every required lesson of the course."
    names = [i for i in subject["identifier"] if i["identityType"] == "name"]
    emails = [i for i in subject["identifier"] if i["identityType"] == "emailAddress"]
    assert names == [
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": "Ċikku Ħażż-Żammit"}
    ]
    # The e-mail address only as a salted hash that the holder can prove, never in clear.
    assert learner.email not in json.dumps(credential)
    assert emails[0]["hashed"] is True and emails[0]["identityHash"].startswith("sha256$")
    assert (
        emails[0]["identityHash"]
        == "sha256$" + hashlib.sha256((learner.email + emails[0]["salt"]).encode()).hexdigest()
    )


def test_the_credential_follows_the_learners_language_when_asked(learner_client, certificate):
    credential = learner_client.get(f"/certificates/{certificate.code}/credential.json?lang=mt").get_json()
    achievement = credential["credentialSubject"]["achievement"]
    assert (achievement["name"], achievement["inLanguage"]) == ("Nisimgħu lis-superstiti", "mt")


def test_the_signed_credential_verifies_with_the_published_keys(client, learner_client, certificate):
    token = learner_client.get(f"/certificates/{certificate.code}/credential.jwt").get_data(as_text=True)
    decoded = _decode(client, token)

    # JOSE header: only alg, kid and typ (OB 3.0 allows no others); kid dereferences to the JWKS.
    assert set(decoded.header) == {"alg", "kid", "typ"}
    assert decoded.header["alg"] == "RS256" and decoded.header["typ"] == "JWT"
    jwks_url, _, thumbprint = decoded.header["kid"].partition("#")
    assert jwks_url == "http://localhost/badges/keys" and thumbprint
    [published] = client.get("/badges/keys").get_json()["keys"]
    assert published["kid"] == decoded.header["kid"]
    assert "d" not in published and "p" not in published  # never the private parameters

    # Payload: the credential itself plus iss, jti, nbf and sub, each matching it.
    claims = decoded.claims
    credential = {k: v for k, v in claims.items() if k not in REGISTERED_CLAIMS}
    assert credential == learner_client.get(f"/certificates/{certificate.code}/credential.json").get_json()
    assert claims["iss"] == credential["issuer"]["id"]
    assert claims["jti"] == credential["id"]
    assert claims["sub"] == credential["credentialSubject"]["id"]
    valid_from = datetime.fromisoformat(credential["validFrom"].replace("Z", "+00:00"))
    assert datetime.fromtimestamp(claims["nbf"], UTC) == valid_from
    if FIXTURES.is_dir():
        _assert_valid(_schema("ob_v3p0_achievementcredential_schema.json"), credential)


def test_a_tampered_credential_does_not_verify(client, learner_client, certificate):
    token = learner_client.get(f"/certificates/{certificate.code}/credential.jwt").get_data(as_text=True)
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["identifier"][0]["identityHash"] = "Somebody Else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    with pytest.raises(BadSignatureError):
        _decode(client, f"{header}.{forged}.{signature}")


def test_the_issuer_profile_and_the_achievement_are_public(client, certificate):
    profile = client.get("/badges/issuer")
    assert profile.status_code == 200
    document = profile.get_json()
    _assert_valid(_schema("ob_v3p0_profile_schema.json"), document)
    assert document["id"] == "http://localhost/badges/issuer"
    assert document["jwks_uri"] == "http://localhost/badges/keys"
    achievement = client.get("/badges/achievements/certificate-test-course").get_json()
    assert achievement["type"] == ["Achievement"] and achievement["name"] == "Listening to survivors"
    assert client.get("/badges/achievements/no-such-course").status_code == 404


def test_a_correction_moves_valid_from_and_keeps_the_awarded_date(learner_client, certificate):
    certificate.holder_name = "Ċikku Borg"
    certificate.revisions.append(
        CertificateRevision(action="reissued", holder_name="Ċikku Borg", at=datetime(2027, 1, 5, 8, 0, tzinfo=UTC))
    )
    db.session.commit()
    credential = learner_client.get(f"/certificates/{certificate.code}/credential.json").get_json()
    assert credential["validFrom"] == "2027-01-05T08:00:00Z"
    assert credential["awardedDate"] != credential["validFrom"]


@pytest.fixture(scope="module")
def ec_key_app(database_url, tmp_path_factory):
    """An app whose badge key is an EC P-256 key in a file (BADGE_SIGNING_KEY as a path)."""
    path = tmp_path_factory.mktemp("keys") / "badge-key.pem"
    path.write_text(new_signing_key_pem("EC"))
    other = build_app(database_url, BADGE_SIGNING_KEY=str(path), PUBLIC_BASE_URL="https://training.example.eu")
    yield other
    dispose(other)


def test_an_ec_key_from_a_file_signs_with_es256_and_public_urls(app, ec_key_app, certificate, learner, tmp_path):
    with in_test_transaction(ec_key_app, app):
        client = signed_in_client(ec_key_app, learner.email)
        token = client.get(f"/certificates/{certificate.code}/credential.jwt").get_data(as_text=True)
        decoded = _decode(client, token)
    assert decoded.header["alg"] == "ES256"
    assert decoded.header["kid"].startswith("https://training.example.eu/badges/keys#")
    assert decoded.claims["jti"] == f"https://training.example.eu/verify/{certificate.code}"
    # The PDF prints (and its QR code encodes) the same public address.
    with in_test_transaction(ec_key_app, app):
        pdf = signed_in_client(ec_key_app, learner.email).get(f"/certificates/{certificate.code}.pdf").data
    assert f"https://training.example.eu/verify/{certificate.code}" in pdf_text(pdf, tmp_path)


def test_production_refuses_to_start_without_a_badge_key(database_url):
    with pytest.raises(ConfigurationError, match="BADGE_SIGNING_KEY"):
        create_app(ProductionConfig, SECRET_KEY="k" * 48, SQLALCHEMY_DATABASE_URI=database_url, BADGE_SIGNING_KEY=None)


def test_development_generates_one_key_and_keeps_it(app, tmp_path):
    first = _generated_pem(tmp_path)
    assert _generated_pem(tmp_path) == first
    path = tmp_path / GENERATED_KEY_FILE
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    assert parse_private_key(first).is_private
    assert list(tmp_path.iterdir()) == [path]  # no temporary files left behind


# --- revocation: the Bitstring Status List ---------------------------------------------------


@pytest.fixture
def admin_client(app):
    admin = factories.user(email="admin@example.org", role=Role.ADMIN)
    return signed_in_client(app, admin.email)


def _revoke(admin_client, certificate) -> None:
    page = f"/admin/certificates/{certificate.code}"
    assert submit(admin_client, page, {"reason": "Wrong person"}, post_url=f"{page}/revoke").status_code == 302


def _status_list(client):
    """The status list credential as a verifier gets it: fetched, then checked with our published keys."""
    response = client.get("/badges/status/revocation")
    assert response.status_code == 200
    assert response.mimetype == "application/jwt"
    return _decode(client, response.get_data(as_text=True)).claims


def _bits(document: dict) -> bytes:
    return _decoded_list(document["credentialSubject"]["encodedList"])


def _decoded_list(encoded: str) -> bytes:
    """What a verifier does with encodedList: drop the multibase "u", base64url-decode, gunzip."""
    assert encoded.startswith("u") and "=" not in encoded
    payload = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def _bit(bits: bytes, index: int) -> int:
    """Index 0 is the most significant bit of the first byte."""
    return bits[index // 8] >> (7 - index % 8) & 1


def _set_bits(bits: bytes) -> list[int]:
    return [i for i in range(len(bits) * 8) if _bit(bits, i)]


def test_the_credential_points_at_its_bit_in_the_revocation_list(learner_client, certificate):
    credential = learner_client.get(f"/certificates/{certificate.code}/credential.json").get_json()
    assert credential["credentialStatus"] == {
        "id": f"{STATUS_LIST_URL}#{certificate.id}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(certificate.id),
        "statusListCredential": STATUS_LIST_URL,
    }
    _assert_valid(_schema("ob_v3p0_achievementcredential_schema.json"), credential)


def test_the_revocation_list_is_a_status_list_credential_signed_with_our_key(client, certificate):
    claims = _status_list(client)
    document = {k: v for k, v in claims.items() if k not in REGISTERED_CLAIMS}
    assert document["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert document["id"] == STATUS_LIST_URL
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["issuer"]["id"] == client.get("/badges/issuer").get_json()["id"]
    subject = document["credentialSubject"]
    assert {k: v for k, v in subject.items() if k != "encodedList"} == {
        "id": f"{STATUS_LIST_URL}#list",
        "type": "BitstringStatusList",
        "statusPurpose": "revocation",
    }
    assert (claims["iss"], claims["jti"], claims["sub"]) == (document["issuer"]["id"], STATUS_LIST_URL, subject["id"])
    # Nothing revoked yet: every bit clear, the certificate's included, in at least 16 KB.
    bits = _bits(document)
    assert len(bits) == MINIMUM_LIST_BYTES
    assert _bit(bits, certificate.id) == 0 and _set_bits(bits) == []
    assert document["validFrom"] == "1970-01-01T00:00:00Z"
    assert datetime.fromtimestamp(claims["nbf"], UTC) == datetime(1970, 1, 1, tzinfo=UTC)


def test_revoking_sets_the_certificates_bit_and_no_other(client, admin_client, certificate, course):
    other = issued_certificate(factories.user(email="other@example.org"), course)
    assert _set_bits(_bits(_status_list(client))) == []

    _revoke(admin_client, certificate)

    document = _status_list(client)
    bits = _bits(document)
    assert _set_bits(bits) == [certificate.id]
    assert _bit(bits, other.id) == 0
    # validFrom is the moment of the revocation, so the list stays the same until the next one.
    db.session.expire_all()
    assert document["validFrom"] == certificate.revoked_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_corrected_name_leaves_the_bit_clear(client, admin_client, certificate, learner_client):
    page = f"/admin/certificates/{certificate.code}"
    response = submit(admin_client, page, {"holder_name": "Ċikku Borg"}, post_url=f"{page}/reissue")
    assert response.status_code == 302

    assert _set_bits(_bits(_status_list(client))) == []
    credential = learner_client.get(f"/certificates/{certificate.code}/credential.json").get_json()
    assert credential["credentialStatus"]["statusListIndex"] == str(certificate.id)


def test_the_list_grows_to_reach_the_newest_certificate(client, learner, course):
    # Ids beyond the first 131,072 bits: the list grows in whole 16 KB blocks to cover them.
    far = Certificate(
        id=200_000,
        code=new_code(),
        user_id=learner.id,
        course_id=course.course_id,
        version_hash=course.content_hash,
        holder_name="Ċikku Ħażż-Żammit",
        learning_minutes=30,
        completed_at=datetime(2026, 11, 20, tzinfo=UTC),
    )
    db.session.add(far)
    db.session.commit()
    bits = _bits(_status_list(client))
    assert len(bits) == 2 * MINIMUM_LIST_BYTES
    assert _bit(bits, 200_000) == 0


def test_the_list_is_cached_until_a_revocation_changes_it(client, admin_client, certificate):
    first = client.get("/badges/status/revocation")
    assert first.headers["Cache-Control"] == "public, max-age=300"
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    again = client.get("/badges/status/revocation")
    assert (again.headers["ETag"], again.data) == (etag, first.data)  # the same bytes between revocations

    unchanged = client.get("/badges/status/revocation", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.data == b""

    _revoke(admin_client, certificate)
    changed = client.get("/badges/status/revocation", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert _bit(_bits(_decode(client, changed.get_data(as_text=True)).claims), certificate.id) == 1


def test_with_an_ec_key_the_list_uses_public_urls_and_still_answers_304(app, ec_key_app, certificate, learner):
    with in_test_transaction(ec_key_app, app):
        client = signed_in_client(ec_key_app, learner.email)
        credential = client.get(f"/certificates/{certificate.code}/credential.json").get_json()
        first = client.get("/badges/status/revocation")
        again = client.get("/badges/status/revocation", headers={"If-None-Match": first.headers["ETag"]})
        claims = _decode(client, first.get_data(as_text=True)).claims
    url = "https://training.example.eu/badges/status/revocation"
    assert credential["credentialStatus"]["statusListCredential"] == url and claims["id"] == url
    # ES256 signs the same content differently each time; the ETag names the content, so it still matches.
    assert again.status_code == 304


def test_the_bitstring_orders_bits_from_the_most_significant_and_encodes_the_same_each_time():
    bits = bitstring([0, 9, 131_071], highest_index=131_071)
    assert len(bits) == 16 * 1024
    assert (bits[0], bits[1], bits[-1]) == (0x80, 0x40, 0x01)
    assert len(bitstring([], highest_index=131_072)) == 2 * 16 * 1024
    assert encoded_list(bits) == encoded_list(bits)
    assert _decoded_list(encoded_list(bits)) == bits


def test_the_public_badge_documents_can_be_read_by_a_verifier_on_another_site(client, certificate):
    """A web wallet or verifier fetches them from its own origin; no cookies, so `*` is safe."""
    for url in (
        "/badges/issuer",
        "/badges/keys",
        f"/badges/achievements/{certificate.course_id}",
        "/badges/status/revocation",
    ):
        response = client.get(url, headers={"Origin": "https://verifier.example"})
        assert response.status_code == 200, url
        assert response.headers["Access-Control-Allow-Origin"] == "*", url
        assert "Access-Control-Allow-Credentials" not in response.headers, url
    # Pages that name people are not shared with other sites.
    page = client.get(f"/verify/{certificate.code}", headers={"Origin": "https://verifier.example"})
    assert "Access-Control-Allow-Origin" not in page.headers
