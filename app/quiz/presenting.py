"""What the quiz templates show: questions in the learner's language and the attempt's order,
scores and shares as locale-formatted text, the statistics as table rows.

Templates decide nothing here: which language, which options are correct and what a learner
chose are all worked out below, from the source-language quiz and the stored attempt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from babel.numbers import format_percent as babel_format_percent
from flask import Blueprint
from flask_babel import format_decimal, format_percent, get_locale
from flask_babel import gettext as _

from app.content.questions import Option, Question, question_type
from app.courses.display import language_dir, language_name
from app.i18n import current_language
from app.quiz import queries
from app.quiz import statistics as stats
from app.quiz.content import QuizContent, questions_by_id
from app.quiz.forms import END
from app.quiz.models import QuizAnswer, QuizAttempt


def register_presenting(bp: Blueprint) -> None:
    bp.context_processor(lambda: {"score_text": score_text, "language_name": language_name})


def score_text(percent: float | None) -> str:
    """A score in percent, locale-formatted, cut (not rounded) to one decimal: 79.96 shows as
    79.9 %, never as a passing 80 %."""
    if percent is None:
        return ""
    tenths = Decimal(math.floor(percent * 10 + 1e-9)) / Decimal(1000)
    return babel_format_percent(tenths.normalize(), locale=get_locale(), decimal_quantization=False)


@dataclass
class QuestionView:
    """One question of an attempt as shown: in the shown language, options in the attempt's order."""

    number: int
    id: str
    question: Question  # shown language
    source: Question  # decides what is correct
    options: list[Option]
    answer: QuizAnswer | None = None

    @property
    def input(self) -> str:
        return question_type(self.source.type).input

    @property
    def template(self) -> str:
        return f"quiz/_question_{self.input}.html"

    @property
    def review_template(self) -> str:
        return f"quiz/_review_{self.input}.html"

    @property
    def response(self) -> list[str]:
        return list(self.answer.response) if self.answer else []

    @property
    def correct_ids(self) -> list[str]:
        return self.source.correct_ids

    @property
    def positions(self) -> dict[str, str]:
        """Ordering: each item's saved position (1-based, as text), as the selects show it."""
        return {oid: str(index) for index, oid in enumerate(self.response, 1)}

    def option(self, option_id: str) -> Option:
        return next(o for o in self.question.options if o.id == option_id)

    @property
    def score(self) -> float:
        return (self.answer.score or 0.0) if self.answer else 0.0


def blocker_text(blocker: str | None) -> str | None:
    """Why an attempt cannot be started now, in words (the course page explains the rest)."""
    texts = {
        queries.RETIRED: lambda: _(
            "This course has been retired and is no longer offered. Your attempts and any certificate are kept."
        ),
        queries.PREREQUISITES: lambda: _(
            "This course builds on other courses: complete them first. They are listed on the course page."
        ),
        queries.CONTENT_NOTE: lambda: _(
            "Before you start, please read the content note on the course page: it says what this course covers and what you can do if it is difficult."
        ),
    }
    return texts[blocker]() if blocker else None


def quiz_page_context(content: QuizContent, course_id: str) -> dict:
    locale = current_language()
    shown = content.shown_locale(locale)
    quiz = content.quizzes[shown]
    return {
        "course_id": course_id,
        "content": content,
        "settings": content.settings,
        "quiz": quiz,
        "quiz_title": quiz.settings.title or _("Final assessment"),
        "course_title": content.course_title(locale),
        "course_warning": content.course_warning(locale),
        "question_count": content.question_count(),
        "shown_locale": shown,
        "shown_dir": language_dir(shown),
        "fallback": shown != locale,
        "stale": shown in content.stale_locales,
    }


def take_context(content: QuizContent, attempt: QuizAttempt, answers: dict[str, QuizAnswer], step) -> dict:
    """Everything the take, check, confirm and review pages need; `step` is a number, END or None."""
    context = quiz_page_context(content, attempt.course_id)
    shown = questions_by_id(context["quiz"])
    views = []
    for number, qid in enumerate(attempt.question_ids, 1):
        source = content.question(qid)
        question = shown.get(qid, source)
        by_id = {o.id: o for o in question.options}
        order = attempt.option_orders.get(qid) or source.option_ids
        views.append(QuestionView(number, qid, question, source, [by_id[o] for o in order], answers.get(qid)))
    context.update(
        attempt=attempt,
        questions=views,
        answered_count=sum(1 for v in views if v.answer),
        unanswered=[v for v in views if not v.answer],
        step=step,
        current=views[step - 1] if isinstance(step, int) else None,
        end_step=END,
    )
    return context


# --- statistics --------------------------------------------------------------------------------

FLAG_TEXT = {
    stats.EASY: lambda: _("Almost everyone answers this correctly: it may not tell learners apart."),
    stats.HARD: lambda: _(
        "Few answer this correctly: check that the right options are marked and the wording is clear."
    ),
    stats.NEGATIVE: lambda: _(
        "Learners with high totals do worse on this than those with low totals: check the question."
    ),
}


@dataclass
class OptionRow:
    text_html: str
    correct: bool
    share: str
    position: int | None = None  # ordering: the item's correct position


@dataclass
class StatisticsRow:
    number: int
    question: Question
    ordering: bool
    asked: str
    correct_share: str
    discrimination: str | None  # None: too few attempts
    unanswered_share: str
    flags: list[str]
    options: list[OptionRow] = field(default_factory=list)


def statistics_table(content: QuizContent, older: list[QuizContent], records) -> dict:
    """Rows for the statistics page: the current quiz's questions in their written order, then
    questions only older versions asked. Options are matched by position (a, b, c ...)."""
    locale = current_language()
    questions: dict[str, Question] = {}
    for quiz_content in [content, *older]:
        shown = quiz_content.localised(locale)
        for question in quiz_content.source.questions:
            questions.setdefault(question.id, questions_by_id(shown).get(question.id, question))
    # The newest version that has a question decides its type and correct options.
    sources = {q.id: q for c in reversed([content, *older]) for q in c.source.questions}
    infos = [
        stats.QuestionInfo(qid, sources[qid].option_ids, ordering=question_type(sources[qid].type).input == "order")
        for qid in questions
    ]
    summary = stats.quiz_statistics(records, infos)
    rows = []
    for number, (info, numbers) in enumerate(zip(infos, summary.questions, strict=True), 1):
        source = sources[info.id]
        rows.append(
            StatisticsRow(
                number=number,
                question=questions[info.id],
                ordering=info.ordering,
                asked=format_decimal(numbers.asked),
                correct_share=_share(numbers.correct_share),
                discrimination=format_decimal(numbers.discrimination, "0.00")
                if numbers.discrimination is not None
                else None,
                unanswered_share=_share(numbers.unanswered_share),
                flags=[FLAG_TEXT[flag]() for flag in numbers.flags],
                options=[
                    OptionRow(
                        text_html=option.text_html,
                        correct=option.id in source.correct_ids and not info.ordering,
                        share=_share(numbers.option_shares.get(option.id)),
                        position=source.option_ids.index(option.id) + 1 if info.ordering else None,
                    )
                    for option in questions[info.id].options
                ],
            )
        )
    return {
        "attempts": summary.attempts,
        "attempts_text": format_decimal(summary.attempts),
        "mean_score": score_text(summary.mean_score),
        "pass_share": _share(summary.pass_share),
        "rows": rows,
        "min_attempts": stats.MIN_ATTEMPTS,
        "group_share": format_percent(stats.GROUP_SHARE),
        "good_discrimination": format_decimal(0.3),
        "versions": 1 + len(older),
    }


def _share(value: float | None) -> str:
    return format_percent(value) if value is not None else "–"
