"""`flask demo seed`: many demo learners whose records agree with each other, reproducibly."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, func, select

from app.auth.models import User
from app.certificates.models import Certificate, CertificateRevision
from app.certificates.services import CODE_ALPHABET, CODE_LENGTH
from app.courses import completion
from app.courses.models import Course, CourseVersion, Enrolment, LessonProgress
from app.extensions import db
from app.orgs.models import Organisation, memberships
from app.quiz.models import QuizAttempt
from config import ProductionConfig
from tests import factories
from tests.helpers import build_app, dispose, in_test_transaction, signed_in_client

SEEDED = "%@seed.example.org"
# 13 lessons between them: 50 learners x 13 = 650 rows at most, so 500 fit.
COURSES = ("responding-to-disclosures", "trafficking-and-exploitation", "example-course")
SMALL = ["--learners", "50", "--progress-rows", "500", "--organisations", "12", "--end-date", "2026-06-30"]


@pytest.fixture
def courses():
    return [factories.published_course(course_id) for course_id in COURSES]


def _seed(runner, *extra):
    return runner.invoke(args=["demo", "seed", *SMALL, *extra])


def _count(model_or_table, *where):
    return db.session.scalar(select(func.count()).select_from(model_or_table).where(*where))


def _seeded_users():
    return _count(User, User.email.like(SEEDED))


def test_seed_makes_the_learners_and_rows_asked_for_who_can_sign_in(app, runner, courses):
    result = _seed(runner, "--seed", "3")
    assert result.exit_code == 0, result.output
    assert _seeded_users() == 50
    assert _count(LessonProgress) == 500
    assert _count(memberships) == 50  # each learner belongs to one organisation
    countries = set(db.session.scalars(select(User.country).where(User.email.like(SEEDED))))
    assert countries <= {"MT", "GB", "ES", "IT", "FR", "DE"} and len(countries) >= 3
    assert set(db.session.scalars(select(Organisation.country))) == {"MT", "GB", "ES", "IT", "FR", "DE"}
    assert "lesson progress rows         500" in result.output
    # One shared hash of the demo password: any seeded learner signs in through the real form.
    assert _count(User, User.email.like(SEEDED)) == 50
    assert len(set(db.session.scalars(select(User.password_hash).where(User.email.like(SEEDED))))) == 1
    client = signed_in_client(app, "learner000050@seed.example.org", app.config["DEMO_PASSWORD"])
    assert client.get("/account/profile").status_code == 200


def test_enrolments_agree_with_lesson_rows_attempts_and_certificates(runner, courses):
    assert _seed(runner).exit_code == 0
    manifests = {v.course_id: v for v in courses}
    completed_by_enrolment = {}
    for user_id, course_id, lesson_id in db.session.execute(
        select(LessonProgress.user_id, LessonProgress.course_id, LessonProgress.lesson_id).where(
            LessonProgress.completed_at.is_not(None)
        )
    ):
        completed_by_enrolment.setdefault((user_id, course_id), set()).add(lesson_id)
    enrolments = db.session.scalars(select(Enrolment)).all()
    assert {(e.user_id, e.course_id) for e in enrolments} >= set(completed_by_enrolment)
    completed = 0
    for enrolment in enrolments:
        version = manifests[enrolment.course_id]
        done = completed_by_enrolment.get((enrolment.user_id, enrolment.course_id), set())
        assert enrolment.progress_percent == completion.progress_percent(version.manifest, done)
        scores = db.session.scalars(
            select(QuizAttempt.score).where(
                QuizAttempt.user_id == enrolment.user_id,
                QuizAttempt.course_id == enrolment.course_id,
                QuizAttempt.submitted_at.is_not(None),
            )
        ).all()
        assert enrolment.attempts_count == len(scores)
        assert enrolment.best_score == (max(scores) if scores else None)
        passed = bool(scores) and max(scores) >= version.manifest["quiz"]["en"]["settings"]["pass_mark"]
        assert (enrolment.completed_at is not None) == completion.is_complete(version.manifest, done, passed)
        if enrolment.completed_at is not None:
            completed += 1
            assert enrolment.completed_version_hash == version.content_hash
            certificate = db.session.scalar(
                select(Certificate).where(
                    Certificate.user_id == enrolment.user_id, Certificate.course_id == enrolment.course_id
                )
            )
            assert certificate.completed_at == enrolment.completed_at
            assert len(certificate.code) == CODE_LENGTH and set(certificate.code) <= set(CODE_ALPHABET)
            assert [r.action for r in certificate.revisions] == ["issued"]
        assert (
            datetime(2024, 12, 28, tzinfo=UTC)
            < enrolment.started_at
            <= enrolment.last_activity_at
            <= datetime(2026, 6, 30, tzinfo=UTC)
        )
    assert completed > 0 and completed == _count(Certificate) == _count(CertificateRevision)


def test_courses_start_only_after_their_prerequisites_are_completed(runner, courses):
    factories.published_course("medico-legal")  # builds on responding-to-disclosures
    result = _seed(runner)
    assert result.exit_code == 0, result.output
    dependent = db.session.scalars(select(Enrolment).where(Enrolment.course_id == "medico-legal")).all()
    assert dependent, "no learner reached the course with a prerequisite: the test proves nothing"
    for enrolment in dependent:
        prerequisite = db.session.scalar(
            select(Enrolment).where(
                Enrolment.user_id == enrolment.user_id, Enrolment.course_id == "responding-to-disclosures"
            )
        )
        assert prerequisite.completed_at is not None and prerequisite.completed_at <= enrolment.started_at


def _snapshot() -> dict[str, list]:
    """The seeded data without database ids or certificate codes (drawn with `secrets`, never from the seed)."""
    email = {uid: mail for uid, mail in db.session.execute(select(User.id, User.email))}
    org = {oid: name for oid, name in db.session.execute(select(Organisation.id, Organisation.name))}

    def rows(model, *skip):
        columns = [c for c in model.__table__.columns if c.name not in ("id", "code", *skip)]
        return sorted(
            tuple(
                email.get(value, value) if c.name == "user_id" else value for c, value in zip(columns, row, strict=True)
            )
            for row in db.session.execute(select(*columns))
        )

    return {
        "users": sorted(
            tuple(r)
            for r in db.session.execute(
                select(
                    User.email,
                    User.display_name,
                    User.locale,
                    User.country,
                    User.sector,
                    User.subsector,
                    User.level,
                    User.created_at,
                    User.last_login_at,
                )
            )
        ),
        "memberships": sorted((email[u], org[o]) for u, o in db.session.execute(select(memberships))),
        "enrolments": rows(Enrolment),
        "progress": rows(LessonProgress),
        "attempts": [repr(row) for row in rows(QuizAttempt)],
        "certificates": rows(Certificate),
    }


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not(runner, courses):
    assert _seed(runner, "--seed", "7").exit_code == 0
    first = _snapshot()
    db.session.execute(delete(User).where(User.email.like(SEEDED)))  # cascades to their records
    db.session.commit()
    assert _seeded_users() == 0 and _count(LessonProgress) == 0
    assert _seed(runner, "--seed", "7").exit_code == 0
    assert _snapshot() == first
    db.session.execute(delete(User).where(User.email.like(SEEDED)))
    db.session.commit()
    assert _seed(runner, "--seed", "8").exit_code == 0
    other = _snapshot()
    assert other["users"] != first["users"] and other["progress"] != first["progress"]


def test_seeding_twice_is_refused_unless_appending(runner, courses):
    assert _seed(runner).exit_code == 0
    again = _seed(runner)
    assert again.exit_code != 0
    assert "already has 50 seeded learners; add --append" in again.output
    assert _seeded_users() == 50 and _count(LessonProgress) == 500
    more = runner.invoke(
        args=["demo", "seed", "--learners", "10", "--progress-rows", "40", "--organisations", "12", "--append"]
    )
    assert more.exit_code == 0, more.output
    assert _seeded_users() == 60 and _count(LessonProgress) == 540
    assert "learner000051@seed.example.org to learner000060@seed.example.org" in more.output
    assert _count(Organisation) == 12  # the same organisations, reused


def test_rows_that_cannot_fit_the_courses_are_refused(runner, courses):
    result = runner.invoke(args=["demo", "seed", "--learners", "10", "--progress-rows", "200"])
    assert result.exit_code != 0
    assert "200 lesson progress rows do not fit: 10 learners x 13 lessons in 3 courses hold 130" in result.output
    assert _seeded_users() == 0 and _count(LessonProgress) == 0


def test_the_default_row_count_shrinks_to_half_of_what_the_courses_hold(runner, courses):
    result = runner.invoke(args=["demo", "seed", "--learners", "10"])
    assert result.exit_code == 0, result.output
    assert "10 learners x 13 lessons hold 130 progress rows; seeding 65" in result.output
    assert _count(LessonProgress) == 65


def test_with_nothing_published_it_publishes_the_shipped_courses_first(runner):
    result = runner.invoke(args=["demo", "seed", "--learners", "5", "--progress-rows", "20", "--courses", "10"])
    assert result.exit_code == 0, result.output
    assert "publishing content/ first" in result.output and "publishing content/example-course too" in result.output
    assert _count(Course, Course.retired_at.is_(None), Course.current_hash.is_not(None)) == 10
    assert _count(CourseVersion) == 10
    assert _seeded_users() == 5 and _count(LessonProgress) == 20


@pytest.fixture(scope="module")
def production_app(database_url):
    # Production refuses to start without its keys; the seed command never uses the badge key.
    other = build_app(
        database_url,
        ProductionConfig,
        SECRET_KEY="a-production-secret-key-long-enough-0123456789",
        BADGE_SIGNING_KEY="not-used-by-seeding",
    )
    yield other
    dispose(other)


def test_production_is_refused_without_force(app, production_app, courses):
    with in_test_transaction(production_app, app), production_app.app_context():
        runner = production_app.test_cli_runner()
        refused = runner.invoke(args=["demo", "seed", "--learners", "5", "--progress-rows", "10"])
        assert refused.exit_code != 0
        assert "refusing to seed demo learners in production" in refused.output
        assert _seeded_users() == 0
        forced = runner.invoke(args=["demo", "seed", "--learners", "5", "--progress-rows", "10", "--force"])
        assert forced.exit_code == 0, forced.output
        assert "WARNING: seeding demo learners into a PRODUCTION configuration" in forced.output
        assert _seeded_users() == 5
