"""Fixtures for the quiz tests: a learner in their own browser, and courses with chosen quiz settings."""

from __future__ import annotations

import pytest

from tests import factories
from tests.quiz.helpers import write_course


@pytest.fixture
def make_course(tmp_path):
    """Publish the test course with these quiz settings; returns its CourseVersion."""
    counter = iter(range(1000))

    def make(course_id: str = "quiz-test", translations: dict[str, str] | None = None, **settings):
        root = write_course(tmp_path / f"content-{next(counter)}", course_id, translations, **settings)
        return factories.published_course(course_id, content_root=root)

    return make


@pytest.fixture
def course(make_course):
    """All four questions in the written order, all-or-nothing, pass mark 75, unlimited attempts."""
    return make_course(shuffle_questions=False, shuffle_options=False)
