"""Completion rules, plain Python: what counts as done, from a version's manifest.

A course is complete when every required (non-optional) lesson is complete and, if the
course has a quiz, an attempt has reached the pass mark. Both the lesson page and the quiz
call these through `app/courses/services.py`, in the request that completes the course.
"""

from __future__ import annotations

from collections.abc import Iterable


def required_lesson_ids(manifest: dict) -> list[str]:
    return [lesson["id"] for lesson in manifest["lessons"] if not lesson.get("optional")]


def has_quiz(manifest: dict) -> bool:
    return bool(manifest.get("quiz"))


def progress_percent(manifest: dict, completed_lesson_ids: Iterable[str]) -> int:
    """Share of required lessons completed, rounded down (100 only when all are)."""
    required = required_lesson_ids(manifest)
    if not required:
        return 100
    done = len(set(required) & set(completed_lesson_ids))
    return done * 100 // len(required)


def is_complete(manifest: dict, completed_lesson_ids: Iterable[str], quiz_passed: bool) -> bool:
    lessons_done = set(required_lesson_ids(manifest)) <= set(completed_lesson_ids)
    return lessons_done and (quiz_passed or not has_quiz(manifest))


def awards_certificate(manifest: dict) -> bool:
    return bool(manifest["settings"].get("certificate", True))
