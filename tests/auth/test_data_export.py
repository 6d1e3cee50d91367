"""Download my data: a learner's own records as one JSON file, and never anyone else's."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import datetime

import pytest
from sqlalchemy import event, select

from app.auth.models import Role
from app.certificates.models import Certificate
from app.certificates.services import reissue_certificate, revoke_certificate
from app.extensions import db
from tests import factories
from tests.courses.course_folders import acknowledge, complete, lesson_url, publish, token, write_course
from tests.helpers import db_snapshot, parse_page, redirects_to_login, signed_in_client
from tests.quiz.helpers import take_whole_quiz

COURSE = "data-course"
REFLECTION = "lesson-1-reflection-1"
CHECK = "l1-who-decides"
DOWNLOAD = "/account/data.json"


@pytest.fixture
def course(tmp_path):
    """Three lessons (the first with knowledge checks and a reflection), a content note and a final quiz."""
    return publish(write_course(tmp_path / "content", COURSE, quiz=True), COURSE)


def reflect(client, text: str, course_id: str = COURSE):
    response = client.post(
        lesson_url(course_id, "lesson-1", "reflections", REFLECTION), data={"csrf_token": token(client), "text": text}
    )
    assert response.status_code in (302, 303), response.status_code
    return response


def learn(client, course_id: str = COURSE, reflection: str = "Ich würde zuerst zuhören. «Merci» — شكرا"):
    """Everything a learner does on the course, through its pages: the records the export must hold."""
    assert acknowledge(client, course_id).status_code in (302, 303)
    assert client.get(lesson_url(course_id, "lesson-1")).status_code == 200
    answer = client.post(
        lesson_url(course_id, "lesson-1", "checks", CHECK), data={"csrf_token": token(client), "answer": "b"}
    )
    assert answer.status_code == 303
    reflect(client, reflection, course_id)
    for lesson in ("lesson-1", "lesson-2", "lesson-3"):
        assert complete(client, course_id, lesson).status_code == 302
    take_whole_quiz(client, course_id)


def download(client) -> dict:
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    return json.loads(response.get_data().decode("utf-8"))


def is_iso_utc(value: str) -> bool:
    return value.endswith("Z") and datetime.fromisoformat(value).utcoffset().total_seconds() == 0


# --- the page and the file ------------------------------------------------------------------------


def test_the_profile_page_leads_to_the_data_page_which_offers_the_download(client, auth):
    factories.user(email="nurse@example.org")
    auth.login("nurse@example.org")

    profile = client.get("/account/profile").get_data(as_text=True)
    assert 'href="/account/data"' in profile
    page = client.get("/account/data")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<h1>Your data</h1>" in text
    assert f'href="{DOWNLOAD}" download' in text
    assert "Your password is not in the file" in text


def test_the_download_is_a_private_utf8_json_attachment(client, auth):
    factories.user(email="nurse@example.org", name="Ċikku Ħażż-Żammit")
    auth.login("nurse@example.org")

    response = client.get(DOWNLOAD)

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="my-data-') and disposition.endswith('.json"')
    assert response.headers["Cache-Control"] == "no-store"
    # Written as UTF-8, not escaped: the file reads as the person wrote their name.
    assert "Ċikku Ħażż-Żammit".encode() in response.get_data()
    data = json.loads(response.get_data().decode("utf-8"))
    assert data["format_version"] == 1
    assert is_iso_utc(data["exported_at"])


def test_signed_out_people_are_sent_to_sign_in(client):
    assert redirects_to_login(client.get("/account/data"))
    assert redirects_to_login(client.get(DOWNLOAD))


def test_a_new_account_exports_an_empty_record_with_every_key(client, auth):
    factories.user(email="nurse@example.org")
    auth.login("nurse@example.org")

    data = download(client)

    assert list(data) == [
        "format_version",
        "exported_at",
        "profile",
        "enrolments",
        "lesson_progress",
        "check_answers",
        "reflections",
        "quiz_attempts",
        "certificates",
    ]
    assert all(data[section] == [] for section in list(data)[3:])
    assert set(data["profile"]) == {
        "email", "display_name", "locale", "country", "sector", "subsector", "level",
        "created_at", "last_login_at", "organisations", "roles",
    }  # fmt: skip
    assert "password" not in json.dumps(data)


def test_the_profile_holds_the_persons_details_organisations_and_roles(client, auth):
    org = factories.organisation("Aġenzija Appoġġ", country="MT")
    person = factories.user(email="coord@example.org", name="Maria Borg", role=Role.COORDINATOR, organisation=org)
    person.sector, person.subsector, person.level, person.locale = "social", "child-protection", "specialist", "mt"
    db.session.commit()
    auth.login("coord@example.org")

    profile = download(client)["profile"]

    assert profile["email"] == "coord@example.org"
    assert profile["display_name"] == "Maria Borg"
    assert (profile["locale"], profile["country"]) == ("mt", "MT")
    assert (profile["sector"], profile["subsector"], profile["level"]) == ("social", "child-protection", "specialist")
    assert profile["organisations"] == ["Aġenzija Appoġġ"]
    [role] = profile["roles"]
    assert (role["role"], role["organisation"], role["country"]) == ("coordinator", "Aġenzija Appoġġ", None)
    assert is_iso_utc(profile["created_at"]) and is_iso_utc(profile["last_login_at"])


def test_every_learning_record_is_in_the_file(app, course):
    learner = factories.user(email="learner@example.org", name="Leila Learner")
    client = signed_in_client(app, learner.email)
    learn(client)

    data = download(client)

    [enrolment] = data["enrolments"]
    assert enrolment["course_id"] == COURSE
    assert enrolment["progress_percent"] == 100
    assert enrolment["best_score"] == 100 and enrolment["attempts_count"] == 1
    for moment in ("started_at", "last_activity_at", "completed_at", "content_note_acknowledged_at"):
        assert is_iso_utc(enrolment[moment]), moment

    assert [(row["lesson_id"], row["completed_at"] is not None) for row in data["lesson_progress"]] == [
        ("lesson-1", True),
        ("lesson-2", True),
        ("lesson-3", True),
    ]
    assert all(row["version_hash"] == course.content_hash for row in data["lesson_progress"])

    [check] = data["check_answers"]
    assert (check["lesson_id"], check["check_id"], check["response"], check["correct"]) == (
        "lesson-1",
        CHECK,
        ["b"],
        True,
    )

    [reflection] = data["reflections"]
    assert reflection["reflection_id"] == REFLECTION
    assert reflection["text"] == "Ich würde zuerst zuhören. «Merci» — شكرا"
    assert is_iso_utc(reflection["updated_at"])

    [attempt] = data["quiz_attempts"]
    assert (attempt["course_id"], attempt["number"], attempt["score"], attempt["passed"]) == (COURSE, 1, 100, True)
    assert attempt["question_ids"] == ["q1"]
    [answer] = attempt["answers"]
    assert answer["question_id"] == "q1" and answer["score"] == 1 and answer["response"]
    assert is_iso_utc(attempt["submitted_at"])

    [certificate] = data["certificates"]
    assert certificate["course_id"] == COURSE
    assert certificate["holder_name"] == "Leila Learner"
    assert len(certificate["code"]) >= 12 and certificate["revoked_at"] is None
    assert is_iso_utc(certificate["issued_at"])


# Programs that read the file rely on these keys and their order (format_version 1).
RECORD_KEYS = {
    "enrolments": [
        "course_id", "started_at", "last_activity_at", "last_lesson_id", "progress_percent", "best_score",
        "attempts_count", "completed_at", "completed_version_hash", "content_note_acknowledged_at",
    ],
    "lesson_progress": ["course_id", "lesson_id", "version_hash", "started_at", "completed_at"],
    "check_answers": ["course_id", "lesson_id", "check_id", "response", "correct", "answered_at"],
    "reflections": ["course_id", "lesson_id", "reflection_id", "text", "updated_at"],
    "quiz_attempts": [
        "course_id", "number", "version_hash", "started_at", "submitted_at", "score", "passed", "question_ids",
        "answers",
    ],
    "certificates": [
        "code", "course_id", "version_hash", "holder_name", "organisation_name", "sector", "learning_minutes",
        "score", "completed_at", "issued_at", "revoked_at", "revoked_reason", "history",
    ],
}  # fmt: skip


def test_every_record_keeps_its_documented_keys_in_order(app, course):
    org = factories.organisation("Org")
    learner = factories.user(email="learner@example.org", role=Role.COORDINATOR, organisation=org)
    client = signed_in_client(app, learner.email)
    learn(client)

    data = download(client)

    assert list(data["profile"]) == [
        "email", "display_name", "locale", "country", "sector", "subsector", "level",
        "created_at", "last_login_at", "organisations", "roles",
    ]  # fmt: skip
    [role] = data["profile"]["roles"]
    assert list(role) == ["role", "organisation", "country", "granted_at"] and is_iso_utc(role["granted_at"])
    for section, keys in RECORD_KEYS.items():
        assert data[section], section
        assert all(list(record) == keys for record in data[section]), section
    [answer] = data["quiz_attempts"][0]["answers"]
    assert list(answer) == ["question_id", "response", "score", "answered_at"] and is_iso_utc(answer["answered_at"])
    # Every moment is ISO 8601 in UTC; a moment that has not happened yet is null.
    for section in RECORD_KEYS:
        for record in data[section]:
            for key in record:
                if key.endswith("_at") and record[key] is not None:
                    assert is_iso_utc(record[key]), (section, key)
    assert data["certificates"][0]["revoked_at"] is None


def test_a_revoked_certificate_is_exported_with_when_and_why(app, course):
    learner = factories.user(email="learner@example.org")
    admin = factories.user(email="admin@example.org", role=Role.ADMIN)
    client = signed_in_client(app, learner.email)
    learn(client)
    certificate = db.session.scalars(select(Certificate).where(Certificate.user_id == learner.id)).one()
    revoke_certificate(certificate, "Issued in error", admin)
    db.session.commit()

    [exported] = download(client)["certificates"]

    assert is_iso_utc(exported["revoked_at"]) and exported["revoked_reason"] == "Issued in error"
    assert [(h["action"], h["reason"]) for h in exported["history"]] == [
        ("issued", None),
        ("revoked", "Issued in error"),
    ]


def test_a_name_corrected_on_a_certificate_keeps_the_earlier_name_in_the_export(app, course):
    """The name first printed is the learner's data too: the export lists every name with its date."""
    learner = factories.user(email="learner@example.org", name="Leila Lerner")
    admin = factories.user(email="admin@example.org", role=Role.ADMIN)
    client = signed_in_client(app, learner.email)
    learn(client)
    certificate = db.session.scalars(select(Certificate).where(Certificate.user_id == learner.id)).one()
    reissue_certificate(certificate, "Leila Learner", "Spelling", admin)
    db.session.commit()

    [exported] = download(client)["certificates"]

    assert exported["holder_name"] == "Leila Learner"
    assert [(h["action"], h["holder_name"], h["reason"]) for h in exported["history"]] == [
        ("issued", "Leila Lerner", None),
        ("reissued", "Leila Learner", "Spelling"),
    ]
    assert all(
        list(h) == ["action", "holder_name", "reason", "at"] and is_iso_utc(h["at"]) for h in exported["history"]
    )
    assert "admin@example.org" not in json.dumps(exported)


# --- only one's own ---------------------------------------------------------------------------------


def test_another_learners_reflection_never_appears(app, course):
    me = factories.user(email="me@example.org", name="Amal Me")
    other = factories.user(email="other@example.org", name="Bruno Other")
    mine, theirs = signed_in_client(app, me.email), signed_in_client(app, other.email)
    learn(mine, reflection="My own words about listening first.")
    learn(theirs, reflection="SECRET-OF-THE-OTHER-LEARNER: what I saw at work.")

    body = mine.get(DOWNLOAD).get_data(as_text=True)
    page = mine.get("/account/data").get_data(as_text=True)

    assert "My own words about listening first." in body
    assert "SECRET-OF-THE-OTHER-LEARNER" not in body and "SECRET-OF-THE-OTHER-LEARNER" not in page
    assert "other@example.org" not in body and "Bruno Other" not in body
    data = json.loads(body)
    # One of each record, all of them mine, though both of us did exactly the same.
    assert [len(data[section]) for section in ("enrolments", "check_answers", "reflections", "quiz_attempts")] == [
        1,
        1,
        1,
        1,
    ]
    assert [c["holder_name"] for c in data["certificates"]] == ["Amal Me"]


def test_naming_someone_else_in_the_address_changes_nothing(app, course):
    me = factories.user(email="me@example.org")
    other = factories.user(email="other@example.org")
    learn(signed_in_client(app, other.email), reflection="Only the other learner wrote this.")
    mine = signed_in_client(app, me.email)

    before = db_snapshot()
    response = mine.get(f"{DOWNLOAD}?user_id={other.id}&email=other@example.org")

    assert response.status_code == 200
    data = json.loads(response.get_data())
    assert data["profile"]["email"] == "me@example.org" and data["reflections"] == []
    assert db_snapshot() == before


def test_the_page_counts_the_records_in_the_file(app, course):
    learner = factories.user(email="learner@example.org")
    client = signed_in_client(app, learner.email)
    learn(client)

    page = parse_page(client.get("/account/data"))

    counts = {
        row_id: " ".join(page.text[row_id].split()).rsplit(" ", 1)[-1]
        for row_id in page.text
        if row_id.startswith("data-")
    }
    assert counts == {
        "data-enrolments": "1",
        "data-lesson-progress": "3",
        "data-check-answers": "1",
        "data-reflections": "1",
        "data-quiz-attempts": "1",
        "data-certificates": "1",
    }


# --- cost -------------------------------------------------------------------------------------------


@contextmanager
def counting():
    """Count the statements sent to the database (the test's connection, see conftest)."""
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def statements_for_download(client) -> int:
    db.session.remove()  # as in production: each request starts with an empty session
    with counting() as statements:
        assert client.get(DOWNLOAD).status_code == 200
    return len(statements)


def test_the_number_of_queries_does_not_grow_with_the_records(app, tmp_path):
    org = factories.organisation("Org")
    learner = factories.user(email="learner@example.org", role=Role.COORDINATOR, organisation=org)
    client = signed_in_client(app, learner.email)
    publish(write_course(tmp_path / "one", "course-one", quiz=True), "course-one")
    learn(client, "course-one")
    few = statements_for_download(client)

    for number in range(2, 5):
        course_id = f"course-{number}"
        publish(write_course(tmp_path / course_id, course_id, quiz=True), course_id)
        learn(client, course_id)
        take_whole_quiz(client, course_id)  # a second attempt, with its own answers
    many = statements_for_download(client)

    assert len(download(client)["quiz_attempts"]) == 1 + 3 * 2
    assert many == few
    assert many <= 12
