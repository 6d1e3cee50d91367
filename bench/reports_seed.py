"""Fast, reproducible report data for bench/reports.py: learners, enrolments, attempts, certificates.

Generated inside PostgreSQL (INSERT ... SELECT over generate_series, seeded random()), which
is faster than any client-side COPY: 100,000 learners x 10 courses load in well under a
minute. Used only when the seed engineer's `flask demo seed` (app/cli/seed.py) is absent.
"""

from __future__ import annotations

import json

from sqlalchemy import text
from sqlalchemy.engine import Connection

COUNTRIES = ["MT", "GB", "ES", "IT", "FR", "DE"]
SECTORS = ["police", "criminal-justice", "health", "medico-legal", "social-services", "third-sector"]
LEVELS = ["frontline", "crisis", "post-crisis"]
LOCALES = ["en", "mt", "es", "it", "fr", "de", "ar"]
ORGANISATIONS_PER_COUNTRY = 10


def course_ids(count: int) -> list[str]:
    return [f"bench-course-{n:02d}" for n in range(1, count + 1)]


def seed(connection: Connection, *, learners: int, courses: int) -> None:
    """Fill an empty, migrated PostgreSQL database with courses, organisations, learners and records."""
    connection.execute(text("SELECT setseed(0.42)"))
    _courses(connection, courses)
    _organisations(connection)
    _learners(connection, learners)
    _enrolments(connection)
    _attempts(connection)
    _certificates(connection)


def _courses(connection: Connection, count: int) -> None:
    for number, course_id in enumerate(course_ids(count), start=1):
        content_hash = f"{number:064x}"
        manifest = {
            "settings": {"duration_minutes": 60, "certificate": True, "sectors": ["all"]},
            "metadata": {"en": {"title": f"Bench course {number}", "summary": "Bench."}},
            "quiz": {"en": {"settings": {"pass_mark": 80}}},
            "lessons": [{"id": f"lesson-{n}", "number": n, "optional": False} for n in range(1, 6)],
            "media": [],
        }
        connection.execute(
            text("INSERT INTO courses (id, current_hash, created_at) VALUES (:id, :hash, now())"),
            {"id": course_id, "hash": content_hash},
        )
        connection.execute(
            text(
                "INSERT INTO course_versions (course_id, content_hash, source_locale, locales, manifest, published_at)"
                " VALUES (:id, :hash, 'en', '[\"en\"]', :manifest, now())"
            ),
            {"id": course_id, "hash": content_hash, "manifest": json.dumps(manifest)},
        )


def _organisations(connection: Connection) -> None:
    # Organisation k (1-based) is in COUNTRIES[(k - 1) % 6], so learner i's organisation
    # 1 + i % 60 is in their own country COUNTRIES[i % 6].
    rows = [
        {"id": k, "name": f"Bench organisation {k}", "country": COUNTRIES[(k - 1) % len(COUNTRIES)]}
        for k in range(1, ORGANISATIONS_PER_COUNTRY * len(COUNTRIES) + 1)
    ]
    connection.execute(
        text("INSERT INTO organisations (id, name, country, created_at) VALUES (:id, :name, :country, now())"), rows
    )
    connection.execute(text("SELECT setval('organisations_id_seq', (SELECT max(id) FROM organisations))"))


def _learners(connection: Connection, count: int) -> None:
    organisations = ORGANISATIONS_PER_COUNTRY * len(COUNTRIES)
    connection.execute(
        text(
            """
            INSERT INTO users (id, email, password_hash, display_name, locale, country, sector, level,
                               is_active, session_version, created_at)
            SELECT i, 'learner' || i || '@bench.example.org', 'not-a-hash', 'Learner ' || i,
                   (CAST(:locales AS text[]))[1 + i % 7], (CAST(:countries AS text[]))[1 + i % 6],
                   CASE WHEN i % 17 = 0 THEN NULL ELSE (CAST(:sectors AS text[]))[1 + (i / 7) % 6] END,
                   CASE WHEN i % 13 = 0 THEN NULL ELSE (CAST(:levels AS text[]))[1 + (i / 3) % 3] END,
                   true, 1, timestamp '2025-01-01' + (i % 365) * interval '1 day'
            FROM generate_series(1, :count) AS i
            """
        ),
        {"count": count, "locales": LOCALES, "countries": COUNTRIES, "sectors": SECTORS, "levels": LEVELS},
    )
    connection.execute(
        text("INSERT INTO memberships (user_id, organisation_id) SELECT id, 1 + id % :orgs FROM users"),
        {"orgs": organisations},
    )
    connection.execute(text("SELECT setval('users_id_seq', (SELECT max(id) FROM users))"))


def _enrolments(connection: Connection) -> None:
    # About 75% of learner-course pairs started, 60% of those completed within 90 days.
    connection.execute(
        text(
            """
            INSERT INTO enrolments (user_id, course_id, started_at, last_activity_at, progress_percent,
                                    best_score, attempts_count, completed_at, completed_version_hash)
            SELECT user_id, course_id, started_at, coalesce(completed_at, started_at + interval '1 day'),
                   CASE WHEN completed THEN 100 ELSE floor(r_progress * 100)::int END,
                   CASE WHEN attempts > 0 THEN CASE WHEN completed THEN 80 + floor(r_score * 21)
                                                    ELSE floor(r_score * 80) END END,
                   attempts, completed_at, CASE WHEN completed THEN current_hash END
            FROM (
                SELECT *, CASE WHEN completed THEN started_at + (1 + floor(r_days * 90)) * interval '1 day' END
                              AS completed_at,
                          CASE WHEN completed THEN 1 + floor(r_attempts * 3)::int
                               WHEN r_attempts < 0.3 THEN 1 ELSE 0 END AS attempts
                FROM (
                    -- random() in the select list of the pairs: one draw per learner and course.
                    SELECT u.id AS user_id, c.id AS course_id, c.current_hash,
                           timestamp '2025-01-01' + random() * interval '600 days' AS started_at,
                           random() < 0.6 AS completed, random() AS r_days, random() AS r_attempts,
                           random() AS r_progress, random() AS r_score
                    FROM users u CROSS JOIN courses c
                    WHERE random() < 0.75
                ) draws
            ) pairs
            """
        )
    )


def _attempts(connection: Connection) -> None:
    # One row per graded attempt; the last attempt of a completed enrolment passed.
    connection.execute(
        text(
            """
            INSERT INTO quiz_attempts (user_id, course_id, version_hash, number, question_ids, option_orders,
                                       started_at, submitted_at, score, passed)
            SELECT e.user_id, e.course_id, c.current_hash, n, '[]', '{}',
                   e.started_at + n * interval '1 hour', e.started_at + n * interval '1 hour' + interval '20 minutes',
                   CASE WHEN n = e.attempts_count THEN e.best_score ELSE floor(random() * 80) END,
                   e.completed_at IS NOT NULL AND n = e.attempts_count
            FROM enrolments e JOIN courses c ON c.id = e.course_id
            CROSS JOIN LATERAL generate_series(1, e.attempts_count) AS n
            """
        )
    )


def _certificates(connection: Connection) -> None:
    # Every completion is certified; one in fifty certificates is revoked.
    connection.execute(
        text(
            """
            INSERT INTO certificates (code, user_id, course_id, version_hash, holder_name, learning_minutes, score,
                                      organisation_name, sector, completed_at, issued_at, revoked_at)
            SELECT upper(substr(md5(e.id::text), 1, 12)), e.user_id, e.course_id, e.completed_version_hash,
                   u.display_name, 60, e.best_score, NULL, u.sector, e.completed_at, e.completed_at,
                   CASE WHEN e.id % 50 = 0 THEN e.completed_at + interval '7 days' END
            FROM enrolments e JOIN users u ON u.id = e.user_id
            WHERE e.completed_at IS NOT NULL
            """
        )
    )


def add_staff(connection: Connection, password_hash: str, *, organisation_id: int, country: str) -> dict[str, str]:
    """An administrator, a coordinator of one organisation and one of a country; returns their e-mails."""
    people = {
        "administrator": ("bench-admin@bench.example.org", "admin", None, None),
        "organisation coordinator": ("bench-org-coordinator@bench.example.org", "coordinator", organisation_id, None),
        "country coordinator": ("bench-country-coordinator@bench.example.org", "coordinator", None, country),
    }
    for who, (email, role, grant_organisation, grant_country) in people.items():
        user_id = connection.execute(
            text(
                "INSERT INTO users (email, password_hash, display_name, locale, is_active, session_version, created_at)"
                " VALUES (:email, :hash, :name, 'en', true, 1, now()) RETURNING id"
            ),
            {"email": email, "hash": password_hash, "name": f"Bench {who}"},
        ).scalar_one()
        connection.execute(
            text(
                "INSERT INTO role_grants (user_id, role, organisation_id, country, created_at)"
                " VALUES (:user_id, :role, :organisation_id, :country, now())"
            ),
            {"user_id": user_id, "role": role, "organisation_id": grant_organisation, "country": grant_country},
        )
    return {who: email for who, (email, *_grant) in people.items()}
