"""Small factories for test data. Each flushes; the test's transaction is rolled back."""

from __future__ import annotations

import itertools
from pathlib import Path

from sqlalchemy import select

from app.auth.models import Role, User
from app.auth.services import register_user
from app.extensions import db
from app.orgs.models import Organisation
from app.orgs.services import create_invitation, create_organisation, grant_role

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def organisation(name: str | None = None, country: str = "MT") -> Organisation:
    return create_organisation(name or f"Organisation {next(_counter)}", country)


def user(
    *, email: str | None = None, name: str = "Test Person", role: Role = Role.LEARNER,
    organisation: Organisation | None = None, country: str | None = None, locale: str | None = None,
) -> User:
    person = register_user(
        email=email or f"person{next(_counter)}@example.org", password=PASSWORD, display_name=name, locale=locale
    )
    if organisation is not None:
        person.organisations.append(organisation)
        person.country = organisation.country
    if role is Role.COORDINATOR:
        grant_role(person, role, organisation=organisation if country is None else None, country=country)
    elif role is not Role.LEARNER:
        grant_role(person, role)
    db.session.commit()
    return person


def invitation(org: Organisation, creator: User, days: int = 30, max_uses: int | None = None):
    invite = create_invitation(org, creator, days=days, max_uses=max_uses)
    db.session.commit()
    return invite


# --- published courses ----------------------------------------------------------------------

CONTENT = Path(__file__).resolve().parents[1] / "content"
_builds: dict[tuple[str, str], object] = {}


def published_course(course_id: str = "example-course", content_root: Path | None = None):
    """Publish one course folder as `flask content publish` would; returns its CourseVersion.

    Default: a shipped course from content/ (`example-course` lives at content/example-course,
    the others in content/courses/). Builds are pure and content does not change during a
    run, so each folder is built once per session.
    """
    from app.courses import publishing
    from app.courses.models import CourseVersion

    root = content_root or CONTENT
    folder = root / course_id if (root / course_id / "course.md").exists() else root / "courses" / course_id
    key = (str(folder), str(root))
    if key not in _builds or content_root is not None:
        taxonomy, report = publishing.taxonomy_for(CONTENT if not (root / "sectors.yml").exists() else root)
        assert not report.has_errors, report
        build = publishing.build_for_publishing(folder, root, taxonomy, "en")
        assert build.ok, [d.format() for d in build.diagnostics]
        _builds[key] = build
    result = publishing.publish_course(_builds[key], folder)
    db.session.commit()
    return db.session.scalar(
        select(CourseVersion).where(CourseVersion.course_id == course_id, CourseVersion.content_hash == result.content_hash)
    )
