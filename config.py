"""Configuration: one class per environment, read from the environment with safe defaults.

Every variable is listed in `.env.example` and README.md. Production requirements (a real
SECRET_KEY) are checked by `check_production_config` when the app is created, never at
import time, so importing this module has no side effects.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

# The value shipped for development; production refuses to start with it.
DEV_SECRET_KEY = "dev-only-not-secret-change-me"


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int | None) -> int | None:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


class Config:
    """Development defaults: SQLite in instance/, console e-mail, in-memory rate limits."""

    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY") or DEV_SECRET_KEY
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'platform.sqlite'}"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}

    # Sessions are signed cookies so that any app server can serve any request.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    PERMANENT_SESSION_LIFETIME = _int("SESSION_LIFETIME_SECONDS", 8 * 3600)

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session; a long lesson must not expire a form
    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 16 * 1024 * 1024)
    MAX_FORM_MEMORY_SIZE = _int("MAX_FORM_MEMORY_SIZE", 500 * 1024)

    # Internationalisation
    BABEL_DEFAULT_LOCALE = os.environ.get("DEFAULT_LOCALE") or "en"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("DEFAULT_TIMEZONE") or "Europe/Brussels"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    # Rate limits (Flask-Limiter): memory by default, Redis with several app servers.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    LOGIN_LIMIT_PER_IP = os.environ.get("LOGIN_LIMIT_PER_IP") or "20 per 15 minutes"
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT") or "5 per 15 minutes"
    RESET_LIMIT_PER_IP = os.environ.get("RESET_LIMIT_PER_IP") or "10 per hour"
    RESET_LIMIT_PER_ACCOUNT = os.environ.get("RESET_LIMIT_PER_ACCOUNT") or "3 per hour"

    # E-mail (Flask-Mailman backends: console, file, smtp, locmem)
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND") or "console"
    MAIL_FILE_PATH = os.environ.get("MAIL_FILE_PATH") or str(INSTANCE_DIR / "mail")
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or "localhost"
    MAIL_PORT = _int("MAIL_PORT", 25)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER") or "training@localhost"
    PASSWORD_RESET_MAX_AGE = _int("PASSWORD_RESET_MAX_AGE", 3600)

    # Argon2id cost of password hashes (app/auth/passwords.py). Unset: argon2-cffi's recommended
    # profile (RFC 9106 low-memory: 3 passes, 65536 KiB, 4 lanes). Hashes made at another cost
    # still verify and are rehashed at the person's next sign-in.
    PASSWORD_HASH_TIME_COST = _int("PASSWORD_HASH_TIME_COST", None)
    PASSWORD_HASH_MEMORY_COST = _int("PASSWORD_HASH_MEMORY_COST", None)  # KiB
    PASSWORD_HASH_PARALLELISM = _int("PASSWORD_HASH_PARALLELISM", None)

    # Product settings
    SITE_NAME = os.environ.get("SITE_NAME") or "Disclosure Response Training"
    OPEN_REGISTRATION = _bool("OPEN_REGISTRATION", False)
    INVITATION_DAYS = _int("INVITATION_DAYS", 30)
    # Where quick exit sends the learner: a neutral, everyday site.
    QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL") or "https://www.bbc.co.uk/weather"
    CONTENT_DIR = os.environ.get("CONTENT_DIR") or str(BASE_DIR / "content")
    DEMO_ACCOUNTS = _bool("DEMO_ACCOUNTS", True)
    DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD") or "demo-training-2026"
    LOG_LEVEL = os.environ.get("LOG_LEVEL") or "INFO"
    # Reports: on the dashboard, counts from 1 to this number minus one are shown as "fewer than N",
    # and rates built on them are not shown, so that small groups are not singled out. 0 = off.
    REPORTS_MIN_GROUP_SIZE = _int("REPORTS_MIN_GROUP_SIZE", 0)

    # Certificates and Open Badges (README, "Certificates")
    # scheme://host[:port] of the public site, printed in QR codes and credentials; unset: the request's host.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL") or None
    # Who issues the certificates and Open Badges (default: SITE_NAME).
    CERTIFICATE_ISSUER_NAME = os.environ.get("CERTIFICATE_ISSUER_NAME") or None
    # Print the final assessment score on certificates and the verification page.
    CERTIFICATE_SHOWS_SCORE = _bool("CERTIFICATE_SHOWS_SCORE", False)
    # Per IP, shared by the verification form and result pages: codes must not be guessable by trying.
    VERIFY_LIMIT = os.environ.get("VERIFY_LIMIT") or "30 per minute"
    # A PEM private key (RSA or EC P-256), or the path of a file holding one, that signs Open Badges.
    # Unset in development and tests: one is generated into instance/ on first use; production refuses to start.
    BADGE_SIGNING_KEY = os.environ.get("BADGE_SIGNING_KEY") or None


class DevelopmentConfig(Config):
    """`make run`: debug tooling off by default, demo accounts allowed."""


class TestConfig(Config):
    """The test suite: a database from TEST_DATABASE_URL, mail kept in memory."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    MAIL_BACKEND = "locmem"
    # The cheapest Argon2id allows: hundreds of accounts are created per run (never in production).
    PASSWORD_HASH_TIME_COST = 1
    PASSWORD_HASH_MEMORY_COST = 8
    PASSWORD_HASH_PARALLELISM = 1
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_ENABLED = True
    SERVER_NAME = None
    DEMO_ACCOUNTS = False


class ProductionConfig(Config):
    """Served by gunicorn behind TLS: secure cookies, SMTP mail, no demo accounts."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND") or "smtp"
    DEMO_ACCOUNTS = False


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """The config class named by APP_ENV (default: development)."""
    name = os.environ.get("APP_ENV") or "development"
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"APP_ENV must be one of {sorted(CONFIGS)}, not {name!r}") from None


class ConfigurationError(RuntimeError):
    """The configuration is unsafe for the environment it runs in."""


def check_production_config(config: dict) -> None:
    """Refuse to start production with a missing, default or short SECRET_KEY, or no badge signing key."""
    if config.get("ENV_NAME") != "production":
        return
    key = config.get("SECRET_KEY") or ""
    if key in ("", DEV_SECRET_KEY) or len(key) < 32:
        raise ConfigurationError(
            "SECRET_KEY must be set to a random value of at least 32 characters in production "
            '(for example: python -c "import secrets; print(secrets.token_urlsafe(48))").'
        )
    if not (config.get("BADGE_SIGNING_KEY") or "").strip():
        # A generated key would differ per server and vanish with the instance folder, and every
        # credential signed with it would stop verifying. (The key itself is parsed on first use.)
        raise ConfigurationError(
            "BADGE_SIGNING_KEY must be set in production to a PEM private key or the path of a file with one "
            "(see README.md, Certificates, for how to generate it)."
        )
