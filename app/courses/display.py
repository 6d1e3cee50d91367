"""Template helpers for the learner's pages: durations, language names and directions, links
to pages other blueprints own."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from flask import Blueprint
from flask_babel import format_decimal, get_locale, ngettext
from flask_babel import gettext as _

from app.courses.forms import REFLECTION_MAX
from app.i18n import list_join

# Owned by the quiz and certificates features; plain paths so this blueprint does not
# depend on their endpoints' names.
QUIZ_PATH = "/courses/{course_id}/quiz"
CERTIFICATES_PATH = "/certificates/"


def format_minutes(minutes: int | None) -> str:
    """ "40 minutes", "1 hour 30 minutes", in the interface language; "" when unknown."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    minutes_text = ngettext("%(num)d minute", "%(num)d minutes", rest)
    if not hours:
        return minutes_text
    hours_text = ngettext("%(num)d hour", "%(num)d hours", hours)
    return hours_text if not rest else _("%(hours)s %(minutes)s", hours=hours_text, minutes=minutes_text)


def _locale(code: str) -> Locale | None:
    try:
        return Locale.parse(code, sep="-")
    except (ValueError, UnknownLocaleError):
        return None


def language_name(code: str) -> str:
    """A content language's name in the interface language (CLDR, through Babel)."""
    locale = _locale(code)
    return (locale.get_display_name(get_locale()) if locale else None) or code


def language_dir(code: str) -> str:
    locale = _locale(code)
    return "rtl" if locale and locale.character_order == "right-to-left" else "ltr"


def language_names(codes) -> str:
    """ "English, French and Arabic": the source language first, as given."""
    return list_join(language_name(code) for code in codes)


def quiz_href(course_id: str) -> str:
    return QUIZ_PATH.format(course_id=course_id)


def register_display_helpers(bp: Blueprint) -> None:
    @bp.context_processor
    def helpers() -> dict:
        return {
            "format_minutes": format_minutes,
            "language_name": language_name,
            "language_dir": language_dir,
            "language_names": language_names,
            "quiz_href": quiz_href,
            "certificates_href": CERTIFICATES_PATH,
            "reflection_max": format_decimal(REFLECTION_MAX),
        }
