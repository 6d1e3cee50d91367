"""Administrators grant and remove roles; coordinators are always scoped."""

from __future__ import annotations

import re

import pytest
from babel.lists import format_list
from flask_babel import force_locale, gettext, pgettext
from markupsafe import escape

from app.auth.models import ROLE_LABELS, Role
from app.extensions import db
from app.orgs.services import grant_role
from tests import factories
from tests.helpers import db_snapshot, field_error, signed_in_client, submit


@pytest.fixture
def admin(app):
    person = factories.user(email="admin@example.org", name="Ada Admin", role=Role.ADMIN)
    return person, signed_in_client(app, "admin@example.org")


def _grant(client, user, **data):
    return submit(client, f"/admin/users/{user.id}", {"role": "", "organisation": "", "country": "", **data})


def _roles(user):
    return sorted((g.role, g.organisation_id or 0, g.country or "") for g in user.grants)


def test_granting_a_trainer_role_lets_the_person_in(app, admin):
    _, client = admin
    person = factories.user(email="t@example.org")
    response = _grant(client, person, role="trainer")
    assert response.status_code == 302
    assert _roles(person) == [("trainer", 0, "")]


def test_a_coordinator_is_granted_for_an_organisation_or_a_country(app, admin):
    _, client = admin
    org = factories.organisation("Lyon Health", "FR")
    person = factories.user(email="c@example.org")
    assert _grant(client, person, role="coordinator", organisation=str(org.id)).status_code == 302
    assert _grant(client, person, role="coordinator", country="IT").status_code == 302
    assert _roles(person) == [("coordinator", 0, "IT"), ("coordinator", org.id, "")]
    # The grant works: the person now manages that organisation.
    coordinator = signed_in_client(app, "c@example.org")
    assert coordinator.get(f"/organisations/{org.id}").status_code == 200


@pytest.mark.parametrize(
    ("scope", "message"),
    [
        ({}, "A coordinator needs an organisation or a country."),
        ({"organisation": "ORG", "country": "FR"}, "Choose an organisation or a country, not both."),
    ],
)
def test_a_coordinator_needs_exactly_one_scope(admin, scope, message):
    _, client = admin
    org = factories.organisation()
    person = factories.user(email="c@example.org")
    scope = {k: (str(org.id) if v == "ORG" else v) for k, v in scope.items()}
    before = db_snapshot()
    response = _grant(client, person, role="coordinator", **scope)
    assert response.status_code == 400
    assert message in field_error(response, "organisation")
    assert db_snapshot() == before


def test_removing_a_role(admin):
    _, client = admin
    person = factories.user(email="t@example.org", role=Role.TRAINER)
    page = client.get(f"/admin/users/{person.id}")
    (remove,) = re.findall(r'action="(/admin/users/\d+/grants/\d+/remove)"', page.get_data(as_text=True))
    response = submit(client, f"/admin/users/{person.id}", {}, post_url=remove, follow_redirects=True)
    assert "Role removed." in response.get_data(as_text=True)
    assert _roles(person) == []


def test_an_administrator_cannot_remove_their_own_admin_role(admin):
    me, client = admin
    (grant,) = me.grants
    url = f"/admin/users/{me.id}/grants/{grant.id}/remove"
    response = submit(client, f"/admin/users/{me.id}", {}, post_url=url, follow_redirects=True)
    assert "You cannot remove your own administrator role." in response.get_data(as_text=True)
    assert _roles(me) == [("admin", 0, "")]
    assert client.get("/admin/users").status_code == 200


def test_another_administrator_can_remove_an_admin_role(app, admin):
    _, client = admin
    other = factories.user(email="other-admin@example.org", role=Role.ADMIN)
    url = f"/admin/users/{other.id}/grants/{other.grants[0].id}/remove"
    submit(client, f"/admin/users/{other.id}", {}, post_url=url)
    assert _roles(other) == []
    assert signed_in_client(app, "other-admin@example.org").get("/admin/users").status_code == 403


def test_a_grant_can_only_be_removed_through_its_own_user(admin):
    _, client = admin
    holder = factories.user(email="t@example.org", role=Role.TRAINER)
    bystander = factories.user(email="b@example.org")
    url = f"/admin/users/{bystander.id}/grants/{holder.grants[0].id}/remove"
    assert submit(client, f"/admin/users/{bystander.id}", {}, post_url=url).status_code == 404
    assert _roles(holder) == [("trainer", 0, "")]


def _visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _row(html: str, name: str) -> str:
    (row,) = [r for r in re.findall(r"<tr>(.*?)</tr>", html, re.DOTALL) if name in r]
    return _visible_text(row)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_roles_are_named_in_the_administrators_language(app, language):
    factories.user(email="admin@example.org", role=Role.ADMIN, locale=language)
    client = signed_in_client(app, "admin@example.org")
    org = factories.organisation("Lyon Health", "FR")
    camille = factories.user(email="c@example.org", name="Camille", role=Role.COORDINATOR, organisation=org)
    grant_role(camille, Role.TRAINER)
    db.session.commit()
    factories.user(email="l@example.org", name="Lina")
    with force_locale(language):
        label = {role: str(ROLE_LABELS[role]) for role in Role}
        active, remove = pgettext("account status", "Active"), gettext("Remove")
        coordinator_here = gettext("%(role)s for %(scope)s", role=label[Role.COORDINATOR], scope="Lyon Health")
        remove_names = {
            Role.COORDINATOR: gettext("Remove the role %(role)s", role=coordinator_here),
            Role.TRAINER: gettext("Remove the role %(role)s", role=label[Role.TRAINER]),
        }
        roles = format_list([label[Role.TRAINER], label[Role.COORDINATOR]], locale=language)
    if language == "fr":
        assert label[Role.COORDINATOR] != "Coordinator", "the French catalogue names this role"

    listing = client.get("/admin/users").get_data(as_text=True)
    assert _row(listing, "Camille") == f"Camille c@example.org {roles} {active}"
    assert _row(listing, "Lina") == f"Lina l@example.org {label[Role.LEARNER]} {active}"

    html = client.get(f"/admin/users/{camille.id}").get_data(as_text=True)
    detail = _visible_text(html)
    assert f"{label[Role.COORDINATOR]} · Lyon Health {remove}" in detail
    assert f"{label[Role.TRAINER]} {remove}" in detail
    # Each button's spoken name says which role it removes.
    for role in (Role.COORDINATOR, Role.TRAINER):
        assert f'aria-label="{escape(remove_names[role])}">{remove}</button>' in html
    # The stored identifiers are never shown as words.
    assert not re.search(r"\b(coordinator|trainer|learner)\b", detail)


def test_each_remove_button_names_the_role_and_where_it_applies(app, admin):
    """Two coordinator grants must not sound the same to a screen reader or voice control."""
    _, client = admin
    org = factories.organisation("Lyon Health", "FR")
    person = factories.user(email="c@example.org")
    _grant(client, person, role="coordinator", organisation=str(org.id))
    _grant(client, person, role="coordinator", country="IT")
    page = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    labels = re.findall(r'aria-label="([^"]+)">Remove</button>', page)
    assert sorted(labels) == ["Remove the role Coordinator for Italy", "Remove the role Coordinator for Lyon Health"]
    # The organisation list of the grant form names countries too.
    assert f'<option value="{org.id}">Lyon Health (France)</option>' in page
