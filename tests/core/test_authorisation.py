"""Every route declares who may use it, and the app enforces exactly that for every role."""

from __future__ import annotations

import pytest

from app.auth.access import ANONYMOUS_ONLY, AUTHENTICATED, PUBLIC
from app.auth.models import Role
from tests import factories
from tests.certificates.helpers import issued_certificate
from tests.helpers import csrf_token_from, redirects_to_login, signed_in_client, submit
from tests.quiz.helpers import open_attempt_id

DUMMY = "not-a-real-token"
# Actors, each signed in (or not) in their own browser.
ACTORS = ["anonymous", "learner", "trainer", "coordinator", "admin"]
# What each actor holds; admins hold every role (app/auth/access.py).
HOLDS = {
    "learner": {Role.LEARNER},
    "trainer": {Role.LEARNER, Role.TRAINER},
    "coordinator": {Role.LEARNER, Role.COORDINATOR},
    "admin": set(Role),
}


def _rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def test_every_route_declares_who_may_use_it(app):
    undeclared = []
    for rule in _rules(app):
        access = getattr(app.view_functions[rule.endpoint], "access", None)
        valid = access in (PUBLIC, ANONYMOUS_ONLY, AUTHENTICATED) or (
            isinstance(access, frozenset) and access and all(isinstance(r, Role) for r in access)
        )
        if not valid:
            undeclared.append(f"{rule.rule} ({rule.endpoint}): {access!r}")
    assert not undeclared, "routes without an access rule (use a decorator from app/auth/access.py):\n" + "\n".join(
        undeclared
    )


@pytest.fixture
def world():
    """One of each thing a URL can name, and one person per role."""
    org = factories.organisation("Managed Org")
    people = {
        "learner": factories.user(email="learner@example.org", organisation=org),
        "trainer": factories.user(email="trainer@example.org", role=Role.TRAINER),
        "coordinator": factories.user(email="coordinator@example.org", role=Role.COORDINATOR, organisation=org),
        "admin": factories.user(email="admin@example.org", role=Role.ADMIN),
    }
    # A separate person for admin actions to act on, so no actor changes their own account.
    target = factories.user(email="target@example.org", role=Role.TRAINER, organisation=org)
    course = factories.published_course("example-course")
    lesson = next(lesson for lesson in course.manifest["lessons"] if lesson["id"] == "first-line-support")
    # Certificates are owner-only (anyone else's answers 404): each actor gets their own, and the
    # `code` value is a function of the actor (see _url).
    certificates = {who: issued_certificate(person, course) for who, person in people.items()}
    # Quiz attempts are owner-only too (anyone else's answers 404): each actor has an open one.
    attempts = {who: open_attempt_id(person, course) for who, person in people.items()}
    return {
        "people": people,
        "values": {
            "organisation_id": org.id,
            "user_id": target.id,
            "grant_id": target.grants[0].id,
            "invitation_id": factories.invitation(org, people["coordinator"]).id,
            "token": DUMMY,
            # Courses (app/courses/routes.py): the example course, a lesson with a check and a reflection.
            "course_id": course.course_id,
            "lesson_id": lesson["id"],
            "check_id": "first-words",
            "reflection_id": "first-line-support-reflection-1",
            "version": course.content_hash[:16],
            "path": course.manifest["media"][0]["path"],
            # Certificates (app/certificates/routes.py): the actor's own (the learner's for anonymous).
            "code": lambda actor: certificates.get(actor, certificates["learner"]).code,
            # Quiz (app/quiz/routes.py): the actor's own open attempt on the example course.
            "attempt_id": lambda actor: attempts.get(actor, attempts["learner"]),
        },
    }


def _url(app, rule, values, actor=None):
    missing = set(rule.arguments) - set(values)
    assert not missing, f"{rule.rule}: the test does not know how to fill {missing}; add a value to `world`"
    # A value may depend on who asks (a function of the actor): things only their owner may open.
    filled = {a: values[a](actor) if callable(values[a]) else values[a] for a in rule.arguments}
    with app.test_request_context():
        return app.url_map.bind("localhost").build(rule.endpoint, filled)


def _problem(actor, access, rule, method, response):
    """What is wrong with this response, or None if it is what the access rule promises."""
    status = response.status_code
    dummy_param = "token" in rule.arguments  # a dummy token is refused with 400/404, not by authorisation
    allowed_statuses = range(200, 400)
    if status >= 500:
        return f"server error {status}"
    if access == PUBLIC:
        ok = status in allowed_statuses or (method == "POST" and status == 400)
        return None if ok else f"public route answered {status}"
    if access == ANONYMOUS_ONLY:
        if actor != "anonymous":
            ok = status in (302, 303) and not redirects_to_login(response)
            return None if ok else f"a signed-in person should be sent on, got {status}"
        if rule.endpoint == "auth.register":  # closed by default: a 403 page that explains (tests/auth)
            return None if status == 403 else f"closed registration answered {status}"
        ok = status in allowed_statuses or status == 400 and method == "POST" or dummy_param and status in (400, 404)
        return None if ok else f"anonymous-only route answered {status}"
    # AUTHENTICATED or a set of roles
    if actor == "anonymous":
        return None if redirects_to_login(response) else f"anonymous should be sent to /login, got {status}"
    may = access == AUTHENTICATED or bool(HOLDS[actor] & access)
    if not may:
        return None if status == 403 else f"should be refused with 403, got {status}"
    ok = (status in allowed_statuses and not redirects_to_login(response)) or (status == 400 and method == "POST")
    return None if ok else f"should be allowed, got {status}"


@pytest.mark.parametrize("actor", ACTORS)
def test_every_route_answers_each_role_as_its_rule_says(app, world, actor):
    if actor == "anonymous":
        client = app.test_client()
        token = csrf_token_from(client.get("/login"))
    else:
        client = signed_in_client(app, world["people"][actor].email)
        token = csrf_token_from(client.get("/"))
    # Restore this session before each request, so that signing out (or anything else a
    # request does to the cookie) does not change who makes the next request.
    session_cookie = client.get_cookie("session").value

    problems = []
    for rule in _rules(app):
        access = app.view_functions[rule.endpoint].access
        url = _url(app, rule, world["values"], actor)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            client.set_cookie("session", session_cookie)
            data = {"csrf_token": token} if method == "POST" else None
            response = client.open(url, method=method, data=data)
            problem = _problem(actor, access, rule, method, response)
            if problem:
                problems.append(f"{method} {url} as {actor}: {problem}")
    assert not problems, "\n".join(problems)


@pytest.fixture
def two_organisations():
    mine = factories.organisation("Mine")
    theirs = factories.organisation("Theirs")
    coordinator = factories.user(email="coord@example.org", role=Role.COORDINATOR, organisation=mine)
    their_coordinator = factories.user(email="other@example.org", role=Role.COORDINATOR, organisation=theirs)
    return mine, theirs, coordinator, factories.invitation(theirs, their_coordinator)


def test_a_coordinator_cannot_see_or_change_another_organisation(app, two_organisations):
    mine, theirs, coordinator, their_invitation = two_organisations
    client = signed_in_client(app, coordinator.email)

    assert client.get(f"/organisations/{theirs.id}").status_code == 404
    page = f"/organisations/{mine.id}"
    assert submit(client, page, {"days": "7"}, post_url=f"/organisations/{theirs.id}/invitations").status_code == 404
    revoke = f"/organisations/{theirs.id}/invitations/{their_invitation.id}/revoke"
    assert submit(client, page, {}, post_url=revoke).status_code == 404
    # Their invitation cannot be reached through my organisation's address either.
    revoke_via_mine = f"/organisations/{mine.id}/invitations/{their_invitation.id}/revoke"
    assert submit(client, page, {}, post_url=revoke_via_mine).status_code == 404

    listing = client.get("/organisations/").get_data(as_text=True)
    assert "Mine" in listing and "Theirs" not in listing
    assert their_invitation.revoked_at is None
