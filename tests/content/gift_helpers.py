"""Shared by the GIFT tests: where Moodle's files are, and quiz.md read back as the publisher reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.content.diagnostics import Diagnostics
from app.content.frontmatter import split_front_matter
from app.content.markdown import RenderContext
from app.content.quiz_syntax import parse_quiz_body
from app.content.renderer import prepare_tokens

REPO = Path(__file__).resolve().parents[2]
MOODLE_GIFT = REPO.parent / "shared" / "fixtures" / "moodle-gift"
REAL_QUIZ = REPO / "content" / "courses" / "responding-to-disclosures" / "quiz.md"


def moodle_gift_folder() -> Path:
    """The Moodle GIFT fixtures, or skip the test when ../shared/fixtures is not there."""
    if not MOODLE_GIFT.is_dir():
        pytest.skip(f"../shared/fixtures is absent: no Moodle GIFT files to test with ({MOODLE_GIFT})")
    return MOODLE_GIFT


def parse(quiz_md: str):
    """The questions of a quiz.md text by id, as the publisher sees them, and every diagnostic."""
    report = Diagnostics()
    ctx = RenderContext("quiz.md", report)
    _, questions, _ = parse_quiz_body(prepare_tokens(split_front_matter(quiz_md).body, ctx), ctx)
    return {q.id: q for q in questions}, [d.format() for d in report.sorted()]


def options(question) -> list[tuple[str, bool, str]]:
    return [(o.text_html, o.correct, o.feedback_html) for o in question.options]


def messages(result, path: str = "x.gift") -> list[str]:
    return [m.format(path) for m in result.messages]


def same_questions(a, b) -> bool:
    """Same id, type, title, stem, explanation, and options with the same text, correctness and feedback."""
    keys = ("id", "type", "title", "stem_html", "explanation_html")
    return [getattr(a, k) for k in keys] == [getattr(b, k) for k in keys] and options(a) == options(b)
