"""Templates translate through the app's own gettext callables (app/i18n.py), which remember the
catalogue per request: they must follow the request's language and `force_locale` exactly as
Flask-Babel's own functions do."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale, gettext, ngettext, pgettext

TEMPLATE = (
    "{{ _('Sign out') }}|{{ ngettext('%(num)d lesson', '%(num)d lessons', 3) }}"
    "|{{ pgettext('lesson status', 'Completed') }}"
)


def _expected() -> str:
    return "|".join(
        (gettext("Sign out"), ngettext("%(num)d lesson", "%(num)d lessons", 3), pgettext("lesson status", "Completed"))
    )


def test_templates_follow_the_request_language_and_force_locale(app):
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        french = render_template_string(TEMPLATE)
        assert french == _expected() and french.startswith("Se déconnecter|3 leçons")
        with force_locale("de"):
            german = render_template_string(TEMPLATE)
            assert german == _expected() and german.startswith("Abmelden|3 Lektionen")
        with force_locale("ar"):
            assert render_template_string(TEMPLATE) == _expected()
        assert render_template_string(TEMPLATE) == french
