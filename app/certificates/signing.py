"""The key that signs Open Badges credentials (VC-JWT), and its public half as a JWKS.

BADGE_SIGNING_KEY holds a PEM private key or the path of a file with one. Without it
(development and tests only: production refuses to start) a key is generated into the
instance folder the first time one is needed, never at start-up.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import current_app
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, RSAKey

from app.certificates.links import public_url

GENERATED_KEY_FILE = "badge-signing-key.pem"
# RS256 is the algorithm every Open Badges 3.0 verifier must support ("RS256 as a minimum");
# an EC P-256 key signs with ES256 for those who prefer shorter signatures.
RSA_BITS = 2048
EC_ALGORITHMS = {"P-256": "ES256"}

SigningKey = RSAKey | ECKey


class SigningKeyError(RuntimeError):
    """BADGE_SIGNING_KEY is not a private key this app can sign with."""


def signing_key() -> SigningKey:
    """The configured (or generated) private key, parsed once per app and setting."""
    setting = current_app.config.get("BADGE_SIGNING_KEY")
    cache = current_app.extensions.setdefault("certificates.signing_key", {})
    if setting not in cache:
        pem = _read_setting(setting) if setting else _generated_pem(Path(current_app.instance_path))
        cache[setting] = parse_private_key(pem)
    return cache[setting]


def parse_private_key(pem: bytes) -> SigningKey:
    for key_class in (RSAKey, ECKey):
        try:
            key = key_class.import_key(pem)
        except (JoseError, ValueError, TypeError):
            continue
        if not key.is_private:
            raise SigningKeyError("BADGE_SIGNING_KEY holds a public key; it must be the private key.")
        if isinstance(key, ECKey) and key.curve_name not in EC_ALGORITHMS:
            raise SigningKeyError(f"BADGE_SIGNING_KEY: EC keys must use curve P-256, not {key.curve_name}.")
        return key
    raise SigningKeyError("BADGE_SIGNING_KEY is neither an RSA nor an EC P-256 private key in PEM format.")


def algorithm(key: SigningKey) -> str:
    return "RS256" if isinstance(key, RSAKey) else EC_ALGORITHMS[key.curve_name]


def key_id(key: SigningKey) -> str:
    """A URL that dereferences to the key, as OB 3.0 asks of `kid`: the JWKS plus a fragment."""
    return f"{public_url('certificates.jwks')}#{key.thumbprint()}"


def public_jwks() -> dict:
    """The public keys that verify our credentials (never the private parameters)."""
    key = signing_key()
    return {"keys": [key.as_dict(private=False) | {"kid": key_id(key), "alg": algorithm(key), "use": "sig"}]}


def sign_jwt(claims: dict) -> str:
    """A compact JWS of the claims; header only alg, kid and typ, as OB 3.0 section 8.2 allows."""
    key = signing_key()
    header = {"alg": algorithm(key), "kid": key_id(key), "typ": "JWT"}
    return jwt.encode(header, claims, key, algorithms=[header["alg"]])


def _read_setting(setting: str) -> bytes:
    if setting.lstrip().startswith("-----BEGIN"):
        return setting.encode()
    path = Path(setting)
    if not path.is_file():
        raise SigningKeyError(f"BADGE_SIGNING_KEY names no readable file: {path}")
    return path.read_bytes()


def _generated_pem(instance: Path) -> bytes:
    """Read the development key, creating it first if need be.

    Written to a temporary file and linked into place: two workers starting at once both
    end up with the same key, and neither can read a half-written file.
    """
    path = instance / GENERATED_KEY_FILE
    if not path.is_file():
        instance.mkdir(parents=True, exist_ok=True)
        pem = RSAKey.generate_key(RSA_BITS, private=True).as_pem(private=True)
        descriptor, temporary = tempfile.mkstemp(dir=instance, prefix=".badge-key-")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(pem)
            os.link(temporary, path)
            current_app.logger.warning(
                "Generated a development badge signing key in %s; never use it in production", path
            )
        except FileExistsError:
            pass  # another worker was first: use theirs
        finally:
            os.unlink(temporary)
    return path.read_bytes()
