"""A lesson's links to quiz.md, course.md and other lessons open those pages on the site."""

from __future__ import annotations

from flask import url_for

from app.content.markdown import PageUrls
from tests.courses.course_folders import lesson_url, publish, text, write_course


def test_the_page_url_patterns_are_the_apps_routes(app):
    urls = PageUrls()
    with app.test_request_context():
        assert urls.of("alpha", "course") == url_for("courses.course", course_id="alpha")
        assert urls.of("alpha", "lesson", "intro") == url_for("courses.lesson", course_id="alpha", lesson_id="intro")
        assert urls.of("alpha", "quiz") == url_for("quiz.intro", course_id="alpha")


def test_links_to_the_courses_own_files_lead_to_their_pages(learner_client, tmp_path):
    root = write_course(tmp_path / "content", "alpha", quiz=True, note=None)
    lesson = root / "courses" / "alpha" / "01-lesson-1.md"
    lesson.write_text(
        lesson.read_text()
        + "\nTake [the quiz](quiz.md), reread [the overview](course.md#outline),\n"
        + "go on with [lesson 2](02-lesson-2.md) or [its French version](02-lesson-2.fr.md).\n",
        "utf-8",
    )
    (root / "courses" / "alpha" / "02-lesson-2.fr.md").write_text("---\ntitle: Leçon 2\n---\n\nTexte.\n", "utf-8")
    publish(root, "alpha")
    page = text(learner_client.get(lesson_url("alpha", "lesson-1")))
    assert 'href="/courses/alpha/quiz" rel="noopener noreferrer"' in page
    assert 'href="/courses/alpha#outline" rel="noopener noreferrer"' in page
    assert page.count(f'href="{lesson_url("alpha", "lesson-2")}" rel="noopener noreferrer"') == 2
    assert learner_client.get("/courses/alpha/quiz").status_code == 200
    assert learner_client.get("/courses/alpha").status_code == 200
