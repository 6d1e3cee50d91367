"""What browser tests do again and again: check accessibility, sign in, make test data."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from playwright.sync_api import Page, expect

from app.auth.models import Role, User
from app.extensions import db
from app.orgs.models import Organisation
from tests import factories

HERE = Path(__file__).parent
AXE = HERE / "vendor" / "axe.min.js"
SCREENSHOTS = HERE.parents[1] / "test-output" / "screenshots"

# WCAG 2.0, 2.1 and 2.2, levels A and AA: what the partners' public-sector rules require.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def unique_email(who: str = "person") -> str:
    """An address no other test uses: the live database is shared by the whole session."""
    return f"{who}-{uuid.uuid4().hex[:10]}@example.org"


def unique_name(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:6]}"


def screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot in test-output/screenshots/<name>.png (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_accessible(page: Page, name: str) -> None:
    """Run axe-core's WCAG A/AA rules on the page as it is now; fail listing every violation."""
    screenshot(page, name)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations = results["violations"]
    if violations:
        lines = [f"axe-core found {len(violations)} accessibility violation(s) on {name} ({page.url}):"]
        for violation in violations:
            lines.append(f"- {violation['id']} [{violation['impact']}]: {violation['help']} ({violation['helpUrl']})")
            for node in violation["nodes"]:
                summary = " ".join(line.strip() for line in (node.get("failureSummary") or "").splitlines()[1:])
                lines.append(f"    at {json.dumps(node['target'])}: {summary}")
        raise AssertionError("\n".join(lines))


def sign_in(page: Page, email: str, password: str = factories.PASSWORD) -> None:
    """Sign in through the form. Fields are found by id, so this works in every language."""
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(sign_out_button(page)).to_be_visible()


def sign_out_button(page: Page):
    return page.locator("form[action$='/logout'] button")


def html(page: Page):
    return page.locator("html")


def create_user(
    live_server,
    email: str,
    *,
    role: Role = Role.LEARNER,
    name: str = "Test Person",
    with_organisation: str | None = None,
) -> dict:
    """A user (and optionally their organisation) committed to the live server's database."""
    with live_server.app.app_context():
        organisation = factories.organisation(with_organisation) if with_organisation else None
        user = factories.user(email=email, name=name, role=role, organisation=organisation)
        return {
            "id": user.id,
            "email": user.email,
            "organisation_id": organisation.id if organisation else None,
            "organisation_name": organisation.name if organisation else None,
        }


def create_invitation(live_server, organisation_id: int, creator_id: int) -> str:
    """An invitation link (its token) committed to the live server's database."""
    with live_server.app.app_context():
        invitation = factories.invitation(
            db.session.get(Organisation, organisation_id), db.session.get(User, creator_id)
        )
        return invitation.token
