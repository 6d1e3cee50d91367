"""Absolute URLs printed on paper and in credentials, which must work from anywhere."""

from __future__ import annotations

from flask import current_app, url_for


def public_url(endpoint: str, **values) -> str:
    """PUBLIC_BASE_URL + the route's path when set (behind a proxy the request's host may be internal)."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def verification_url(code: str) -> str:
    return public_url("certificates.verify_code", code=code)
