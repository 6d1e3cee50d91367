"""Account changes. Services flush; the view commits once per request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app, render_template
from flask_babel import force_locale, format_timedelta
from flask_babel import gettext as _
from flask_mailman import EmailMessage
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from app.auth.models import User
from app.auth.names import normalise_name
from app.auth.passwords import hash_password, needs_rehash, verify_password
from app.extensions import db
from app.i18n import LANGUAGES, current_language
from app.orgs.models import Invitation
from app.orgs.services import consume_invitation

RESET_SALT = "password-reset"


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def register_user(
    *, email: str, password: str, display_name: str, locale: str | None = None, invitation: Invitation | None = None
) -> User:
    """Create an account; through an invitation it joins that invitation's organisation.

    Raises orgs.services.InvitationNotUsable, before anything is added, if the invitation
    has no use left.
    """
    if invitation is not None:
        consume_invitation(invitation)
    user = User(
        email=email.strip().lower(),
        password_hash=hash_password(password),
        display_name=normalise_name(display_name),
        locale=locale,
    )
    db.session.add(user)
    if invitation is not None:
        user.organisations.append(invitation.organisation)
        user.country = invitation.organisation.country
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user if the e-mail and password match an active account, else None (same cost either way)."""
    user = find_user_by_email(email)
    if not verify_password(user.password_hash if user else None, password) or user is None or not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = datetime.now(UTC)
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    """Set a new password and end every existing session of this user."""
    user.password_hash = hash_password(password)
    user.session_version += 1
    db.session.flush()


def change_password(user: User, current_password: str, new_password: str) -> bool:
    if not verify_password(user.password_hash, current_password):
        return False
    set_password(user, new_password)
    return True


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def _password_fingerprint(user: User) -> str:
    # A token dies as soon as the password changes: it is bound to the current hash.
    return user.password_hash[-16:]


def make_reset_token(user: User) -> str:
    return _serializer().dumps({"uid": user.id, "fp": _password_fingerprint(user)})


def user_for_reset_token(token: str) -> User | None:
    """The user a valid, unexpired, unused reset token belongs to, else None."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        return None
    user = db.session.get(User, data["uid"])
    if user is None or not user.is_active or data.get("fp") != _password_fingerprint(user):
        return None
    return user


def email_language(user: User) -> str:
    """The language to write to this person in: their saved setting, else this page's."""
    return user.locale if user.locale in LANGUAGES else current_language()


def send_password_reset(email: str, reset_url_for) -> None:
    """E-mail a reset link if the account exists; say nothing either way."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    token = make_reset_token(user)
    language = email_language(user)
    with force_locale(language):
        subject = _("Reset your password")
        body = render_template(
            "auth/email/reset_password.txt",
            user=user,
            reset_url=reset_url_for(token),
            valid_for=format_timedelta(timedelta(seconds=current_app.config["PASSWORD_RESET_MAX_AGE"])),
        )
    # Content-Language (RFC 3282) tells mail programs which language the message is written in.
    EmailMessage(subject=subject, body=body, to=[user.email], headers={"Content-Language": language}).send()


def update_profile(user: User, **fields) -> None:
    for name in ("display_name", "locale", "country", "sector", "subsector", "level"):
        if name in fields:
            value = fields[name]
            setattr(user, name, normalise_name(value) if name == "display_name" else value or None)
    db.session.flush()
