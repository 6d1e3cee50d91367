"""A course's lessons as a learner sees them: status, order, where to continue. Plain Python."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from app.courses import completion
from app.courses.localised import Localised, lesson_title

NOT_STARTED, IN_PROGRESS, COMPLETED = "not-started", "in-progress", "completed"


@dataclass(frozen=True)
class OutlineEntry:
    id: str
    number: int  # position in the course, from 1 (file numbers may have gaps)
    title: Localised
    optional: bool
    duration_minutes: int | None
    status: str


def outline(
    manifest: dict, started: Collection[str], completed: Collection[str], wanted: str, source: str
) -> list[OutlineEntry]:
    """Every lesson in order, with the learner's status on it."""
    entries = []
    for position, lesson in enumerate(manifest["lessons"], start=1):
        if lesson["id"] in completed:
            status = COMPLETED
        elif lesson["id"] in started:
            status = IN_PROGRESS
        else:
            status = NOT_STARTED
        entries.append(
            OutlineEntry(
                lesson["id"],
                position,
                lesson_title(lesson, wanted, source),
                bool(lesson.get("optional")),
                lesson.get("duration_minutes"),
                status,
            )
        )
    return entries


def neighbours(manifest: dict, lesson_id: str) -> tuple[dict | None, dict | None]:
    """The lessons before and after this one (optional lessons included)."""
    lessons = manifest["lessons"]
    index = next(i for i, lesson in enumerate(lessons) if lesson["id"] == lesson_id)
    previous = lessons[index - 1] if index > 0 else None
    following = lessons[index + 1] if index + 1 < len(lessons) else None
    return previous, following


def remaining_required(manifest: dict, completed: Collection[str]) -> list[str]:
    return [lesson_id for lesson_id in completion.required_lesson_ids(manifest) if lesson_id not in completed]


def continue_lesson(manifest: dict, last_lesson_id: str | None, completed: Collection[str]) -> str | None:
    """Where "Continue" goes: the lesson last opened if it is not finished, else the first
    required lesson not completed, else the first lesson not completed; None when all are."""
    ids = [lesson["id"] for lesson in manifest["lessons"]]
    if last_lesson_id in ids and last_lesson_id not in completed:
        return last_lesson_id
    required = remaining_required(manifest, completed)
    if required:
        return required[0]
    return next((lesson_id for lesson_id in ids if lesson_id not in completed), None)


def percent_complete(manifest: dict, completed: Collection[str]) -> int:
    return completion.progress_percent(manifest, completed)


def total_minutes(manifest: dict) -> int | None:
    """The course's stated duration, else the sum of its lessons' durations, else None."""
    stated = manifest["settings"].get("duration_minutes")
    if stated:
        return int(stated)
    lesson_minutes = [lesson.get("duration_minutes") or 0 for lesson in manifest["lessons"]]
    return sum(lesson_minutes) or None
