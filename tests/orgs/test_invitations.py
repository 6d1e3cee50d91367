"""Coordinators invite people with links that expire, run out and can be withdrawn."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, func, select, update

from app.auth.models import Role, User
from app.auth.services import register_user
from app.extensions import db
from app.orgs.models import Invitation
from app.orgs.services import InvitationNotUsable, find_usable_invitation
from tests import factories
from tests.helpers import PASSWORD, csrf_token_from, db_snapshot, signed_in_client, submit


@pytest.fixture
def org():
    return factories.organisation("Madrid Social Services", country="ES")


@pytest.fixture
def coordinator(app, org):
    factories.user(email="coord@example.org", role=Role.COORDINATOR, organisation=org)
    return signed_in_client(app, "coord@example.org")


def _links(page) -> list[str]:
    return re.findall(
        r'<code class="token invitation-link">http://localhost(/join/[^<]+)</code>', page.get_data(as_text=True)
    )


def _join(app, link, email):
    client = app.test_client()
    data = {"display_name": "Invited Person", "email": email, "password": PASSWORD, "confirm": PASSWORD}
    return submit(client, link, data)


def test_a_coordinator_creates_a_link_that_lets_people_join(app, org, coordinator):
    response = submit(
        coordinator,
        f"/organisations/{org.id}",
        {"days": "14", "max_uses": ""},
        post_url=f"/organisations/{org.id}/invitations",
        follow_redirects=True,
    )
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
    submit(
        coordinator,
        f"/organisations/{org.id}",
        {"days": "14", "max_uses": "2"},
        post_url=f"/organisations/{org.id}/invitations",
    )
    (link,) = _links(coordinator.get(f"/organisations/{org.id}"))

    assert _join(app, link, "first@example.org").status_code == 302
    assert _join(app, link, "second@example.org").status_code == 302
    assert _join(app, link, "third@example.org").status_code == 404
    page = coordinator.get(f"/organisations/{org.id}").get_data(as_text=True)
    assert "2 of 2" in page and "Expired or used up" in page
    assert sorted(u.email for u in org.members) == ["coord@example.org", "first@example.org", "second@example.org"]


def _single_use(org) -> Invitation:
    return factories.invitation(org, factories.user(role=Role.COORDINATOR, organisation=org), max_uses=1)


def _registration(email):
    return {"display_name": "Invited Person", "email": email, "password": PASSWORD, "confirm": PASSWORD}


def _accounts(*emails) -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(User.email.in_(emails)))


def test_two_people_with_a_single_use_link_open_at_once_only_the_first_gets_in(app, org):
    invitation = _single_use(org)
    link = f"/join/{invitation.token}"
    first, second = app.test_client(), app.test_client()
    first_page, second_page = first.get(link), second.get(link)
    assert first_page.status_code == second_page.status_code == 200

    token = csrf_token_from(first_page)
    assert first.post(link, data={**_registration("first@example.org"), "csrf_token": token}).status_code == 302
    late = second.post(link, data={**_registration("second@example.org"), "csrf_token": csrf_token_from(second_page)})

    assert late.status_code == 404 and "This invitation does not work" in late.get_data(as_text=True)
    assert _accounts("first@example.org", "second@example.org") == 1
    db.session.refresh(invitation)
    assert invitation.use_count == 1


@contextmanager
def _last_place_taken_just_before_it_is_counted(invitation_id: int):
    """Simulate the race: another registration commits the invitation's last use after this request
    checked the invitation and just before this request counts its own use."""
    connection = db.engine  # conftest put the test's connection here
    table = Invitation.__table__
    state = {"done": False}

    def take_last_place(conn, cursor, statement, parameters, context, executemany):
        if not state["done"] and statement.lstrip().upper().startswith("UPDATE INVITATIONS"):
            state["done"] = True
            conn.execute(update(table).where(table.c.id == invitation_id).values(use_count=table.c.max_uses))

    event.listen(connection, "before_cursor_execute", take_last_place)
    try:
        yield state
    finally:
        event.remove(connection, "before_cursor_execute", take_last_place)


def test_a_place_taken_between_the_check_and_the_registration_is_not_given_twice(app, org):
    invitation = _single_use(org)
    link = f"/join/{invitation.token}"
    client = app.test_client()
    page = client.get(link)
    before = db_snapshot()

    with _last_place_taken_just_before_it_is_counted(invitation.id) as race:
        response = client.post(link, data={**_registration("late@example.org"), "csrf_token": csrf_token_from(page)})

    assert race["done"], "the registration never counted a use"
    assert response.status_code == 404 and "This invitation does not work" in response.get_data(as_text=True)
    assert _accounts("late@example.org") == 0
    # Nothing of the refused registration was kept (the simulated rival's use is rolled back with it).
    assert db_snapshot() == before


def test_the_service_refuses_an_invitation_used_up_since_it_was_loaded(app, org):
    invitation = _single_use(org)
    stale = find_usable_invitation(invitation.token)
    # Another request takes the last place; this session's object does not see it.
    db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id)
        .values(use_count=1)
        .execution_options(synchronize_session=False)
    )
    assert stale.use_count == 0 and stale.is_usable(datetime.now(UTC)), "the object should be stale"

    with pytest.raises(InvitationNotUsable):
        register_user(email="late@example.org", password=PASSWORD, display_name="Late", invitation=stale)
    db.session.rollback()
    assert _accounts("late@example.org") == 0


def test_the_service_counts_each_use_once(app, org):
    invitation = factories.invitation(org, factories.user(role=Role.COORDINATOR, organisation=org), max_uses=2)
    register_user(email="a@example.org", password=PASSWORD, display_name="A", invitation=invitation)
    register_user(email="b@example.org", password=PASSWORD, display_name="B", invitation=invitation)
    assert invitation.use_count == 2
    with pytest.raises(InvitationNotUsable):
        register_user(email="c@example.org", password=PASSWORD, display_name="C", invitation=invitation)
