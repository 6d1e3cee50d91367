"""Sign in and out, registration, password reset and change, profile, the learner's own data."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.auth import data_export, services
from app.auth.access import anonymous_only, login_required, public
from app.auth.forms import (
    ChangePasswordForm,
    LoginForm,
    PasswordResetForm,
    PasswordResetRequestForm,
    ProfileForm,
    RegistrationForm,
)
from app.auth.profile_choices import fill_profile_choices
from app.core.security import is_safe_next
from app.extensions import db, limiter
from app.i18n import LANGUAGES, LOCALE_COOKIE
from app.orgs.services import InvitationNotUsable, find_usable_invitation

bp = Blueprint("auth", __name__)


def _account_key() -> str:
    """Rate-limit key for the account a form names, or for the reset link a form was sent through.

    Hashed: Flask-Limiter logs the key when a limit is exceeded, and logs hold no e-mails.
    """
    subject = (request.form.get("email") or "").strip().lower()[:254]
    if not subject and request.view_args and request.view_args.get("token"):
        # The new-password form names no e-mail: without this every reset on the site shared one key.
        subject = "reset:" + request.view_args["token"]
    return "account:" + hashlib.sha256(subject.encode()).hexdigest()[:32]


def _limit(config_key: str) -> str:
    return current_app.config[config_key]


def _sign_in_failed(response) -> bool:
    """Only a wrong e-mail or password counts against the sign-in limits.

    People on a shared office or hospital connection sign in successfully many times a day;
    a guesser fails. Checked before the request either way: once the limit is reached, even
    the right password waits, and the answer is the same for known and unknown accounts.
    """
    return g.get("sign_in_failed", False)


def _login_limits(view):
    view = limiter.limit(lambda: _limit("LOGIN_LIMIT_PER_IP"), methods=["POST"], deduct_when=_sign_in_failed)(view)
    return limiter.limit(
        lambda: _limit("LOGIN_LIMIT_PER_ACCOUNT"), key_func=_account_key, methods=["POST"], deduct_when=_sign_in_failed
    )(view)


def _reset_limits(view):
    view = limiter.limit(lambda: _limit("RESET_LIMIT_PER_IP"), methods=["POST"])(view)
    return limiter.limit(lambda: _limit("RESET_LIMIT_PER_ACCOUNT"), key_func=_account_key, methods=["POST"])(view)


def _redirect_next(default_endpoint: str = "core.index"):
    target = request.values.get("next")
    return redirect(target if is_safe_next(target) else url_for(default_endpoint))


@bp.route("/login", methods=["GET", "POST"])
@anonymous_only
@_login_limits
def login():
    if current_user.is_authenticated:
        return _redirect_next()
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            db.session.commit()
            return _redirect_next()
        # One message whether the e-mail is unknown or the password wrong.
        form.password.errors.append(_("The e-mail address or password is not right."))
        g.sign_in_failed = True
    return render_template("auth/login.html", form=form, next=request.values.get("next", ""))


@bp.route("/logout", methods=["POST"])
@public
def logout():
    logout_user()
    flash(_("You have signed out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/register", methods=["GET", "POST"])
@anonymous_only
def register():
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    if not current_app.config["OPEN_REGISTRATION"]:
        return render_template("auth/registration_closed.html"), 403
    return _registration_page(invitation=None)


@bp.route("/join/<token>", methods=["GET", "POST"])
@anonymous_only
def join(token: str):
    if current_user.is_authenticated:
        flash(_("You are already signed in. Sign out first to create another account."), "info")
        return redirect(url_for("core.index"))
    invitation = find_usable_invitation(token)
    if invitation is None:
        return render_template("auth/invitation_invalid.html"), 404
    return _registration_page(invitation=invitation)


def _chosen_language() -> str | None:
    """The switcher's choice, if it names a language we offer (the cookie is the browser's to forge)."""
    choice = request.cookies.get(LOCALE_COOKIE)
    return choice if choice in LANGUAGES else None


def _registration_page(invitation):
    form = RegistrationForm()
    if form.validate_on_submit():
        try:
            user = services.register_user(
                email=form.email.data,
                password=form.password.data,
                display_name=form.display_name.data,
                locale=_chosen_language(),
                invitation=invitation,
            )
        except InvitationNotUsable:
            # Someone else took the invitation's last place after this page checked it.
            db.session.rollback()
            return render_template("auth/invitation_invalid.html"), 404
        login_user(user)
        db.session.commit()
        flash(_("Welcome. Your account is ready. Tell us about your work so we can suggest courses."), "success")
        return redirect(url_for("auth.profile"))
    return render_template("auth/register.html", form=form, invitation=invitation)


@bp.route("/reset", methods=["GET", "POST"])
@anonymous_only
@_reset_limits
def reset_request():
    if current_user.is_authenticated:
        return redirect(url_for("auth.change_password"))
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        services.send_password_reset(
            form.email.data, lambda token: url_for("auth.reset_password", token=token, _external=True)
        )
        # The same answer whether or not an account exists.
        return render_template("auth/reset_sent.html")
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@anonymous_only
@_reset_limits
def reset_password(token: str):
    if current_user.is_authenticated:
        flash(_("You are already signed in. Sign out first to use a password reset link."), "info")
        return redirect(url_for("core.index"))
    user = services.user_for_reset_token(token)
    if user is None:
        return render_template("auth/reset_invalid.html"), 400
    form = PasswordResetForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        db.session.commit()
        logout_user()
        flash(_("Your password has been changed. Sign in with the new password."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if services.change_password(current_user, form.current_password.data, form.password.data):
            db.session.commit()
            # The session cookie carried the old version: sign in again on this device too.
            # The real object, not the proxy: Flask-Login stores what it is given as the
            # current user, and a proxy pointing at itself recurses until the process crashes.
            login_user(current_user._get_current_object())
            flash(_("Your password has been changed. You have been signed out everywhere else."), "success")
            return redirect(url_for("auth.profile"))
        form.current_password.errors.append(_("That is not your current password."))
    return render_template("auth/change_password.html", form=form)


@bp.route("/account/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    fill_profile_choices(form)
    if form.validate_on_submit():
        services.update_profile(
            current_user,
            display_name=form.display_name.data,
            locale=form.locale.data,
            country=form.country.data,
            sector=form.sector.data,
            subsector=form.subsector.data,
            level=form.level.data,
        )
        db.session.commit()
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("auth.profile"))
    return render_template("auth/profile.html", form=form)


@bp.route("/account/data")
@login_required
def data_export_page():
    data = data_export.learner_data(current_user)
    counts = {section: len(data[section]) for section in data_export.SECTIONS}
    return render_template("auth/data_export.html", counts=counts)


@bp.route("/account/data.json")
@login_required
def data_export_download():
    now = datetime.now(UTC)
    body = data_export.as_json(data_export.learner_data(current_user, now=now))
    response = current_app.response_class(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="my-data-{now.date().isoformat()}.json"'
    # Reflections and answers are private: never kept by a shared computer's or a proxy's cache.
    response.headers["Cache-Control"] = "no-store"
    return response
