"""Coordinators download their learners' certificates as one zip, and never anyone else's."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pytest

from app.auth.models import Role
from app.extensions import db
from tests import factories
from tests.certificates.conftest import COURSE_ID
from tests.certificates.helpers import issued_certificate
from tests.certificates.pdf_tools import pdf_text
from tests.helpers import signed_in_client

ZIP = "/reports/certificates.zip"


def _day(day: int) -> datetime:
    return datetime(2026, 11, day, 12, 0, tzinfo=UTC)


@pytest.fixture
def people(app, course):
    """Two organisations in Malta, one in Germany; a learner with a certificate in each, and more."""
    mine, neighbour = factories.organisation("Mine", "MT"), factories.organisation("Neighbour", "MT")
    german = factories.organisation("Berlin Service", "DE")
    other_course = factories.published_course("example-course")
    learners = {
        "mine": factories.user(email="mine@example.org", name="Maria Mine", organisation=mine),
        "mine-late": factories.user(email="late@example.org", name="Luca Late", organisation=mine),
        "mine-revoked": factories.user(email="revoked@example.org", name="Rita Revoked", organisation=mine),
        "neighbour": factories.user(email="neighbour@example.org", name="Nina Neighbour", organisation=neighbour),
        "german": factories.user(email="german@example.org", name="Greta German", organisation=german),
        "alone": factories.user(email="alone@example.org", name="Omar Alone"),
    }
    certificates = {key: issued_certificate(person, course, completed_at=_day(10)) for key, person in learners.items()}
    certificates["mine-late"].completed_at = _day(25)
    certificates["mine-revoked"].revoked_at = _day(26)
    certificates["mine-other-course"] = issued_certificate(learners["mine"], other_course, completed_at=_day(12))
    db.session.commit()
    coordinators = {
        "mine": factories.user(email="coord-mine@example.org", role=Role.COORDINATOR, organisation=mine),
        "germany": factories.user(email="coord-de@example.org", role=Role.COORDINATOR, country="DE"),
        "admin": factories.user(email="admin@example.org", role=Role.ADMIN),
    }
    return {
        "organisations": {"mine": mine, "neighbour": neighbour},
        "coordinators": coordinators,
        "certificates": certificates,
    }


def _holders(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert archive.testzip() is None
        return sorted(name.split("/")[-1].rsplit(" ", 1)[0] for name in archive.namelist())


def _client(app, people, who):
    return signed_in_client(app, people["coordinators"][who].email)


def test_a_coordinator_gets_exactly_the_valid_certificates_of_their_organisation(app, people):
    response = _client(app, people, "mine").get(ZIP)
    assert response.is_streamed
    # Maria twice (two courses), Luca; not Rita (revoked), not the neighbour, Germany or Omar.
    assert _holders(response) == ["Luca Late", "Maria Mine", "Maria Mine"]


def test_a_country_coordinator_gets_the_organisations_of_that_country(app, people):
    assert _holders(_client(app, people, "germany").get(ZIP)) == ["Greta German"]


def test_an_administrator_gets_every_valid_certificate(app, people):
    assert _holders(_client(app, people, "admin").get(ZIP)) == [
        "Greta German",
        "Luca Late",
        "Maria Mine",
        "Maria Mine",
        "Nina Neighbour",
        "Omar Alone",
    ]


def test_filters_by_course_organisation_and_completion_dates(app, people):
    client = _client(app, people, "mine")
    mine = people["organisations"]["mine"].id
    assert _holders(client.get(ZIP, query_string={"course": COURSE_ID})) == ["Luca Late", "Maria Mine"]
    assert _holders(client.get(ZIP, query_string={"organisation": mine, "from": "2026-11-11"})) == [
        "Luca Late",
        "Maria Mine",
    ]
    assert _holders(client.get(ZIP, query_string={"to": "2026-11-10"})) == ["Maria Mine"]
    assert _holders(client.get(ZIP, query_string={"from": "2026-11-25", "to": "2026-11-25"})) == ["Luca Late"]


def test_another_organisation_cannot_be_asked_for(app, people):
    neighbour = people["organisations"]["neighbour"].id
    response = _client(app, people, "mine").get(ZIP, query_string={"organisation": neighbour})
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert "Choose one of the options in the list." in response.get_data(as_text=True)
    assert "Nina Neighbour" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "yesterday"}, "Enter a date like 2026-11-30."),
        ({"to": "0001-01-01"}, "Enter a date between 2000-01-01 and 2099-12-31."),
        ({"from": "2026-11-20", "to": "2026-11-01"}, "The end date must be on or after the start date."),
        ({"course": "no-such-course"}, "Choose one of the options in the list."),
        ({"lang": "xx"}, "Choose one of the options in the list."),
    ],
)
def test_bad_filters_are_explained_on_the_form(app, people, query, message):
    response = _client(app, people, "mine").get(ZIP, query_string=query)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_nothing_matching_says_so_instead_of_an_empty_zip(app, people):
    response = _client(app, people, "mine").get(ZIP, query_string={"from": "2027-01-01"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "No valid certificates match these filters." in response.get_data(as_text=True)


def test_each_entry_is_the_holders_pdf_in_the_chosen_language(app, people, tmp_path):
    response = _client(app, people, "mine").get(ZIP, query_string={"course": COURSE_ID, "lang": "mt"})
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
        assert all(name.startswith(f"{COURSE_ID}/") and name.endswith(".pdf") for name in names)
        for name in names:
            text = pdf_text(archive.read(name), tmp_path)
            assert name.split("/")[1].rsplit(" ", 1)[0] in text
            assert "Nisimgħu lis-superstiti" in text


def test_the_export_form_offers_only_the_coordinators_organisations(app, people):
    page = _client(app, people, "mine").get("/certificates/export").get_data(as_text=True)
    assert "Mine (MT)" in page and "Neighbour" not in page and "Berlin" not in page
