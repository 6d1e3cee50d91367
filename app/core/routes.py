"""Pages that belong to no feature: home, language choice, health check."""

from __future__ import annotations

from flask import Blueprint, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.access import public
from app.core.security import is_safe_next
from app.extensions import db
from app.i18n import LANGUAGES, LOCALE_COOKIE

bp = Blueprint("core", __name__)

ONE_YEAR = 365 * 24 * 3600


@bp.route("/")
@public
def index():
    return render_template("core/index.html")


@bp.route("/language", methods=["POST"])
@public
def set_language():
    """The switcher: remembered in a cookie, and on the profile of a signed-in user."""
    language = request.form.get("language", "")
    target = request.form.get("next")
    response = make_response(redirect(target if is_safe_next(target) else url_for("core.index")))
    if language in LANGUAGES:
        response.set_cookie(LOCALE_COOKIE, language, max_age=ONE_YEAR, samesite="Lax", httponly=True,
                            secure=request.is_secure)
        if current_user.is_authenticated:
            current_user.locale = language
            db.session.commit()
    return response


@bp.route("/healthz")
@public
def health():
    return {"status": "ok"}
