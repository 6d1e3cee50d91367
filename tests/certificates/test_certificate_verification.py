"""The public verification page: valid, revoked (with the date) or not found, and nothing more."""

from __future__ import annotations

from datetime import UTC, datetime

from app.certificates.services import format_code
from app.extensions import db
from tests.helpers import parse_page


def _status(response) -> str:
    return " ".join(parse_page(response).text["verification-status"].split())


def test_a_valid_certificate_shows_who_what_when_and_by_whom(client, certificate, learner):
    response = client.get(f"/verify/{certificate.code}")

    assert response.status_code == 200
    assert _status(response) == "This certificate is genuine and valid."
    page = response.get_data(as_text=True)
    for shown in (
        "Ċikku Ħażż-Żammit",
        "Listening to survivors",
        "November 20, 2026",
        "Disclosure Response Training",
        "1 hour 30 minutes",
        format_code(certificate.code),
    ):
        assert shown in page, shown
    # Nothing more: not the e-mail address, the organisation, the sector or (by default) the score.
    for hidden in (learner.email, certificate.organisation_name, "92.5", "92%"):
        assert hidden not in page, hidden


def test_the_score_is_shown_only_when_the_setting_is_on(certificate, score_app_client, score_app):
    with score_app_client(certificate):
        page = score_app.test_client().get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "Final assessment score" in page and "92.5%" in page


def test_a_revoked_certificate_says_so_with_the_date(client, certificate):
    certificate.revoked_at = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    certificate.revoked_reason = "Issued to the wrong person"
    db.session.commit()

    response = client.get(f"/verify/{certificate.code}")

    assert response.status_code == 200
    assert _status(response) == "This certificate was revoked on December 3, 2026. It is no longer valid."
    assert "Issued to the wrong person" not in response.get_data(as_text=True)


def test_an_unknown_code_is_not_found(client, certificate):
    unknown = "ACDEFGHJKMNP" if certificate.code != "ACDEFGHJKMNP" else "ACDEFGHJKMNQ"
    for code in (unknown, "short", "x" * 500):
        response = client.get(f"/verify/{code}")
        assert response.status_code == 404
        assert _status(response).startswith("No certificate has this code.")


def test_the_form_accepts_the_code_as_people_type_it(client, certificate):
    typed = "  " + format_code(certificate.code).lower().replace("-", " - ") + " "
    response = client.get("/verify", query_string={"code": typed})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/verify/{certificate.code}"
    assert _status(client.get(response.headers["Location"])) == "This certificate is genuine and valid."


def test_the_form_explains_an_empty_or_overlong_code(client):
    assert client.get("/verify").status_code == 200
    for typed, message in (
        ("", "Enter the code printed on the certificate."),
        ("  -- ", "Enter the code printed on the certificate."),
        ("A" * 65, "A certificate code has 12 letters and digits."),
    ):
        response = client.get("/verify", query_string={"code": typed})
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)


def test_verification_pages_are_kept_out_of_search_engines(client, certificate):
    for url in ("/verify", f"/verify/{certificate.code}", "/verify/NOTACODE"):
        response = client.get(url)
        assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
        assert '<meta name="robots" content="noindex, nofollow">' in response.get_data(as_text=True)
        assert response.headers["Cache-Control"] == "no-store"


def test_verification_is_rate_limited_per_ip(app, client, certificate):
    limit = int(app.config["VERIFY_LIMIT"].split()[0])
    for number in range(limit):
        # Form and result pages share one budget.
        url = "/verify" if number % 2 else f"/verify/{certificate.code}"
        assert client.get(url).status_code in (200, 404), number
    assert client.get(f"/verify/{certificate.code}").status_code == 429
    assert client.get("/verify").status_code == 429
    # Another address still gets through.
    other = client.get(f"/verify/{certificate.code}", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200
