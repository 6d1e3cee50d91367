"""Interface languages and how one is chosen for each request.

Order: the signed-in user's setting > an explicit choice (the switcher, kept in a cookie)
> the browser's Accept-Language > the default.
"""

from __future__ import annotations

from collections.abc import Iterable

from babel.lists import format_list
from babel.support import NullTranslations, Translations
from flask import Flask, current_app, g, request
from flask_babel import get_locale, get_translations
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
    app.add_template_filter(list_join, "list_join")
    # Flask-Babel's template callables look the catalogue up again for every string (some 10 us
    # each, 30 to 60 strings a page); these find it once per locale and request.
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: _translations().ugettext(string),
        ngettext=lambda singular, plural, n: _translations().ungettext(singular, plural, n),
        pgettext=lambda context, string: _translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: _translations().unpgettext(context, singular, plural, n),
        newstyle=True,
    )


def _translations() -> Translations | NullTranslations:
    """The catalogue of the locale in force, remembered on the request for that locale object:
    `force_locale` (e-mails and certificates in the recipient's language) sets another locale
    object, so the catalogue follows it in and back out."""
    babel_state = g.get("_flask_babel") if g else None
    if babel_state is None:  # outside a request or app context, or before the locale is chosen
        return get_translations()
    locale = getattr(babel_state, "babel_locale", None) or get_locale()
    remembered = getattr(babel_state, "template_translations", None)
    if remembered is None or remembered[0] is not locale:
        remembered = (locale, get_translations())
        babel_state.template_translations = remembered
    return remembered[1]


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


def list_join(items: Iterable, style: str = "standard") -> str:
    """Names as a list in the interface language: "A, B and C", "A, B et C", "A وB وC" (CLDR,
    through Babel). For prose only: exports keep their fixed separators, which are data."""
    return format_list([str(item) for item in items], style=style, locale=get_locale() or "en")
