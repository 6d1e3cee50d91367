"""The profile: work details that steer course suggestions, and the interface language."""

from __future__ import annotations

from tests import factories
from tests.helpers import csrf_token_from, field_error, html_root, submit


def _profile(**fields):
    base = {"display_name": "Nour Haddad", "locale": "", "country": "", "sector": "", "subsector": "", "level": ""}
    return {**base, **fields}


def test_a_learner_records_where_and_how_they_work(client, auth):
    person = factories.user(email="nurse@example.org")
    auth.login("nurse@example.org")

    response = submit(
        client,
        "/account/profile",
        _profile(country="IT", sector="health", subsector="emergency", level="crisis"),
    )

    assert response.status_code == 302
    assert (person.country, person.sector, person.subsector, person.level) == ("IT", "health", "emergency", "crisis")
    page = client.get("/account/profile").get_data(as_text=True)
    assert '<option selected value="emergency">' in page or 'value="emergency" selected' in page


def test_choosing_a_language_switches_the_interface(client, auth):
    person = factories.user(email="nurse@example.org")
    auth.login("nurse@example.org")
    assert html_root(client.get("/"))["lang"] == "en"

    submit(client, "/account/profile", _profile(locale="fr"))
    assert person.locale == "fr"
    assert html_root(client.get("/"))["lang"] == "fr"

    submit(client, "/account/profile", _profile(locale="ar"))
    root = html_root(client.get("/"))
    assert (root["lang"], root["dir"]) == ("ar", "rtl")


def test_the_language_setting_follows_the_person_to_another_browser(app, client, auth):
    factories.user(email="nurse@example.org", locale="de")
    auth.login("nurse@example.org")
    assert html_root(client.get("/"))["lang"] == "de"


def test_the_language_switcher_remembers_the_choice_for_a_signed_in_person(client, auth):
    person = factories.user(email="nurse@example.org")
    auth.login("nurse@example.org")
    page = client.get("/account/profile")
    response = client.post(
        "/language", data={"language": "es", "next": "/account/profile", "csrf_token": csrf_token_from(page)}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/account/profile"
    assert person.locale == "es"
    assert html_root(client.get("/account/profile"))["lang"] == "es"


def test_a_sub_sector_must_belong_to_the_sector(client, auth):
    person = factories.user(email="nurse@example.org")
    auth.login("nurse@example.org")

    response = submit(client, "/account/profile", _profile(sector="police", subsector="emergency"))

    assert response.status_code == 200
    assert field_error(response, "subsector").endswith("Choose a sub-sector of the sector you selected, or none.")
    assert (person.sector, person.subsector) == (None, None)
    # Without a sector a sub-sector cannot be chosen either.
    response = submit(client, "/account/profile", _profile(subsector="emergency"))
    assert "Choose a sub-sector of the sector you selected" in field_error(response, "subsector")
