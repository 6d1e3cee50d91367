"""Coordinators invite people with links that expire, run out and can be withdrawn."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from app.auth.models import Role
from app.extensions import db
from tests import factories
from tests.helpers import PASSWORD, signed_in_client, submit


@pytest.fixture
def org():
    return factories.organisation("Madrid Social Services", country="ES")


@pytest.fixture
def coordinator(app, org):
    factories.user(email="coord@example.org", role=Role.COORDINATOR, organisation=org)
    return signed_in_client(app, "coord@example.org")


def _links(page) -> list[str]:
    return re.findall(r'<code class="token invitation-link">http://localhost(/join/[^<]+)</code>', page.get_data(as_text=True))


def _join(app, link, email):
    client = app.test_client()
    data = {"display_name": "Invited Person", "email": email, "password": PASSWORD, "confirm": PASSWORD}
    return submit(client, link, data)


def test_a_coordinator_creates_a_link_that_lets_people_join(app, org, coordinator):
    response = submit(coordinator, f"/organisations/{org.id}", {"days": "14", "max_uses": ""},
                      post_url=f"/organisations/{org.id}/invitations", follow_redirects=True)
    assert response.status_code == 200
    assert "Invitation link created" in response.get_data(as_text=True)
    (link,) = _links(response)

    assert _join(app, link, "new@example.org").status_code == 302
    page = coordinator.get(f"/organisations/{org.id}").get_data(as_text=True)
    assert "Invited Person" in page


def test_a_withdrawn_link_is_refused(app, org, coordinator):
    submit(coordinator, f"/organisations/{org.id}", {"days": "14"}, post_url=f"/organisations/{org.id}/invitations")
    page = coordinator.get(f"/organisations/{org.id}")
    (link,) = _links(page)
    (revoke,) = re.findall(r'action="(/organisations/\d+/invitations/\d+/revoke)"', page.get_data(as_text=True))

    response = submit(coordinator, f"/organisations/{org.id}", {}, post_url=revoke, follow_redirects=True)
    assert "The invitation link no longer works." in response.get_data(as_text=True)
    assert _links(response) == [] and "Withdrawn" in response.get_data(as_text=True)

    refused = app.test_client().get(link)
    assert refused.status_code == 404 and "This invitation does not work" in refused.get_data(as_text=True)
    assert _join(app, link, "late@example.org").status_code == 404


def test_an_expired_link_is_refused(app, org):
    invitation = factories.invitation(org, factories.user(role=Role.COORDINATOR, organisation=org), days=1)
    assert app.test_client().get(f"/join/{invitation.token}").status_code == 200
    invitation.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()
    assert app.test_client().get(f"/join/{invitation.token}").status_code == 404
    assert _join(app, f"/join/{invitation.token}", "late@example.org").status_code == 404


def test_a_link_works_for_at_most_max_uses_people(app, org, coordinator):
    submit(coordinator, f"/organisations/{org.id}", {"days": "14", "max_uses": "2"},
           post_url=f"/organisations/{org.id}/invitations")
    (link,) = _links(coordinator.get(f"/organisations/{org.id}"))

    assert _join(app, link, "first@example.org").status_code == 302
    assert _join(app, link, "second@example.org").status_code == 302
    assert _join(app, link, "third@example.org").status_code == 404
    page = coordinator.get(f"/organisations/{org.id}").get_data(as_text=True)
    assert "2 of 2" in page and "Expired or used up" in page
    assert sorted(u.email for u in org.members) == ["coord@example.org", "first@example.org", "second@example.org"]
