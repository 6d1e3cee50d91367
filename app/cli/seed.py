"""`flask demo seed`: thousands of realistic demo learners and their records, fast.

For demonstrations, report screens and benchmarks. Rows go in with bulk inserts (COPY on
PostgreSQL), and every learner shares one password hash, computed once: hashing 100,000
passwords with Argon2 would take longer than everything else together. These accounts are
demo data, recognisable by their e-mail domain; the command refuses to run in production
without --force.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import and_, func, select, text

from app.auth.models import User
from app.auth.passwords import hash_password
from app.certificates.models import Certificate
from app.certificates.services import new_code
from app.cli.accounts import demo_cli
from app.cli.bulk_insert import insert_rows
from app.cli.content import publish_command
from app.cli.seed_people import SEED_DOMAIN, SeedLearner, SeedOrganisation, make_learners, make_organisations
from app.cli.seed_records import SPAN_DAYS, SeedCourse, course_order, learner_records, spread_rows
from app.core.taxonomy import taxonomy
from app.courses import publishing
from app.courses.models import Course, CourseVersion, Enrolment, LessonProgress
from app.extensions import db
from app.orgs.models import Organisation, memberships
from app.quiz.models import QuizAttempt

CHUNK = 5_000  # learners generated and written at a time: memory stays flat at any size
COLUMNS = {
    "users": (
        "id",
        "email",
        "password_hash",
        "display_name",
        "locale",
        "country",
        "sector",
        "subsector",
        "level",
        "is_active",
        "session_version",
        "created_at",
        "last_login_at",
    ),
    "memberships": ("user_id", "organisation_id"),
    "enrolments": (
        "user_id",
        "course_id",
        "started_at",
        "last_activity_at",
        "last_lesson_id",
        "content_note_acknowledged_at",
        "progress_percent",
        "best_score",
        "attempts_count",
        "completed_at",
        "completed_version_hash",
    ),
    "lesson_progress": ("user_id", "course_id", "lesson_id", "version_hash", "started_at", "completed_at"),
    "quiz_attempts": (
        "user_id",
        "course_id",
        "version_hash",
        "number",
        "question_ids",
        "option_orders",
        "started_at",
        "submitted_at",
        "score",
        "passed",
    ),
    "certificates": (
        "code",
        "user_id",
        "course_id",
        "version_hash",
        "holder_name",
        "learning_minutes",
        "score",
        "organisation_name",
        "sector",
        "completed_at",
        "issued_at",
    ),
}
TABLES = {
    "users": User.__table__,
    "memberships": memberships,
    "enrolments": Enrolment.__table__,
    "lesson_progress": LessonProgress.__table__,
    "quiz_attempts": QuizAttempt.__table__,
    "certificates": Certificate.__table__,
}


@demo_cli.command("seed")
@click.option("--learners", default=10_000, show_default=True, type=click.IntRange(min=1), help="How many learners.")
@click.option(
    "--progress-rows",
    default=1_000_000,
    show_default=True,
    type=click.IntRange(min=0),
    help="Lesson progress rows in all (the default shrinks to half of what the courses hold if need be).",
)
@click.option(
    "--courses",
    "course_count",
    type=click.IntRange(min=1),
    help="Spread learners over this many published courses [all]; publishes content/ if none is.",
)
@click.option(
    "--organisations",
    default=60,
    show_default=True,
    type=click.IntRange(min=1),
    help="Organisations, spread over MT, GB, ES, IT, FR and DE.",
)
@click.option("--seed", "seed", default=1, show_default=True, help="The same seed gives the same data.")
@click.option(
    "--end-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Activity spreads over the 18 months before this day [today]; fix it to reproduce data exactly.",
)
@click.option("--append", is_flag=True, help="Add learners to a database that already has seeded ones.")
@click.option("--force", is_flag=True, help="Run even in production (creates accounts with a known password).")
def seed_command(
    learners: int,
    progress_rows: int,
    course_count: int | None,
    organisations: int,
    seed: int,
    end_date: datetime | None,
    append: bool,
    force: bool,
) -> None:
    """Create demo learners with enrolments, lesson progress, quiz attempts and certificates."""
    started = time.perf_counter()
    _refuse_production(force)
    already = db.session.scalar(select(func.count()).select_from(User).where(User.email.like(f"%@{SEED_DOMAIN}")))
    if already and not append:
        raise click.ClickException(f"this database already has {already:,} seeded learners; add --append to add more")
    courses = _courses(course_count)
    capacity = sum(len(course.lessons) for course in courses)
    if progress_rows > learners * capacity:
        fits = learners * capacity
        if click.get_current_context().get_parameter_source("progress_rows").name != "DEFAULT":
            raise click.ClickException(
                f"{progress_rows:,} lesson progress rows do not fit: {learners:,} learners x {capacity} lessons "
                f"in {len(courses)} courses hold {fits:,}. Ask for fewer rows, more learners, or publish more courses."
            )
        # Half of what fits, so that learners are at different points rather than all done.
        progress_rows = fits // 2
        click.echo(
            f"Note: {learners:,} learners x {capacity} lessons hold {fits:,} progress rows; "
            f"seeding {progress_rows:,} (--progress-rows asks for a number)."
        )

    rng = random.Random(f"{seed}:{already + 1}")
    end = datetime.combine((end_date or datetime.now(UTC)).date(), datetime.min.time())
    tax = taxonomy()
    sector_ids = tax.sector_ids()
    organisation_ids = _organisations(organisations, sector_ids)
    people = make_learners(
        rng,
        already + 1,
        learners,
        list(organisation_ids),
        {s.id: [sub.id for sub in s.subsectors] for s in tax.sectors},
        sector_ids,
    )
    budgets = spread_rows(rng, progress_rows, learners, capacity)
    counts = _write(rng, people, budgets, courses, organisation_ids, end)
    db.session.commit()
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("ANALYZE " + ", ".join(TABLES) + ", certificate_revisions"))
        db.session.commit()
    _report(counts, people, courses, organisations, seed, end.date(), time.perf_counter() - started)


def _refuse_production(force: bool) -> None:
    if current_app.config.get("ENV_NAME") != "production":
        return
    if not force:
        raise click.ClickException(
            "refusing to seed demo learners in production (APP_ENV=production); "
            "add --force if this really is a throwaway copy"
        )
    click.echo(
        "WARNING: seeding demo learners into a PRODUCTION configuration (--force). They all share the demo "
        f"password and have e-mails at {SEED_DOMAIN}.",
        err=True,
    )


def _courses(wanted: int | None) -> list[SeedCourse]:
    """The published courses to use, publishing the shipped ones first if there are too few."""
    courses = _published()
    if not courses:
        click.echo("No course is published yet: publishing content/ first.")
        click.get_current_context().invoke(publish_command)
        courses = _published()
    example = Path(current_app.config["CONTENT_DIR"]) / "example-course"
    if (
        wanted
        and len(courses) < wanted
        and (example / "course.md").exists()
        and "example-course" not in {c.id for c in courses}
    ):
        click.echo(f"Only {len(courses)} courses are published: publishing content/example-course too.")
        _publish_folder(example)
        courses = _published()
    if wanted and len(courses) < wanted:
        raise click.ClickException(f"only {len(courses)} courses are published; publish more or ask for fewer")
    if not courses:
        raise click.ClickException("no course is published and content/ has none to publish")
    return courses[:wanted] if wanted else courses


def _published() -> list[SeedCourse]:
    rows = db.session.execute(
        select(Course.id, CourseVersion.content_hash, CourseVersion.source_locale, CourseVersion.manifest)
        .join(
            CourseVersion, and_(CourseVersion.course_id == Course.id, CourseVersion.content_hash == Course.current_hash)
        )
        .where(Course.retired_at.is_(None))
        .order_by(Course.id)
    )
    return [SeedCourse.from_version(*row) for row in rows]


def _publish_folder(folder: Path) -> None:
    root = folder.parent
    tax, report = publishing.taxonomy_for(root)
    build = publishing.build_for_publishing(
        folder, root, None if report.has_errors else tax, current_app.config["BABEL_DEFAULT_LOCALE"]
    )
    if not build.ok:
        raise click.ClickException(f"{folder} does not publish: run flask content validate {folder}")
    publishing.publish_course(build, folder)
    db.session.commit()


def _organisations(count: int, sector_ids: list[str]) -> dict[SeedOrganisation, int]:
    """The seed's organisations and their ids: existing ones (same name and country) reused."""
    wanted = make_organisations(count, sector_ids)
    existing = {(o.name, o.country): o for o in db.session.scalars(select(Organisation))}
    for org in wanted:
        if (org.name, org.country) not in existing:
            existing[(org.name, org.country)] = Organisation(name=org.name, country=org.country)
            db.session.add(existing[(org.name, org.country)])
    db.session.flush()
    return {org: existing[(org.name, org.country)].id for org in wanted}


def _write(
    rng: random.Random,
    people: list[SeedLearner],
    budgets: list[int],
    courses: list[SeedCourse],
    organisation_ids: dict[SeedOrganisation, int],
    end: datetime,
) -> dict[str, int]:
    """Generate and insert the records, a chunk of learners at a time; returns row counts."""
    password_hash = hash_password(current_app.config["DEMO_PASSWORD"])  # once: every learner shares it
    user_ids = _reserve_ids(len(people))
    codes = set(db.session.scalars(select(Certificate.code)))
    counts = dict.fromkeys([*TABLES, "completions"], 0)
    for start in range(0, len(people), CHUNK):
        rows: dict[str, list[tuple]] = {name: [] for name in TABLES}
        for person, budget, user_id in zip(
            people[start : start + CHUNK], budgets[start : start + CHUNK], user_ids[start : start + CHUNK], strict=True
        ):
            created = end - timedelta(days=1 + (SPAN_DAYS - 1) * rng.random() ** 1.3, seconds=rng.uniform(0, 86_400))
            records = learner_records(rng, user_id, course_order(rng, courses, person.sector), budget, created, end)
            rows["users"].append(
                (
                    user_id,
                    person.email,
                    password_hash,
                    person.display_name,
                    person.locale,
                    person.country,
                    person.sector,
                    person.subsector,
                    person.level,
                    True,
                    1,
                    created,
                    records.last_seen,
                )
            )
            org = person.organisation
            rows["memberships"].append((user_id, organisation_ids[org]))
            rows["enrolments"] += records.enrolments
            rows["lesson_progress"] += records.progress
            rows["quiz_attempts"] += records.attempts
            counts["completions"] += len(records.completions)
            for course, completed_at, best in records.completions:
                if course.certificate:
                    rows["certificates"].append(
                        (
                            _unused(codes),
                            user_id,
                            course.id,
                            course.content_hash,
                            person.display_name,
                            course.minutes,
                            best,
                            org.name,
                            person.sector,
                            completed_at,
                            completed_at,
                        )
                    )
        for name, table in TABLES.items():
            counts[name] += insert_rows(table, COLUMNS[name], rows[name])
    # Every certificate's history starts with its issue, as issue_certificate records it.
    db.session.execute(
        text(
            "INSERT INTO certificate_revisions (certificate_id, action, holder_name, at) "
            "SELECT c.id, 'issued', c.holder_name, c.issued_at FROM certificates c JOIN users u ON u.id = c.user_id "
            "WHERE u.email LIKE :domain AND NOT EXISTS (SELECT 1 FROM certificate_revisions r WHERE r.certificate_id = c.id)"
        ),
        {"domain": f"%@{SEED_DOMAIN}"},
    )
    return counts


def _reserve_ids(count: int) -> list[int]:
    """User ids for the new learners, taken up front so each chunk can be written in one go."""
    if db.session.get_bind().dialect.name == "postgresql":
        return sorted(
            db.session.scalars(
                text("SELECT nextval(pg_get_serial_sequence('users', 'id')) FROM generate_series(1, :n)"), {"n": count}
            )
        )
    highest = db.session.scalar(select(func.coalesce(func.max(User.id), 0)))
    return list(range(highest + 1, highest + 1 + count))


def _unused(codes: set[str]) -> str:
    while (code := new_code()) in codes:
        continue
    codes.add(code)
    return code


def _report(
    counts: dict[str, int],
    people: list[SeedLearner],
    courses: list[SeedCourse],
    organisations: int,
    seed: int,
    end: date,
    seconds: float,
) -> None:
    click.echo(f"Seeded in {seconds:.1f} s (seed {seed}, activity up to {end.isoformat()}):")
    lines = [
        ("learners", counts["users"], f"{people[0].email} to {people[-1].email}"),
        ("organisations", organisations, "in MT, GB, ES, IT, FR and DE"),
        ("courses", len(courses), ", ".join(course.id for course in courses)),
        ("enrolments", counts["enrolments"], ""),
        ("lesson progress rows", counts["lesson_progress"], ""),
        ("quiz attempts", counts["quiz_attempts"], ""),
        ("completed courses", counts["completions"], ""),
        ("certificates", counts["certificates"], "codes from app.certificates.services.new_code"),
    ]
    for label, number, note in lines:
        click.echo(f"  {label:<22}{number:>10,}  {note}".rstrip())
    click.echo(
        f"Every seeded learner signs in with the demo password {current_app.config['DEMO_PASSWORD']!r} "
        "(hashed once and shared: demo data only)."
    )
