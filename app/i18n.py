"""Interface languages and how one is chosen for each request.

Order: the signed-in user's setting > an explicit choice (the switcher, kept in a cookie)
> the browser's Accept-Language > the default.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import get_locale
from flask_login import current_user

from app.extensions import babel

# Endonyms: each language is offered in its own name, so a person can find theirs.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "mt": "Malti",
    "es": "Español",
    "it": "Italiano",
    "fr": "Français",
    "de": "Deutsch",
    "ar": "العربية",
}
RTL_LANGUAGES = frozenset({"ar"})
LOCALE_COOKIE = "locale"


def register_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)


def select_locale() -> str:
    user_choice = getattr(current_user, "locale", None) if current_user else None
    if user_choice in LANGUAGES:
        return user_choice
    cookie_choice = request.cookies.get(LOCALE_COOKIE)
    if cookie_choice in LANGUAGES:
        return cookie_choice
    return request.accept_languages.best_match(LANGUAGES) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or "en").split("_")[0]


def text_direction(language: str | None = None) -> str:
    return "rtl" if (language or current_language()) in RTL_LANGUAGES else "ltr"
