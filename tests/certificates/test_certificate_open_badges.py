"""Open Badges 3.0: the credential matches 1EdTech's schemas and its VC-JWT verifies with our published keys."""

from __future__ import annotations

import base64
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
from app.certificates.models import CertificateRevision
from app.certificates.signing import GENERATED_KEY_FILE, _generated_pem, parse_private_key
from app.extensions import db
from config import ConfigurationError, ProductionConfig
from tests.certificates.helpers import new_signing_key_pem
from tests.certificates.pdf_tools import pdf_text
from tests.helpers import build_app, dispose, in_test_transaction, signed_in_client

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "openbadges"
REGISTERED_CLAIMS = {"iss", "jti", "nbf", "sub"}


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
