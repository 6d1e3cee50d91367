"""Error pages in the user's language; no stack trace ever reaches a user."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db

ERROR_TEXT = {
    400: (_l("Something in that request was not right"), _l("The request could not be understood. Go back, check what you entered and try again.")),
    403: (_l("You do not have access to this page"), _l("Your account does not have permission to see this page. If you think it should, ask your coordinator.")),
    404: (_l("Page not found"), _l("We could not find that page. It may have moved, or the address may be mistyped.")),
    405: (_l("That action is not possible here"), _l("This page does not accept that kind of request. Go back and use the buttons on the page.")),
    413: (_l("That is too large"), _l("What you sent is larger than we accept. Send something smaller.")),
    429: (_l("Too many attempts"), _l("Please wait a few minutes before you try again. This protects your account.")),
    500: (_l("Something went wrong on our side"), _l("Nothing you did caused this, and nothing you entered was half-saved. Please try again in a moment.")),
}


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)


def render_error(status: int, message: str | None = None):
    title, text = ERROR_TEXT.get(status, ERROR_TEXT[500] if status >= 500 else ERROR_TEXT[400])
    return render_template("errors/error.html", status=status, title=title, text=message or text), status


def handle_csrf_error(error: CSRFError):
    db.session.rollback()
    return render_error(
        400, _l("This form had expired or was sent from somewhere else. Reload the page and try again.")
    )


def handle_http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    db.session.rollback()
    # An abort(400, description=...) from a view carries a message meant for the user.
    message = error.description if getattr(error, "user_message", False) else None
    response = render_error(error.code, message)
    if error.code == 405 and error.valid_methods:
        return response[0], 405, {"Allow": ", ".join(error.valid_methods)}
    return response


def handle_unexpected_error(error: Exception):
    db.session.rollback()
    # The route, not the URL or form: the request may carry personal data or tokens.
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.url_rule)
    return render_error(InternalServerError.code)


class UserFacingBadRequest(HTTPException):
    """A 400 whose description is a translated message for the person."""

    code = 400
    user_message = True
