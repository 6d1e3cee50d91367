"""Administrators create and rename organisations; a name is unique within a country."""

from __future__ import annotations

import re
import unicodedata
from contextlib import contextmanager

import pytest
from sqlalchemy import insert, select

from app.admin import queries
from app.auth.models import Role
from app.extensions import db
from app.orgs.models import Organisation
from tests import factories
from tests.helpers import csrf_token_from, db_snapshot, field_error, signed_in_client, submit


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


@contextmanager
def _same_name_saved_right_after_the_check(monkeypatch, name: str, country: str):
    """Simulate two administrators at once: the app's own uniqueness check runs for real and finds
    no such organisation; then, before this request writes, the other administrator's row lands
    (inserted on the test's connection, outside the request's ORM objects)."""
    real_check = queries.organisation_exists
    race = {"check_said": None}

    def check_then_rival_saves(*args, **kwargs):
        race["check_said"] = real_check(*args, **kwargs)
        db.session.execute(insert(Organisation.__table__).values(name=name, country=country))
        return race["check_said"]

    monkeypatch.setattr(queries, "organisation_exists", check_then_rival_saves)
    yield race


def test_a_name_saved_by_another_administrator_meanwhile_gets_a_message_not_an_error(client, monkeypatch):
    page = client.get("/admin/organisations")
    data = {"name": "Berlin Counselling", "country": "DE", "csrf_token": csrf_token_from(page)}

    with _same_name_saved_right_after_the_check(monkeypatch, "Berlin Counselling", "DE") as race:
        response = client.post("/admin/organisations", data=data)

    assert race["check_said"] is False, "the race was not simulated: the check already saw the name"
    assert response.status_code == 400
    assert "already exists in that country" in field_error(response, "name")
    # Only the other administrator's organisation exists, and the page lists it.
    assert _names() == [("Berlin Counselling", "DE")]
    rival = db.session.scalar(select(Organisation))
    assert f'href="/admin/organisations/{rival.id}"' in response.get_data(as_text=True)


def test_a_rename_to_a_name_saved_meanwhile_gets_a_message_and_keeps_the_old_name(client, monkeypatch):
    org = factories.organisation("Mine", "ES")
    page = client.get(f"/admin/organisations/{org.id}")
    data = {"name": "Taken", "country": "ES", "csrf_token": csrf_token_from(page)}

    with _same_name_saved_right_after_the_check(monkeypatch, "Taken", "ES") as race:
        response = client.post(f"/admin/organisations/{org.id}", data=data)

    assert race["check_said"] is False
    assert response.status_code == 400
    assert "already exists in that country" in field_error(response, "name")
    assert _names() == [("Mine", "ES"), ("Taken", "ES")]


def _visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _elements(html: str, tag: str, containing: str) -> list[str]:
    """The visible text of each `tag` element whose markup contains `containing`."""
    return [
        _visible_text(body)
        for body in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", html, re.DOTALL)
        if containing in body
    ]


@pytest.mark.parametrize(("language", "malta"), [("en", "Malta"), ("fr", "Malte")])
def test_countries_are_named_in_the_administrators_language(app, language, malta):
    factories.user(email="admin@example.org", role=Role.ADMIN, locale=language)
    client = signed_in_client(app, "admin@example.org")
    organisation = factories.organisation("Mater Dei", "MT")
    factories.user(email="m@example.org", role=Role.COORDINATOR, organisation=organisation)
    coordinator = factories.user(email="c@example.org", role=Role.COORDINATOR, country="MT")
    db.session.commit()

    listing = client.get("/admin/organisations").get_data(as_text=True)
    assert _elements(listing, "tr", "Mater Dei") == [f"Mater Dei {malta} 1"]

    detail = client.get(f"/admin/users/{coordinator.id}").get_data(as_text=True)
    [grant] = _elements(detail, "li", "/grants/")
    assert f" · {malta} " in grant and "MT" not in grant
