"""Which language a piece of published content is shown in: the learner's, else the source's.

Plain Python: the web layer passes in the interface language and tells the learner when
what they see is in another language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def shown_locale(available: Iterable[str], wanted: str, source: str) -> str:
    """`wanted` if the content exists in it, else the source language (which always exists)."""
    return wanted if wanted in set(available) else source


@dataclass(frozen=True)
class Localised:
    """A text and the language it is in (for the `lang` attribute when it differs from the page's)."""

    text: str
    locale: str


def course_metadata(manifest: dict, wanted: str, source: str) -> tuple[dict, str]:
    """The course's title, summary, content warning and overview in the shown language."""
    locale = shown_locale(manifest["metadata"], wanted, source)
    return manifest["metadata"][locale], locale


def course_title(manifest: dict, wanted: str, source: str) -> Localised:
    metadata, locale = course_metadata(manifest, wanted, source)
    return Localised(metadata["title"], locale)


def lesson_title(lesson: dict, wanted: str, source: str) -> Localised:
    locale = shown_locale(lesson["titles"], wanted, source)
    return Localised(lesson["titles"][locale], locale)
