"""Which organisations a coordinator sees: theirs by grant, or every one in their country."""

from __future__ import annotations

import re

import pytest

from app.auth.models import Role
from tests import factories
from tests.helpers import signed_in_client


def test_a_country_coordinator_sees_every_organisation_of_that_country_and_none_elsewhere(app):
    maltese = [factories.organisation("Mater Dei", "MT"), factories.organisation("Gozo General", "MT")]
    elsewhere = [factories.organisation("Charité", "DE"), factories.organisation("Mater Dei Roma", "IT")]
    factories.user(email="malta@example.org", role=Role.COORDINATOR, country="MT")
    client = signed_in_client(app, "malta@example.org")

    listing = client.get("/organisations/").get_data(as_text=True)
    for org in maltese:
        assert f'href="/organisations/{org.id}"' in listing
        assert client.get(f"/organisations/{org.id}").status_code == 200
    for org in elsewhere:
        assert f'href="/organisations/{org.id}"' not in listing
        assert client.get(f"/organisations/{org.id}").status_code == 404
    # An organisation created later in the country is covered at once.
    later = factories.organisation("Mosta Clinic", "MT")
    assert client.get(f"/organisations/{later.id}").status_code == 200


def test_a_coordinator_of_one_organisation_sees_only_that_one(app):
    mine = factories.organisation("Mine", "MT")
    neighbour = factories.organisation("Neighbour", "MT")
    factories.user(email="coord@example.org", role=Role.COORDINATOR, organisation=mine)
    client = signed_in_client(app, "coord@example.org")

    listing = client.get("/organisations/").get_data(as_text=True)
    assert f'href="/organisations/{mine.id}"' in listing
    assert f'href="/organisations/{neighbour.id}"' not in listing
    assert client.get(f"/organisations/{neighbour.id}").status_code == 404


def test_an_administrator_sees_every_organisation(app):
    orgs = [factories.organisation("A", "MT"), factories.organisation("B", "FR")]
    factories.user(email="admin@example.org", role=Role.ADMIN)
    client = signed_in_client(app, "admin@example.org")
    listing = client.get("/organisations/").get_data(as_text=True)
    assert all(f'href="/organisations/{org.id}"' in listing for org in orgs)


@pytest.mark.parametrize(("language", "malta"), [("en", "Malta"), ("fr", "Malte")])
def test_the_country_of_an_organisation_is_named_in_the_coordinators_language(app, language, malta):
    organisation = factories.organisation("Mater Dei", "MT")
    factories.user(email="coord@example.org", role=Role.COORDINATOR, organisation=organisation, locale=language)
    client = signed_in_client(app, "coord@example.org")

    listing = client.get("/organisations/").get_data(as_text=True)
    assert f'<span class="muted">({malta})</span>' in listing
    detail = client.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    [country] = re.findall(r'<p class="muted">([^<]*)</p>', detail)
    assert malta in country and "MT" not in country
