"""A certificate is issued in the request that completes the course, once, with what was true then."""

from __future__ import annotations

import re
import shutil

from sqlalchemy import func, select

from app.auth.models import utcnow
from app.certificates.models import Certificate
from app.certificates.services import CODE_ALPHABET, format_code, issue_certificate, normalise_code
from app.courses.models import Enrolment, LessonProgress
from app.courses.services import complete_course_if_done
from app.extensions import db
from tests import factories
from tests.certificates.conftest import CONTENT, COURSE_ID
from tests.helpers import csrf_token_from

LESSON = f"/courses/{COURSE_ID}/lessons/listening"
LOOK_ALIKES = set("0O1IL5S2Z8B")


def _complete_the_lesson(client):
    page = client.get(LESSON)
    assert page.status_code == 200
    return client.post(f"{LESSON}/complete", data={"csrf_token": csrf_token_from(page)})


def _certificates_of(user) -> list[Certificate]:
    db.session.expire_all()
    return list(db.session.scalars(select(Certificate).where(Certificate.user_id == user.id)))


def test_completing_the_last_lesson_issues_the_certificate_in_that_request(learner_client, learner, course):
    assert _certificates_of(learner) == []

    response = _complete_the_lesson(learner_client)

    assert response.status_code == 302
    [certificate] = _certificates_of(learner)
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == learner.id))
    assert certificate.course_id == COURSE_ID
    assert certificate.version_hash == course.content_hash
    assert certificate.completed_at == enrolment.completed_at
    assert certificate.holder_name == "Ċikku Ħażż-Żammit"
    assert certificate.learning_minutes == 90
    assert certificate.organisation_name == learner.organisations[0].name
    assert [r.action for r in certificate.revisions] == ["issued"]
    # And the learner finds it at once on their certificates page.
    page = learner_client.get("/certificates/").get_data(as_text=True)
    assert "Listening to survivors" in page and format_code(certificate.code) in page


def test_completing_again_issues_no_second_certificate(learner_client, learner, course):
    _complete_the_lesson(learner_client)
    _complete_the_lesson(learner_client)
    assert len(_certificates_of(learner)) == 1


def test_the_certificate_is_part_of_the_completion_transaction(learner, course):
    """If the completing request fails after issuing, neither the completion nor the certificate stays."""
    enrolment = Enrolment(user_id=learner.id, course_id=COURSE_ID)
    db.session.add(enrolment)
    db.session.flush()
    savepoint = db.session.begin_nested()
    db.session.add(
        LessonProgress(
            user_id=learner.id,
            course_id=COURSE_ID,
            lesson_id="listening",
            version_hash=course.content_hash,
            completed_at=utcnow(),
        )
    )
    assert complete_course_if_done(enrolment, course) is True
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1
    savepoint.rollback()
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 0
    assert db.session.get(Enrolment, enrolment.id).completed_at is None


def test_codes_are_long_unguessable_and_free_of_look_alike_characters(learner, course):
    codes = set()
    for number in range(40):
        person = factories.user(email=f"holder{number}@example.org")
        enrolment = Enrolment(user_id=person.id, course_id=COURSE_ID, completed_at=utcnow())
        db.session.add(enrolment)
        db.session.flush()
        codes.add(issue_certificate(enrolment, course).code)
    assert len(codes) == 40
    for code in codes:
        assert len(code) >= 12
        assert set(code) <= set(CODE_ALPHABET)
        assert not set(code) & LOOK_ALIKES
        assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", format_code(code))
        # However a person types it from paper, it is the same code.
        assert normalise_code(" " + format_code(code).lower().replace("-", " - ") + " ") == code


def test_the_name_is_frozen_at_issue_time(learner_client, learner, course):
    _complete_the_lesson(learner_client)
    learner.display_name = "Someone Else"
    db.session.commit()
    [certificate] = _certificates_of(learner)
    assert certificate.holder_name == "Ċikku Ħażż-Żammit"


def test_a_course_without_certificate_issues_none(app, learner, tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    course_md = root / "courses" / COURSE_ID / "course.md"
    course_md.write_text(course_md.read_text().replace("certificate: true", "certificate: false"))
    version = factories.published_course(COURSE_ID, content_root=root)
    enrolment = Enrolment(user_id=learner.id, course_id=COURSE_ID)
    db.session.add(enrolment)
    db.session.add(
        LessonProgress(
            user_id=learner.id,
            course_id=COURSE_ID,
            lesson_id="listening",
            version_hash=version.content_hash,
            completed_at=utcnow(),
        )
    )
    db.session.flush()
    assert complete_course_if_done(enrolment, version) is True
    assert _certificates_of(learner) == []
