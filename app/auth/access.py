"""Who may call a view. Every route carries one of these markers; a test enumerates them.

The decorators both enforce the rule and record it on the view as `view.access`, so the
authorisation test can request every registered route as each role and compare.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, current_app
from flask_login import current_user

from app.auth.models import Role
from app.extensions import login_manager

PUBLIC = "public"
ANONYMOUS_ONLY = "anonymous"  # login, register: signed-in users are sent on
AUTHENTICATED = "authenticated"


def public(view):
    """Anyone, signed in or not."""
    view.access = PUBLIC
    return view


def anonymous_only(view):
    """Pages for people who are not signed in; the view redirects signed-in users."""
    view.access = ANONYMOUS_ONLY
    return view


def login_required(view):
    """Any signed-in user."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    wrapper.access = AUTHENTICATED
    return wrapper


def roles_required(*roles: Role):
    """A signed-in user holding at least one of these roles (admins hold every role)."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not _holds_any(roles):
                abort(403)
            return view(*args, **kwargs)

        wrapper.access = frozenset(roles)
        return wrapper

    return decorate


def _holds_any(roles) -> bool:
    return current_user.is_admin or any(current_user.has_role(r) for r in roles)


def may_open(endpoint: str) -> bool:
    """Whether the current user passes the marker on the view at `endpoint`: for showing a link
    only to the people that page lets in, by the page's own rule rather than a copy of it."""
    access = current_app.view_functions[endpoint].access
    if access == PUBLIC:
        return True
    if access == ANONYMOUS_ONLY:
        return not current_user.is_authenticated
    if not current_user.is_authenticated:
        return False
    return access == AUTHENTICATED or _holds_any(access)
