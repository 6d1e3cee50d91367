"""A lesson as one learner sees it: the page in their language (else the source language),
the knowledge checks with their last answers, the reflections with their own text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from app.courses import checks
from app.courses.lesson_body import Segment, segments
from app.courses.localised import Localised, course_title, lesson_title, shown_locale
from app.courses.models import CheckAnswer, LessonProgress, Reflection
from app.courses.outline import neighbours
from app.courses.published import PublishedCourse, ShownLessonPage, lesson_pages
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
    segments: list[Segment]
    checks: dict[str, CheckView]
    source_checks: dict[str, dict]
    reflections: dict[str, ReflectionView]
    previous: tuple[str, Localised] | None
    following: tuple[str, Localised] | None
    completed_at: datetime | None

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


def lesson_view(course: PublishedCourse, lesson_id: str, user_id: int, wanted: str) -> LessonView | None:
    """Everything the lesson page shows; None if the course has no such lesson."""
    lesson = course.lesson(lesson_id)
    if lesson is None:
        return None
    source = course.source_locale
    pages = lesson_pages(course.version_id, lesson_id, {wanted, source})
    page = pages.get(shown_locale(pages, wanted, source))
    if page is None:
        return None
    source_page = pages.get(source, page)
    source_checks = {question["id"]: question for question in source_page.extras.get("checks", [])}
    answers = dict(
        db.session.execute(
            select(CheckAnswer.check_id, CheckAnswer.response).where(
                CheckAnswer.user_id == user_id, CheckAnswer.course_id == course.id, CheckAnswer.lesson_id == lesson_id
            )
        ).all()
    )
    saved = {
        row.reflection_id: row
        for row in db.session.execute(
            select(Reflection.reflection_id, Reflection.text, Reflection.updated_at).where(
                Reflection.user_id == user_id, Reflection.course_id == course.id, Reflection.lesson_id == lesson_id
            )
        )
    }
    check_views = {
        question["id"]: make_check_view(
            question, source_checks.get(question["id"], question), user_id, course.id, answers.get(question["id"])
        )
        for question in page.extras.get("checks", [])
    }
    reflection_views = {}
    for reflection in page.extras.get("reflections", []):
        mine = saved.get(reflection["id"])
        reflection_views[reflection["id"]] = ReflectionView(
            reflection["id"], reflection["prompt_html"], mine.text if mine else "", mine.updated_at if mine else None
        )
    completed_at = db.session.scalar(
        select(LessonProgress.completed_at).where(
            LessonProgress.user_id == user_id,
            LessonProgress.course_id == course.id,
            LessonProgress.lesson_id == lesson_id,
        )
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
        segments(page.html, list(check_views), list(reflection_views)),
        check_views,
        source_checks,
        reflection_views,
        (previous["id"], lesson_title(previous, wanted, source)) if previous else None,
        (following["id"], lesson_title(following, wanted, source)) if following else None,
        completed_at,
    )
