"""A published quiz as the quiz pages use it: every locale of one version, and the draw.

Plain Python (no Flask): built from a version's manifest, so it can be cached per process
by content hash (a version never changes) and tested without an app.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from app.content.questions import Question, question_type
from app.content.quiz_syntax import Quiz


@dataclass(frozen=True)
class QuizContent:
    """The quiz of one course version: the source decides correctness; translations display."""

    source_locale: str
    quizzes: dict[str, Quiz]
    stale_locales: frozenset[str]
    course_titles: dict[str, str]
    course_warnings: dict[str, str]

    @classmethod
    def from_manifest(cls, manifest: dict, source_locale: str) -> QuizContent | None:
        quizzes = manifest.get("quiz") or {}
        if source_locale not in quizzes:
            return None
        metadata = manifest.get("metadata") or {}
        return cls(
            source_locale=source_locale,
            quizzes={locale: Quiz.from_dict(data) for locale, data in quizzes.items()},
            stale_locales=frozenset(manifest.get("quiz_stale_locales") or ()),
            course_titles={locale: meta.get("title", "") for locale, meta in metadata.items()},
            course_warnings={locale: meta.get("content_warning") or "" for locale, meta in metadata.items()},
        )

    @property
    def source(self) -> Quiz:
        return self.quizzes[self.source_locale]

    @property
    def settings(self):
        """Pass mark, draw, attempts and scoring always come from the source language."""
        return self.source.settings

    def shown_locale(self, locale: str) -> str:
        """The locale the learner sees: theirs if the quiz is translated into it, else the source."""
        return locale if locale in self.quizzes else self.source_locale

    def localised(self, locale: str) -> Quiz:
        return self.quizzes[self.shown_locale(locale)]

    def course_title(self, locale: str) -> str:
        return self.course_titles.get(locale) or self.course_titles.get(self.source_locale, "")

    def course_warning(self, locale: str) -> str:
        return self.course_warnings.get(locale) or self.course_warnings.get(self.source_locale, "")

    def question(self, question_id: str) -> Question:
        """A question of the source quiz: what is correct, and the options' ids."""
        return questions_by_id(self.source)[question_id]

    def question_count(self) -> int:
        """How many questions one attempt asks."""
        draw = self.settings.draw
        return min(draw, len(self.source.questions)) if draw else len(self.source.questions)


def questions_by_id(quiz: Quiz) -> dict[str, Question]:
    return {question.id: question for question in quiz.questions}


def draw_questions(quiz: Quiz, rng: random.Random) -> tuple[list[str], dict[str, list[str]]]:
    """Choose an attempt's questions and each question's option order, as the settings say.

    `draw` picks that many from the pool; `shuffle_questions` orders them at random (else
    the written order); `shuffle_options` shuffles choice options, and ordering questions
    are always shuffled, never into the correct order (that would give the answer away).
    """
    settings = quiz.settings
    pool = [question.id for question in quiz.questions]
    chosen = rng.sample(pool, settings.draw) if settings.draw and settings.draw < len(pool) else list(pool)
    if settings.shuffle_questions:
        rng.shuffle(chosen)
    else:
        chosen.sort(key=pool.index)
    questions = questions_by_id(quiz)
    orders = {}
    for qid in chosen:
        question = questions[qid]
        order = list(question.option_ids)
        kind = question_type(question.type)
        if kind.always_shuffled or settings.shuffle_options:
            order = _shuffled(order, rng, avoid_identity=kind.always_shuffled)
        orders[qid] = order
    return chosen, orders


def _shuffled(items: list[str], rng: random.Random, avoid_identity: bool) -> list[str]:
    shuffled = list(items)
    rng.shuffle(shuffled)
    if avoid_identity and len(items) > 1 and shuffled == items:
        # Any other permutation: rotating by one is never the identity.
        shuffled = items[1:] + items[:1]
    return shuffled
