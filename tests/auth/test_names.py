"""Names are stored as people see them: composed (NFC), trimmed, without invisible characters
that hide or reorder text, and in any script our learners write their names in."""

from __future__ import annotations

import unicodedata

import pytest
from markupsafe import escape

from tests import factories
from tests.helpers import db_snapshot, field_error, signed_in_client, submit

INVISIBLE = "This contains invisible characters, such as marks that change the direction of text."

NAMES = {
    "Maltese": "Ċikku Ġużeppi Ħabel Żammit",
    "Arabic": "نور حداد",
    "Greek": "Ελένη Παπαδοπούλου",
    # Persian writes some names with a zero-width non-joiner between the parts.
    "Persian with a non-joiner": "علی\u200cاکبر رضایی",
    "Kurdish with a joiner": "ھ\u200dەژار",
    "Apostrophe and hyphen": "Siobhán O'Brien-Łukasiewicz",
}

HIDDEN = {
    "left-to-right mark U+200E": "Nour\u200eHaddad",
    "right-to-left mark U+200F": "Nour\u200fHaddad",
    "left-to-right embedding U+202A": "\u202aNour Haddad",
    "right-to-left embedding U+202B": "Nour \u202bHaddad",
    "pop directional formatting U+202C": "Nour Haddad\u202c",
    "left-to-right override U+202D": "Nour \u202dHaddad",
    "right-to-left override U+202E": "Nour \u202edaddaH",
    "left-to-right isolate U+2066": "\u2066Nour Haddad",
    "right-to-left isolate U+2067": "Nour \u2067Haddad",
    "first strong isolate U+2068": "Nour \u2068Haddad",
    "pop directional isolate U+2069": "Nour Haddad\u2069",
    "Arabic letter mark U+061C": "نور\u061c حداد",
    "zero-width space U+200B": "Nour\u200bHaddad",
    "byte-order mark U+FEFF": "\ufeffNour Haddad",
    "soft hyphen U+00AD": "Nour Had\u00addad",
    "line separator U+2028": "Nour\u2028Haddad",
    "a joiner that joins nothing": "Nour Haddad\u200d",
}


@pytest.fixture
def person(app):
    return factories.user(email="nurse@example.org", name="Before")


@pytest.fixture
def browser(app, person):
    return signed_in_client(app, "nurse@example.org")


def _save_name(browser, name):
    return submit(
        browser,
        "/account/profile",
        {"display_name": name, "locale": "", "country": "", "sector": "", "subsector": "", "level": ""},
    )


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_names_in_every_script_are_accepted_as_typed(browser, person, name):
    response = _save_name(browser, name)
    assert response.status_code == 302
    assert person.display_name == name
    assert str(escape(name)) in browser.get("/account/profile").get_data(as_text=True)


@pytest.mark.parametrize("name", HIDDEN.values(), ids=HIDDEN.keys())
def test_invisible_and_direction_changing_characters_are_refused_with_a_clear_message(browser, name):
    before = db_snapshot()
    response = _save_name(browser, name)
    assert response.status_code == 200
    assert INVISIBLE in field_error(response, "display_name")
    assert db_snapshot() == before


def test_a_name_is_stored_composed_and_without_surrounding_spaces(browser, person):
    decomposed = unicodedata.normalize("NFD", "Ċikku Żammit")
    assert len(decomposed) > len("Ċikku Żammit")
    assert _save_name(browser, f"\u00a0 {decomposed}\t ").status_code == 302
    assert person.display_name == "Ċikku Żammit"
    assert unicodedata.is_normalized("NFC", person.display_name)


def test_registration_applies_the_same_rules(open_client):
    form = {"email": "new@example.org", "password": "correct horse battery", "confirm": "correct horse battery"}
    refused = submit(open_client, "/register", {**form, "display_name": "Nour \u202edaddaH"})
    assert INVISIBLE in field_error(refused, "display_name")
    accepted = submit(open_client, "/register", {**form, "display_name": unicodedata.normalize("NFD", " Ġorġ Ħili ")})
    assert accepted.status_code == 302
    assert "Ġorġ Ħili" in open_client.get("/account/profile").get_data(as_text=True)
