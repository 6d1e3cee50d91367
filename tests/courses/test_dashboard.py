"""My learning: courses in progress with where to continue, completed ones with their certificate."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from app.courses.models import Course
from app.extensions import db
from tests import factories
from tests.courses.course_folders import acknowledge, complete, lesson_url, text
from tests.helpers import signed_in_client


def section(response, title_id: str) -> str:
    page = text(response)
    assert f'id="{title_id}"' in page, f"no {title_id} section"
    return page.split(f'id="{title_id}"')[1].split("</section>")[0]


def test_nothing_started_yet_points_to_the_catalogue(learner_client):
    page = text(learner_client.get("/learning"))
    assert "You have not started a course yet." in page and 'href="/courses/"' in page


def test_a_course_in_progress_shows_percent_and_continues_at_the_exact_lesson(make_course, learner_client):
    make_course("alpha", title="Alpha course", lessons=4)
    acknowledge(learner_client, "alpha")
    complete(learner_client, "alpha", "lesson-1")
    learner_client.get(lesson_url("alpha", "lesson-3"))

    listed = section(learner_client.get("/learning"), "in-progress-title")

    assert "Alpha course" in listed
    assert "25% of the lessons complete" in listed
    assert 'value="25"' in listed
    assert f'href="{lesson_url("alpha", "lesson-3")}">Continue' in listed


def test_lessons_done_with_a_quiz_continue_to_the_assessment(make_course, learner_client):
    make_course("alpha", title="Alpha course", lessons=1, quiz=True, note=None)
    complete(learner_client, "alpha", "lesson-1")
    listed = section(learner_client.get("/learning"), "in-progress-title")
    assert 'href="/courses/alpha/quiz">Final assessment' in listed


def test_a_completed_course_shows_the_date_and_the_certificate_link(make_course, learner_client):
    make_course("alpha", title="Alpha course", lessons=1, note=None)
    make_course("beta", title="Beta course", lessons=2, note=None)
    complete(learner_client, "alpha", "lesson-1")
    complete(learner_client, "beta", "lesson-1")

    response = learner_client.get("/learning")
    done = section(response, "completed-title")
    assert "Alpha course" in done and "Beta course" not in done
    assert re.search(r"Completed on \w+ \d+, \d{4}", done)
    assert 'href="/certificates/">Your certificate' in done
    assert "Beta course" in section(response, "in-progress-title")


def test_each_course_link_names_its_course_after_the_word_it_shows(make_course, learner_client):
    make_course("alpha", title="Alpha course", lessons=1, note=None)
    make_course("beta", title="Beta & Co course", lessons=2, note=None)
    make_course("gamma", title="Gamma course", lessons=1, quiz=True, note=None)
    complete(learner_client, "alpha", "lesson-1")
    complete(learner_client, "beta", "lesson-1")
    complete(learner_client, "gamma", "lesson-1")

    page = text(learner_client.get("/learning"))

    # The spoken name starts with the visible words (WCAG 2.5.3), then says which course.
    assert 'aria-label="Continue the course Beta &amp; Co course"' in page
    assert 'aria-label="Final assessment of Gamma course"' in page
    assert 'aria-label="Your certificate for Alpha course"' in page


def test_a_retired_course_stays_on_the_dashboard(make_course, learner_client):
    make_course("alpha", title="Alpha course", lessons=2, note=None)
    complete(learner_client, "alpha", "lesson-1")
    db.session.get(Course, "alpha").retired_at = datetime.now(UTC)
    db.session.commit()

    listed = section(learner_client.get("/learning"), "in-progress-title")

    assert "Alpha course" in listed and "retired" in listed and "50%" in listed
    assert "Continue" not in listed


def test_the_home_page_and_the_navigation_lead_here(learner_client):
    home = text(learner_client.get("/"))
    assert 'class="button" href="/learning">My learning' in home
    nav = home.split('<nav class="site-nav"')[1].split("</nav>")[0]
    assert 'href="/learning"' in nav and 'href="/courses/"' in nav


def test_the_dashboard_is_mine_alone(app, make_course, learner_client):
    make_course("alpha", title="Alpha course", note=None)
    factories.user(email="other@example.org")
    other = signed_in_client(app, "other@example.org")
    complete(other, "alpha", "lesson-1")

    assert "Alpha course" not in text(learner_client.get("/learning"))
