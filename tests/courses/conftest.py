"""Fixtures for the learner's side: a learner in their own browser, and courses written for a test."""

from __future__ import annotations

import itertools

import pytest

from tests.courses.course_folders import publish, write_course


@pytest.fixture
def make_course(tmp_path):
    """Write and publish a course (see course_folders.write_course); returns its CourseVersion."""
    counter = itertools.count()

    def make(course_id: str = "test-course", **options):
        root = write_course(tmp_path / f"content-{next(counter)}", course_id, **options)
        return publish(root, course_id)

    return make
