"""Password hashing with Argon2id, at the cost the config asks for.

PASSWORD_HASH_TIME_COST, _MEMORY_COST (KiB) and _PARALLELISM left unset mean argon2-cffi's
recommended profile. A hash records its own parameters, so hashes made at another cost still
verify; `needs_rehash` says when one should be replaced at the next sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import get_default_parameters
from flask import current_app, has_app_context


@dataclass(frozen=True)
class _Hashing:
    hasher: PasswordHasher
    # Verified against when the account does not exist, so both answers take the same time:
    # it must be made at the same cost as real hashes.
    dummy_hash: str


@lru_cache(maxsize=4)
def _hashing(time_cost: int | None, memory_cost: int | None, parallelism: int | None) -> _Hashing:
    recommended = get_default_parameters()
    hasher = PasswordHasher(
        time_cost=time_cost or recommended.time_cost,
        memory_cost=memory_cost or recommended.memory_cost,
        parallelism=parallelism or recommended.parallelism,
    )
    return _Hashing(hasher, hasher.hash("not-a-real-password"))


def _current() -> _Hashing:
    # Outside an app (benchmark seeding), the recommended profile.
    config = current_app.config if has_app_context() else {}
    return _hashing(
        config.get("PASSWORD_HASH_TIME_COST"),
        config.get("PASSWORD_HASH_MEMORY_COST"),
        config.get("PASSWORD_HASH_PARALLELISM"),
    )


def hash_password(password: str) -> str:
    return _current().hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    hashing = _current()
    try:
        return hashing.hasher.verify(password_hash or hashing.dummy_hash, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made at another cost (or with another algorithm) than configured now."""
    return _current().hasher.check_needs_rehash(password_hash)
