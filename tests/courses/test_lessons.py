"""A lesson: in my language or the source's (and I am told), my progress recorded, completing it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.certificates.models import Certificate
from app.courses import routes, services
from app.courses.models import Enrolment
from app.extensions import db
from tests import factories
from tests.courses.course_folders import acknowledge, complete, enrolment, lesson_url, progress, text
from tests.helpers import db_snapshot, html_root, signed_in_client


def body_attrs(response) -> dict:
    """The attributes of the lesson body: its lang and dir when it differs from the page's."""
    match = re.search(r'<div class="lesson-body content"([^>]*)>', text(response))
    assert match, "no lesson body on the page"
    return dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))


def test_opening_a_lesson_enrols_me_and_records_its_start_once(make_course, learner, learner_client):
    make_course("alpha", note=None)

    assert learner_client.get(lesson_url("alpha", "lesson-2")).status_code == 200

    mine = enrolment(learner.id, "alpha")
    assert mine is not None and mine.last_lesson_id == "lesson-2"
    started = progress(learner.id, "alpha")["lesson-2"].started_at
    assert progress(learner.id, "alpha")["lesson-2"].completed_at is None

    learner_client.get(lesson_url("alpha", "lesson-1"))
    learner_client.get(lesson_url("alpha", "lesson-2"))
    assert progress(learner.id, "alpha")["lesson-2"].started_at == started
    assert enrolment(learner.id, "alpha").last_lesson_id == "lesson-2"
    assert db.session.scalar(select(db.func.count()).select_from(Enrolment)) == 1


def test_rereading_the_lesson_i_am_on_writes_nothing(make_course, learner, learner_client):
    make_course("alpha", note=None)
    learner_client.get(lesson_url("alpha", "lesson-2"))
    before = db_snapshot()

    assert learner_client.get(lesson_url("alpha", "lesson-2")).status_code == 200

    assert db_snapshot() == before


def test_coming_back_later_or_to_another_lesson_records_my_activity(make_course, learner, learner_client):
    make_course("alpha", note=None)
    learner_client.get(lesson_url("alpha", "lesson-2"))
    earlier = datetime.now(UTC) - services.ACTIVITY_RESOLUTION - timedelta(seconds=1)
    mine = enrolment(learner.id, "alpha")
    mine.last_activity_at = earlier
    db.session.commit()

    learner_client.get(lesson_url("alpha", "lesson-2"))
    active = enrolment(learner.id, "alpha").last_activity_at
    assert active > earlier

    learner_client.get(lesson_url("alpha", "lesson-1"))  # another lesson: recorded at once
    moved = enrolment(learner.id, "alpha")
    assert moved.last_lesson_id == "lesson-1" and moved.last_activity_at > active


def test_the_lesson_page_shows_title_position_time_and_neighbours(make_course, learner_client):
    make_course("alpha", note=None)
    page = text(learner_client.get(lesson_url("alpha", "lesson-2")))

    assert "<h1>Lesson 2 of alpha</h1>" in page
    assert "Lesson 2 of 3" in page and "About 10 minutes" in page
    assert "Text of lesson 2." in page
    assert f'href="{lesson_url("alpha", "lesson-1")}" rel="prev"' in page
    assert f'href="{lesson_url("alpha", "lesson-3")}" rel="next"' in page
    assert "Mark complete and continue" in page
    first = text(learner_client.get(lesson_url("alpha", "lesson-1")))
    assert 'rel="prev"' not in first


def test_the_lesson_is_in_my_language_when_translated(app, make_course):
    make_course("alpha", note=None, translations={"fr": "Cours alpha"})
    factories.user(email="fr@example.org", locale="fr")
    response = signed_in_client(app, "fr@example.org").get(lesson_url("alpha", "lesson-1"))

    assert html_root(response)["lang"] == "fr"
    assert "Leçon 1 (fr)" in text(response) and "Texte de la leçon 1 (fr)." in text(response)
    assert "lang" not in body_attrs(response)
    assert "notice-language" not in text(response)


def test_without_a_translation_the_source_is_shown_and_i_am_told(app, make_course):
    make_course("alpha", note=None, translations={"fr": "Cours alpha"})
    factories.user(email="de@example.org", locale="de")
    response = signed_in_client(app, "de@example.org").get(lesson_url("alpha", "lesson-1"))

    assert html_root(response)["lang"] == "de"
    assert body_attrs(response) == {"lang": "en", "dir": "ltr"}
    assert "Text of lesson 1." in text(response)
    notice = re.search(r'<p class="notice notice-language">(.*?)</p>', text(response), re.S).group(1)
    assert "Deutsch" in notice and "Englisch" in notice  # language names in the interface language


def test_a_right_to_left_fallback_and_page_carry_their_direction(app, make_course):
    make_course("alpha", note=None)
    factories.user(email="ar@example.org", locale="ar")
    response = signed_in_client(app, "ar@example.org").get(lesson_url("alpha", "lesson-1"))

    assert html_root(response) == {"lang": "ar", "dir": "rtl"}
    assert body_attrs(response) == {"lang": "en", "dir": "ltr"}
    # Interface text inside the English body is marked as Arabic again.
    assert re.search(r'<button type="submit" id="check-l1-who-decides-submit" lang="ar" dir="rtl">', text(response))


def test_a_stale_translation_is_shown_with_a_notice(app, make_course):
    make_course("alpha", note=None, translations={"fr": "Cours alpha"}, stale=("fr",))
    factories.user(email="fr@example.org", locale="fr")
    response = signed_in_client(app, "fr@example.org").get(lesson_url("alpha", "lesson-1"))

    assert "Texte de la leçon 1 (fr)." in text(response)
    notice = re.search(r'<p class="notice notice-language">(.*?)</p>', text(response), re.S)
    assert notice and "anglais" in notice.group(1)  # the source language, named in French


def test_a_shipped_lesson_in_arabic(app):
    factories.published_course("responding-to-disclosures")
    factories.user(email="ar@example.org", locale="ar")
    client = signed_in_client(app, "ar@example.org")
    acknowledge(client, "responding-to-disclosures")
    response = client.get(lesson_url("responding-to-disclosures", "understanding-sv-and-gbv"))

    assert response.status_code == 200
    assert html_root(response) == {"lang": "ar", "dir": "rtl"}
    assert "lang" not in body_attrs(response)


def test_marking_complete_records_it_once_and_goes_to_the_next_lesson(make_course, learner, learner_client):
    make_course("alpha", note=None)
    learner_client.get(lesson_url("alpha", "lesson-1"))

    response = complete(learner_client, "alpha", "lesson-1")
    assert response.status_code == 302 and response.headers["Location"] == lesson_url("alpha", "lesson-2")
    done = progress(learner.id, "alpha")["lesson-1"].completed_at
    assert done is not None
    assert enrolment(learner.id, "alpha").completed_at is None

    complete(learner_client, "alpha", "lesson-1")
    assert progress(learner.id, "alpha")["lesson-1"].completed_at == done

    page = text(learner_client.get(lesson_url("alpha", "lesson-1")))
    assert "You completed this lesson on" in page and "Mark complete and continue" not in page


def test_completing_a_lesson_never_opened_records_it_too(make_course, learner, learner_client):
    make_course("alpha", note=None)
    complete(learner_client, "alpha", "lesson-3")
    assert progress(learner.id, "alpha")["lesson-3"].completed_at is not None


def test_the_last_required_lesson_completes_a_course_without_quiz_in_the_same_request(
    make_course, learner, learner_client
):
    make_course("alpha", note=None, lessons=3, optional_last=True)
    complete(learner_client, "alpha", "lesson-1")
    assert enrolment(learner.id, "alpha").completed_at is None

    response = complete(learner_client, "alpha", "lesson-2")

    # Recorded by that response, the optional lesson not needed.
    mine = enrolment(learner.id, "alpha")
    assert mine.completed_at is not None and mine.progress_percent == 100
    assert mine.completed_version_hash
    certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == learner.id))
    assert certificate is not None and certificate.course_id == "alpha"
    assert response.headers["Location"] == "/courses/alpha"
    page = text(learner_client.get("/courses/alpha"))
    assert "You have completed this course" in page and "You completed this course on" in page


def test_finishing_the_lessons_of_a_course_with_a_quiz_points_to_the_assessment(make_course, learner, learner_client):
    make_course("alpha", note=None, lessons=2, quiz=True)
    complete(learner_client, "alpha", "lesson-1")
    response = complete(learner_client, "alpha", "lesson-2")

    assert response.headers["Location"] == "/courses/alpha"
    assert enrolment(learner.id, "alpha").completed_at is None
    page = text(learner_client.get("/courses/alpha"))
    assert "The final assessment is next." in page
    assert 'class="button" href="/courses/alpha/quiz">Take the final assessment' in page


def test_reaching_the_end_with_lessons_left_says_how_many(make_course, learner_client):
    make_course("alpha", note=None, lessons=3)
    response = complete(learner_client, "alpha", "lesson-3", follow_redirects=True)
    assert response.request.path == "/courses/alpha"
    assert "2 lessons are still to complete" in text(response)


def test_a_lesson_with_footnotes_and_a_table_comes_pre_rendered(app):
    factories.published_course("example-course")
    factories.user(email="reader@example.org")
    client = signed_in_client(app, "reader@example.org")
    acknowledge(client, "example-course")
    page = text(client.get(lesson_url("example-course", "welcome")))
    assert 'class="footnotes"' in page and 'id="why-this-matters"' in page and "<table>" in page
    assert '<img src="/courses/example-course/v/' in text(
        client.get(lesson_url("example-course", "first-line-support"))
    )


def test_unknown_lessons_are_not_found_and_change_nothing(make_course, learner_client):
    make_course("alpha", note=None)
    before = db_snapshot()
    assert learner_client.get(lesson_url("alpha", "nope")).status_code == 404
    assert complete(learner_client, "alpha", "nope").status_code == 404
    assert learner_client.get(lesson_url("alpha", "x" * 500)).status_code == 404
    assert db_snapshot() == before


def test_completing_needs_the_forms_token(make_course, learner_client):
    make_course("alpha", note=None)
    before = db_snapshot()
    response = learner_client.post(lesson_url("alpha", "lesson-1", "complete"))
    assert response.status_code == 400
    assert db_snapshot() == before


def test_the_learners_pages_need_no_inline_script_or_style(make_course, learner_client):
    make_course("alpha", note=None)
    learner_client.get(lesson_url("alpha", "lesson-1"))
    for url in ("/courses/", "/courses/alpha", lesson_url("alpha", "lesson-1"), "/learning"):
        page = text(learner_client.get(url))
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), url
        assert not re.search(r"<style\b", page) and not re.search(r"\sstyle=", page), url
        assert not re.search(r"\son[a-z]+=", page), url
    assert '<script src="/static/vendor/htmx-2.0.11.min.js" defer></script>' in text(
        learner_client.get(lesson_url("alpha", "lesson-1"))
    )


def test_a_second_tab_enrolling_at_the_same_moment_does_not_fail(make_course, learner, learner_client, monkeypatch):
    """The other tab's enrolment is committed between this request's look-up and its insert."""
    make_course("alpha", note=None)
    learner_client.get(lesson_url("alpha", "lesson-1"))
    looked_up = routes.published_course_and_enrolment
    calls = []

    def enrolment_missed_once(course_id, user_id):
        calls.append(course_id)
        course, found = looked_up(course_id, user_id)
        return course, None if len(calls) == 1 else found

    monkeypatch.setattr(routes, "published_course_and_enrolment", enrolment_missed_once)
    response = learner_client.get(lesson_url("alpha", "lesson-2"))

    assert response.status_code == 200 and len(calls) == 1
    assert enrolment(learner.id, "alpha").last_lesson_id == "lesson-2"
    assert db.session.scalar(select(db.func.count()).select_from(Enrolment)) == 1
