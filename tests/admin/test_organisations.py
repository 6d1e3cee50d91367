"""Administrators create and rename organisations; a name is unique within a country."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.orgs.models import Organisation
from tests import factories
from tests.helpers import db_snapshot, field_error, signed_in_client, submit


@pytest.fixture
def client(app):
    factories.user(email="admin@example.org", role=Role.ADMIN)
    return signed_in_client(app, "admin@example.org")


def _names():
    return sorted((o.name, o.country) for o in db.session.scalars(select(Organisation)))


def test_creating_an_organisation(client):
    response = submit(client, "/admin/organisations", {"name": "  Berlin Counselling  ", "country": "DE"})
    assert response.status_code == 302
    assert _names() == [("Berlin Counselling", "DE")]
    assert "Berlin Counselling" in client.get("/admin/organisations").get_data(as_text=True)


def test_a_duplicate_name_in_the_same_country_is_rejected(client):
    factories.organisation("Berlin Counselling", "DE")
    before = db_snapshot()
    response = submit(client, "/admin/organisations", {"name": "berlin counselling", "country": "DE"})
    assert response.status_code == 400
    assert "already exists in that country" in field_error(response, "name")
    assert db_snapshot() == before
    # The same name in another country is a different organisation.
    assert submit(client, "/admin/organisations", {"name": "Berlin Counselling", "country": "AT"}).status_code == 302


def test_renaming_an_organisation(client):
    org = factories.organisation("Old Name", "ES")
    response = submit(client, f"/admin/organisations/{org.id}", {"name": "New Name", "country": "ES"})
    assert response.status_code == 302
    assert _names() == [("New Name", "ES")]


def test_renaming_to_the_name_of_another_organisation_is_rejected(client):
    factories.organisation("Taken", "ES")
    org = factories.organisation("Mine", "ES")
    response = submit(client, f"/admin/organisations/{org.id}", {"name": "TAKEN", "country": "ES"})
    assert response.status_code == 400
    assert "already exists in that country" in field_error(response, "name")
    assert _names() == [("Mine", "ES"), ("Taken", "ES")]
    # Saving an organisation under its own name is not a duplicate.
    assert submit(client, f"/admin/organisations/{org.id}", {"name": "Mine", "country": "ES"}).status_code == 302


@pytest.mark.parametrize("name", ["Ċentru tas-Saħħa Għawdex", "مركز الرعاية", "Κέντρο Υγείας Αθηνών"])
def test_organisation_names_in_any_script_are_accepted(client, name):
    assert submit(client, "/admin/organisations", {"name": name, "country": "MT"}).status_code == 302
    assert _names() == [(name, "MT")]


@pytest.mark.parametrize(
    "name", ["Health \u202eCentre", "\u2067Health Centre", "Health\u200eCentre", "Health\u200bCentre"]
)
def test_organisation_names_with_invisible_characters_are_refused(client, name):
    org = factories.organisation("Mine", "MT")
    before = db_snapshot()
    created = submit(client, "/admin/organisations", {"name": name, "country": "MT"})
    renamed = submit(client, f"/admin/organisations/{org.id}", {"name": name, "country": "MT"})
    for response in (created, renamed):
        assert response.status_code == 400
        assert "invisible characters" in field_error(response, "name")
    assert db_snapshot() == before


def test_the_same_name_typed_with_decomposed_letters_is_a_duplicate(client):
    factories.organisation("Ċentru Żgħażagħ", "MT")
    decomposed = unicodedata.normalize("NFD", "  Ċentru Żgħażagħ ")
    response = submit(client, "/admin/organisations", {"name": decomposed, "country": "MT"})
    assert response.status_code == 400
    assert "already exists in that country" in field_error(response, "name")
    assert _names() == [("Ċentru Żgħażagħ", "MT")]
