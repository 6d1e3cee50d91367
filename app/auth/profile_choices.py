"""Choices for the profile form: languages, countries, sectors and levels in the user's language."""

from __future__ import annotations

from flask_babel import get_locale, lazy_pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.core.taxonomy import taxonomy
from app.i18n import LANGUAGES, current_language

# The project's partner countries come first; any other country can still be chosen.
PARTNER_COUNTRIES = ("MT", "GB", "ES", "IT", "FR", "DE")
# CLDR names these two-letter regions too, but nobody works in them.
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})


def country_choices() -> list[tuple[str, str]]:
    territories = get_locale().territories
    partner = [(code, territories.get(code, code)) for code in PARTNER_COUNTRIES]
    others = sorted(
        (
            (code, name)
            for code, name in territories.items()
            if len(code) == 2 and code.isalpha() and code not in PARTNER_COUNTRIES and code not in NOT_COUNTRIES
        ),
        key=lambda item: item[1],
    )
    return [("", _l("Not set"))] + partner + others


def country_name(code: str | None) -> str:
    if not code:
        return ""
    return get_locale().territories.get(code, code)


def subsector_label(sector: str, subsector: str) -> str:
    """A sub-sector named with its sector, as the sub-sector lists show it."""
    # Translators: an entry of a list of sub-sectors, for example "Health: Emergency care".
    return _("%(sector)s: %(subsector)s", sector=sector, subsector=subsector)


def fill_profile_choices(form) -> None:
    language = current_language()
    tax = taxonomy()
    form.locale.choices = [("", _l("Same as this page"))] + list(LANGUAGES.items())
    form.country.choices = country_choices()
    form.sector.choices = [("", _l("Not set"))] + [(s.id, tax.name(s.id, language)) for s in tax.sectors]
    form.subsector.choices = [("", lazy_pgettext("no sub-sector", "None"))] + [
        (sub.id, subsector_label(tax.name(s.id, language), tax.name(sub.id, language)))
        for s in tax.sectors
        for sub in s.subsectors
    ]
    form.level.choices = [("", _l("Not set"))] + [(lvl.id, tax.name(lvl.id, language)) for lvl in tax.levels]
    form.subsector_parents = {sub.id: s.id for s in tax.sectors for sub in s.subsectors}
