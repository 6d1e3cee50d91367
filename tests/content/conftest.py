"""Helpers for the content pipeline tests: plain Python, no Flask app."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# `.venv/bin/pytest` does not put the repository on sys.path by itself.
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.content.diagnostics import Diagnostics  # noqa: E402
from app.content.markdown import RenderContext  # noqa: E402
from app.content.renderer import render_markdown  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "content"


class Rendered:
    """A rendered body plus the diagnostics it produced, formatted."""

    def __init__(self, doc, diagnostics: Diagnostics):
        self.doc, self.html = doc, doc.html
        self.messages = [d.format() for d in diagnostics.sorted()]


@pytest.fixture
def render():
    """render(markdown, media=None, **context) -> Rendered, with file name lesson.md."""

    def _render(text: str, media: dict | None = None, **context) -> Rendered:
        report = Diagnostics()
        ctx = RenderContext("lesson.md", report, media=media or {}, **context)
        return Rendered(render_markdown(text, ctx), report)

    return _render
