"""A lesson as one learner sees it: the page in their language (else the source language),
the knowledge checks with their last answers, the reflections with their own text.

What is the same for every learner comes from the per-process cache (published.shown_lesson);
what is the learner's own is read in one query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import JSON, Text, literal, null, select, type_coerce, union_all

from app.courses import checks
from app.courses.lesson_body import Segment
from app.courses.localised import Localised, course_title, lesson_title
from app.courses.models import CheckAnswer, LessonProgress, Reflection
from app.courses.outline import neighbours
from app.courses.published import PublishedCourse, ShownLessonPage, shown_lesson
from app.extensions import db


@dataclass
class CheckView:
    """One knowledge check on the page: the question, how it is shown, and the learner's answer."""

    id: str
    question: dict  # in the language shown
    kind: str  # radio, checkbox or order
    options: list[dict]  # in the order shown
    chosen: set[str] = field(default_factory=set)
    positions: dict[str, int] = field(default_factory=dict)
    feedback: checks.CheckFeedback | None = None
    error: str | None = None


@dataclass
class ReflectionView:
    id: str
    prompt_html: str
    text: str = ""
    updated_at: datetime | None = None
    error: str | None = None
    just_saved: bool = False


@dataclass
class LessonView:
    course: PublishedCourse
    course_title: Localised
    lesson: dict  # the manifest's entry
    position: int
    total: int
    page: ShownLessonPage
    wanted: str
    segments: Sequence[Segment]  # shared between requests: read only
    checks: dict[str, CheckView]
    source_checks: dict[str, dict]  # shared between requests: read only
    reflections: dict[str, ReflectionView]
    previous: tuple[str, Localised] | None
    following: tuple[str, Localised] | None
    completed_at: datetime | None
    opened_before: bool = False  # the learner's progress row for this lesson exists

    @property
    def fallback(self) -> bool:
        """Shown in the source language because there is no translation in the learner's."""
        return self.page.locale != self.wanted

    @property
    def stale(self) -> bool:
        return bool(self.page.extras.get("stale"))


def check_seed(user_id: int, course_id: str, check_id: str) -> str:
    return f"{user_id}:{course_id}:{check_id}"


def make_check_view(
    question: dict, source_question: dict, user_id: int, course_id: str, response: list[str] | None
) -> CheckView:
    shown = checks.display_order(question, check_seed(user_id, course_id, question["id"]))
    view = CheckView(question["id"], question, checks.input_kind(question), shown)
    view.chosen = set(response or [])
    view.positions = checks.positions(question, shown, response)
    if response:
        view.feedback = checks.feedback(source_question, question, response)
    return view


@dataclass
class MyLessonRows:
    """The learner's own rows for one lesson."""

    opened: bool = False  # a LessonProgress row exists
    completed_at: datetime | None = None
    answers: dict[str, list[str]] = field(default_factory=dict)  # check id -> response
    reflections: dict[str, tuple[str, datetime]] = field(default_factory=dict)  # id -> (text, updated_at)


CHECK, REFLECTION, PROGRESS = "check", "reflection", "progress"


def my_lesson_rows(user_id: int, course_id: str, lesson_id: str) -> MyLessonRows:
    """The learner's answers, reflections and progress on one lesson, in one round trip: the
    three kinds of row are read as one UNION ALL of a common shape (kind, id, response, text, time)."""

    def mine(model):
        return (model.user_id == user_id, model.course_id == course_id, model.lesson_id == lesson_id)

    no_response, no_text = type_coerce(null(), JSON), type_coerce(null(), Text)
    rows = db.session.execute(
        union_all(
            select(literal(CHECK), CheckAnswer.check_id, CheckAnswer.response, no_text, CheckAnswer.answered_at).where(
                *mine(CheckAnswer)
            ),
            select(
                literal(REFLECTION), Reflection.reflection_id, no_response, Reflection.text, Reflection.updated_at
            ).where(*mine(Reflection)),
            select(
                literal(PROGRESS), LessonProgress.lesson_id, no_response, no_text, LessonProgress.completed_at
            ).where(*mine(LessonProgress)),
        )
    )
    found = MyLessonRows()
    for kind, key, response, text, at in rows:
        if kind == CHECK:
            found.answers[key] = response
        elif kind == REFLECTION:
            found.reflections[key] = (text, at)
        else:
            found.opened, found.completed_at = True, at
    return found


def lesson_view(course: PublishedCourse, lesson_id: str, user_id: int, wanted: str) -> LessonView | None:
    """Everything the lesson page shows; None if the course has no such lesson."""
    lesson = course.lesson(lesson_id)
    if lesson is None:
        return None
    shown = shown_lesson(course, lesson_id, wanted)
    if shown is None:
        return None
    page, source = shown.page, course.source_locale
    mine = my_lesson_rows(user_id, course.id, lesson_id)
    check_views = {
        question["id"]: make_check_view(
            question,
            shown.source_checks.get(question["id"], question),
            user_id,
            course.id,
            mine.answers.get(question["id"]),
        )
        for question in page.extras.get("checks", [])
    }
    reflection_views = {}
    for reflection in page.extras.get("reflections", []):
        text, updated_at = mine.reflections.get(reflection["id"], ("", None))
        reflection_views[reflection["id"]] = ReflectionView(
            reflection["id"], reflection["prompt_html"], text, updated_at
        )
    previous, following = neighbours(course.manifest, lesson_id)
    position = [entry["id"] for entry in course.lessons].index(lesson_id) + 1
    return LessonView(
        course,
        course_title(course.manifest, wanted, source),
        lesson,
        position,
        len(course.lessons),
        page,
        wanted,
        shown.segments,
        check_views,
        shown.source_checks,
        reflection_views,
        (previous["id"], lesson_title(previous, wanted, source)) if previous else None,
        (following["id"], lesson_title(following, wanted, source)) if following else None,
        mine.completed_at,
        mine.opened,
    )
