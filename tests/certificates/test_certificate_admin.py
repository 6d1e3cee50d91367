"""Administrators find certificates by code, revoke them with a reason, and correct names under the same code."""

from __future__ import annotations

import pytest

from app.auth.models import Role
from app.certificates.services import format_code
from app.extensions import db
from tests import factories
from tests.helpers import db_snapshot, field_error, signed_in_client, submit


@pytest.fixture
def admin(app):
    return factories.user(email="admin@example.org", name="Ada Admin", role=Role.ADMIN)


@pytest.fixture
def admin_client(app, admin):
    return signed_in_client(app, admin.email)


def _page(certificate) -> str:
    return f"/admin/certificates/{certificate.code}"


def test_admins_find_a_certificate_by_its_code_typed_any_way_or_by_name(admin_client, certificate):
    for term in (format_code(certificate.code).lower(), certificate.code, "Ħażż-Żammit", "ikku"):
        page = admin_client.get("/admin/certificates", query_string={"q": term}).get_data(as_text=True)
        assert format_code(certificate.code) in page, term
    page = admin_client.get("/admin/certificates", query_string={"q": "nobody"}).get_data(as_text=True)
    assert format_code(certificate.code) not in page


@pytest.mark.parametrize("term", ["ħażż-żammit", "ĦAŻŻ", "żammit"])
def test_the_name_search_ignores_case_in_maltese_letters_too(admin_client, certificate, term):
    """SQLite's own LIKE folds A-Z only; the search must find Ħażż-Żammit however it is typed."""
    page = admin_client.get("/admin/certificates", query_string={"q": term}).get_data(as_text=True)
    assert format_code(certificate.code) in page


def test_percent_and_underscore_in_a_name_search_are_taken_literally(admin_client, certificate):
    for term in ("%", "_", "Ħ_żż"):
        page = admin_client.get("/admin/certificates", query_string={"q": term}).get_data(as_text=True)
        assert format_code(certificate.code) not in page, term


def test_revoking_needs_a_reason_and_changes_nothing_without_one(admin_client, certificate):
    before = db_snapshot()
    for reason in ("", "   "):
        response = submit(admin_client, _page(certificate), {"reason": reason}, post_url=f"{_page(certificate)}/revoke")
        assert response.status_code == 400
        assert "Give the reason for revoking this certificate." in field_error(response, "reason")
    assert db_snapshot() == before


def test_revoking_records_who_why_and_when_and_the_verify_page_says_so(admin_client, admin, certificate, client):
    response = submit(
        admin_client,
        _page(certificate),
        {"reason": "Completed with another person's account"},
        post_url=f"{_page(certificate)}/revoke",
    )
    assert response.status_code == 302

    db.session.expire_all()
    assert certificate.revoked_at is not None
    assert certificate.revoked_reason == "Completed with another person's account"
    revoked = certificate.revisions[-1]
    assert (revoked.action, revoked.actor_id, revoked.reason) == ("revoked", admin.id, certificate.revoked_reason)
    assert "was revoked on" in client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    # The history on the admin page shows it; revoking twice changes nothing.
    page = admin_client.get(_page(certificate)).get_data(as_text=True)
    assert "Completed with another person&#39;s account" in page
    submit(admin_client, _page(certificate), {"reason": "again"}, post_url=f"{_page(certificate)}/revoke")
    db.session.expire_all()
    assert [r.action for r in certificate.revisions] == ["issued", "revoked"]


def test_reissuing_corrects_the_name_under_the_same_code_and_keeps_the_history(admin_client, certificate, client):
    code = certificate.code
    response = submit(
        admin_client,
        _page(certificate),
        {"holder_name": "Ċikku Ħażż-Żammit Borg", "note": "Asked by the learner"},
        post_url=f"{_page(certificate)}/reissue",
    )
    assert response.status_code == 302

    db.session.expire_all()
    assert certificate.code == code
    assert certificate.holder_name == "Ċikku Ħażż-Żammit Borg"
    assert [(r.action, r.holder_name) for r in certificate.revisions] == [
        ("issued", "Ċikku Ħażż-Żammit"),
        ("reissued", "Ċikku Ħażż-Żammit Borg"),
    ]
    page = admin_client.get(_page(certificate)).get_data(as_text=True)
    assert "Reissued with a corrected name" in page and "Asked by the learner" in page
    assert page.count("Ċikku Ħażż-Żammit") >= 2  # the earlier name stays in the history
    assert "Ċikku Ħażż-Żammit Borg" in client.get(f"/verify/{code}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter the name to print on the certificate."),
        ("x" * 121, "A name has at most 120 characters."),
        ("Nour\u202eHaddad", "This contains invisible characters"),
    ],
)
def test_a_bad_name_is_refused_with_a_message(admin_client, certificate, name, message):
    before = db_snapshot()
    response = submit(admin_client, _page(certificate), {"holder_name": name}, post_url=f"{_page(certificate)}/reissue")
    assert response.status_code == 400
    assert message in field_error(response, "holder_name")
    assert db_snapshot() == before


def test_a_revoked_certificate_is_not_reissued(admin_client, certificate):
    submit(admin_client, _page(certificate), {"reason": "Wrong person"}, post_url=f"{_page(certificate)}/revoke")
    response = submit(
        admin_client,
        "/admin/certificates",
        {"holder_name": "New Name"},
        post_url=f"{_page(certificate)}/reissue",
        follow_redirects=True,
    )
    assert "A revoked certificate cannot be reissued." in response.get_data(as_text=True)
    db.session.expire_all()
    assert certificate.holder_name == "Ċikku Ħażż-Żammit"


def test_only_administrators_manage_certificates(app, certificate, learner_client):
    coordinator = factories.user(
        email="coordinator@example.org", role=Role.COORDINATOR, organisation=factories.organisation()
    )
    for client in (learner_client, signed_in_client(app, coordinator.email)):
        assert client.get("/admin/certificates").status_code == 403
        assert client.get(_page(certificate)).status_code == 403
        response = submit(client, "/certificates/", {"reason": "x"}, post_url=f"{_page(certificate)}/revoke")
        assert response.status_code == 403
    db.session.expire_all()
    assert certificate.revoked_at is None


def test_an_unknown_code_is_not_found(admin_client):
    assert admin_client.get("/admin/certificates/ACDEFGHJKMNP").status_code == 404
    response = submit(admin_client, "/admin/certificates", {"reason": "x"}, post_url="/admin/certificates/NOPE/revoke")
    assert response.status_code == 404
