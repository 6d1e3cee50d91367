"""Demo learning records for `flask demo seed`: plain Python, deterministic for a given Random.

A learner works through courses in order, lesson by lesson, the relevant ones first; where
all required lessons are done they may sit the quiz; completion and progress come from the
real rules in `app/courses/completion.py`, so the seeded rows agree with each other exactly
as rows written by the app would.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.courses import completion

SPAN_DAYS = 548  # eighteen months of activity
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class SeedCourse:
    """What seeding needs from a published course version."""

    id: str
    content_hash: str
    manifest: dict
    lessons: tuple[tuple[str, bool, int], ...]  # (lesson id, optional, minutes), in order
    sectors: frozenset[str]
    quiz: dict | None  # the source-language quiz: settings (pass mark) and questions
    certificate: bool
    minutes: int
    content_warning: bool
    prerequisites: tuple[str, ...] = ()
    # Question and option orders as attempts show them; a few dozen, reused (shuffling
    # every attempt anew was most of the seeding time).
    quiz_layouts: tuple[tuple[list[str], dict[str, list[str]]], ...] = ()

    @classmethod
    def from_version(cls, course_id: str, content_hash: str, source_locale: str, manifest: dict) -> SeedCourse:
        lessons = tuple(
            (lesson["id"], bool(lesson.get("optional")), int(lesson.get("duration_minutes") or 15))
            for lesson in manifest["lessons"]
        )
        metadata = manifest.get("metadata", {}).get(source_locale, {})
        quiz = (manifest.get("quiz") or {}).get(source_locale)
        return cls(
            course_id,
            content_hash,
            manifest,
            lessons,
            frozenset(manifest["settings"].get("sectors") or ["all"]),
            quiz,
            completion.awards_certificate(manifest),
            int(manifest["settings"].get("duration_minutes") or 0),
            bool(metadata.get("content_warning")),
            tuple(manifest["settings"].get("prerequisites") or ()),
            _quiz_layouts(random.Random(content_hash), quiz),
        )


def _quiz_layouts(rng: random.Random, quiz: dict | None, count: int = 32) -> tuple:
    if not quiz or not quiz.get("questions"):
        return ()
    settings, layouts = quiz["settings"], []
    for _ in range(count):
        drawn = list(quiz["questions"])
        if settings.get("shuffle_questions", True):
            rng.shuffle(drawn)
        if settings.get("draw"):
            drawn = drawn[: settings["draw"]]
        orders = {}
        for question in drawn:
            option_ids = [option["id"] for option in question.get("options") or []]
            if option_ids and settings.get("shuffle_options", True):
                rng.shuffle(option_ids)
            orders[question["id"]] = option_ids
        layouts.append(([question["id"] for question in drawn], orders))
    return tuple(layouts)


@dataclass
class LearnerRecords:
    """Rows for one learner, as tuples in the column order of `seed.COLUMNS`."""

    enrolments: list[tuple] = field(default_factory=list)
    progress: list[tuple] = field(default_factory=list)
    attempts: list[tuple] = field(default_factory=list)
    completions: list[tuple[SeedCourse, datetime, float | None]] = field(default_factory=list)
    last_seen: datetime | None = None


def spread_rows(rng: random.Random, total: int, learners: int, capacity: int) -> list[int]:
    """How many lesson rows each learner gets: uneven, none above `capacity`, exactly `total` in all."""
    if total > learners * capacity:
        raise ValueError(f"{total} lesson rows do not fit: {learners} learners x {capacity} lessons")
    # About one in twelve registered and never started; the others vary around the mean.
    weights = [0.0 if rng.random() < 1 / 12 else rng.betavariate(2, 2) for _ in range(learners)]
    weight_sum = sum(weights) or 1.0
    budgets = [min(capacity, int(total * w / weight_sum)) for w in weights]
    active = [i for i, w in enumerate(weights) if w > 0]
    _settle(rng, budgets, total - sum(budgets), active, capacity)
    _settle(rng, budgets, total - sum(budgets), list(range(learners)), capacity)  # only if the active are full
    return budgets


def _settle(rng: random.Random, budgets: list[int], missing: int, who: list[int], capacity: int) -> None:
    """Hand out (or take back) `missing` rows over `who`, a few each, never past 0 or `capacity`."""
    while missing and who:
        rng.shuffle(who)
        share = max(1, abs(missing) // len(who))
        moved = 0
        for index in who:
            room = capacity - budgets[index] if missing > 0 else budgets[index]
            change = min(share, room, abs(missing) - moved)
            budgets[index] += change if missing > 0 else -change
            moved += change
            if moved == abs(missing):
                break
        if moved == 0:
            return
        missing -= moved if missing > 0 else -moved


def course_order(rng: random.Random, courses: list[SeedCourse], sector: str | None) -> list[SeedCourse]:
    """The order a learner takes courses in: those for their sector (or for all) mostly first,
    and a course never before its prerequisites."""

    def key(course: SeedCourse) -> float:
        relevant = "all" in course.sectors or (sector is not None and sector in course.sectors)
        return rng.random() - (0.8 if relevant else 0.0)

    keys = {course.id: key(course) for course in courses}
    present = set(keys)
    ordered, placed, waiting = [], set(), []
    for course in sorted(courses, key=lambda course: keys[course.id]):
        waiting.append(course)
        progressed = True
        while progressed:  # place whatever waits and now has its prerequisites placed
            progressed = False
            for candidate in list(waiting):
                if all(p in placed or p not in present for p in candidate.prerequisites):
                    ordered.append(candidate)
                    placed.add(candidate.id)
                    waiting.remove(candidate)
                    progressed = True
    return ordered + waiting  # a cycle of prerequisites: no valid order, keep the rest as drawn


def learner_records(
    rng: random.Random,
    user_id: int,
    courses: list[SeedCourse],
    budget: int,
    created_at: datetime,
    end: datetime,
) -> LearnerRecords:
    """Everything one learner did, in `budget` lesson rows, between registering and `end`."""
    plan = _plan(rng, courses, budget)
    records = LearnerRecords()
    if not plan:
        if rng.random() < 0.5 and courses:  # opened a course page, never a lesson
            course = courses[0]
            opened = created_at + timedelta(minutes=rng.uniform(1, 120))
            records.enrolments.append(_enrolment(user_id, course, opened, opened, None, 0, None, 0, None))
            records.last_seen = opened
        return records
    # A course start counts as a long gap (see _take_course), a lesson or an attempt as one.
    clock = _Clock(rng, created_at, end, gaps=sum(len(lessons) + 7 for _c, lessons, _cut in plan))
    # Courses that later ones build on: the learner keeps at it until they pass.
    needed = {prerequisite for course, _lessons, _cut in plan for prerequisite in course.prerequisites}
    for course, lessons, cut in plan:
        _take_course(rng, user_id, course, lessons, cut, course.id in needed, clock, records)
    records.last_seen = clock.now
    return records


def _plan(rng: random.Random, courses: list[SeedCourse], budget: int) -> list[tuple[SeedCourse, list[str], bool]]:
    """Which lessons of which courses, in order: whole courses first, the last one cut short.

    Optional lessons are skipped half the time, unless the budget needs them. Each entry
    says whether the budget cut the course short (the learner is part-way through it).
    `courses` come in `course_order`, prerequisites first: a course cut short uses up the
    budget, so every later course finds its prerequisites planned in full.
    """
    plan, skipped, remaining = [], [], budget
    for course in courses:
        if remaining == 0:
            break
        ids = [lid for lid, optional, _m in course.lessons if not optional or rng.random() < 0.5]
        taken = ids[:remaining]
        remaining -= len(taken)
        if taken:
            plan.append((course, taken, len(taken) < len(ids)))
            skipped.append([lid for lid, *_ in course.lessons if lid not in ids])
    for (course, taken, _cut), extra in zip(plan, skipped, strict=True):
        if remaining == 0:
            break
        added = extra[:remaining]
        remaining -= len(added)
        order = [lid for lid, *_ in course.lessons]
        taken.extend(added)
        taken.sort(key=order.index)
    return plan


class _Clock:
    """Moves forward through a learner's activity so that it fits between registering and `end`."""

    def __init__(self, rng: random.Random, start: datetime, end: datetime, gaps: int):
        self.rng = rng
        self.now = start + timedelta(minutes=rng.uniform(2, 60))
        available = max((end - self.now).total_seconds(), 60.0)
        # Activity takes up part of the time since registration; a gap averages this long.
        self.mean_gap = available * rng.uniform(0.3, 0.9) / (gaps + 1)
        self.end = end

    def advance(self, factor: float = 1.0) -> datetime:
        self.now = min(self.now + timedelta(seconds=self.rng.expovariate(1.0) * self.mean_gap * factor), self.end)
        return self.now

    def spend(self, minutes: float) -> datetime:
        self.now = min(self.now + timedelta(minutes=minutes * self.rng.uniform(0.6, 1.5)), self.end)
        return self.now


def _take_course(
    rng,
    user_id,
    course: SeedCourse,
    lessons: list[str],
    cut: bool,
    must_pass: bool,
    clock: _Clock,
    records: LearnerRecords,
) -> None:
    minutes = {lid: m for lid, _o, m in course.lessons}
    started_at = clock.advance(factor=5)  # courses are days or weeks apart; lessons closer
    done: set[str] = set()
    for index, lesson_id in enumerate(lessons):
        lesson_start = started_at if index == 0 else clock.advance()
        # Part-way through a course, the lesson they stopped at is sometimes still open.
        finished = None if cut and index == len(lessons) - 1 and rng.random() < 0.4 else clock.spend(minutes[lesson_id])
        if finished is not None:
            done.add(lesson_id)
        records.progress.append((user_id, course.id, lesson_id, course.content_hash, lesson_start, finished))
    lessons_done = set(completion.required_lesson_ids(course.manifest)) <= done
    passed, scores = False, []
    if (
        lessons_done
        and completion.has_quiz(course.manifest)
        and course.quiz_layouts
        and (must_pass or rng.random() < 0.85)
    ):
        passed, scores = _sit_quiz(rng, user_id, course, clock, records, must_pass)
    completed_at = clock.now if completion.is_complete(course.manifest, done, passed) else None
    best = max(scores) if scores else None
    records.enrolments.append(
        _enrolment(
            user_id,
            course,
            started_at,
            clock.now,
            lessons[-1],
            completion.progress_percent(course.manifest, done),
            best,
            len(scores),
            completed_at,
        )
    )
    if completed_at is not None:
        records.completions.append((course, completed_at, best))


def _sit_quiz(
    rng, user_id, course: SeedCourse, clock: _Clock, records: LearnerRecords, must_pass: bool
) -> tuple[bool, list[float]]:
    skill = rng.uniform(0.55, 0.98)
    pass_mark = course.quiz["settings"]["pass_mark"]
    scores: list[float] = []
    for number in range(1, MAX_ATTEMPTS + 1):
        question_ids, orders = rng.choice(course.quiz_layouts)
        started = clock.advance()
        if rng.random() < 0.04 and not must_pass:  # left unfinished: saved answers, never submitted
            records.attempts.append(
                (user_id, course.id, course.content_hash, number, question_ids, orders, started, None, None, None)
            )
            break
        right = sum(rng.random() < skill for _ in question_ids)
        if must_pass and number == MAX_ATTEMPTS:
            right = max(right, math.ceil(pass_mark * len(question_ids) / 100))
        score = round(100 * right / len(question_ids), 2)
        passed = score >= pass_mark
        submitted = clock.spend(2 * len(question_ids))
        records.attempts.append(
            (user_id, course.id, course.content_hash, number, question_ids, orders, started, submitted, score, passed)
        )
        scores.append(score)
        if passed:
            return True, scores
        skill = min(0.99, skill + 0.1)  # they reread the lessons
        if rng.random() < 0.3 and not must_pass:
            break
    return False, scores


def _enrolment(user_id, course: SeedCourse, started, last_activity, last_lesson, percent, best, attempts, completed):
    return (
        user_id,
        course.id,
        started,
        last_activity,
        last_lesson,
        started if course.content_warning else None,
        percent,
        best,
        attempts,
        completed,
        course.content_hash if completed else None,
    )
