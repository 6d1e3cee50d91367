"""Front-matter keys of course.md, lessons and quiz.md: types, defaults, what a translation may set."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any

from app.content.diagnostics import Diagnostics
from app.content.questions import SCORING_MODES


@dataclass(frozen=True)
class Key:
    """One front-matter key; `kind` is str, int, bool, ids (list of ids), strs, date or choice."""

    name: str
    kind: str
    required: bool = False
    translatable: bool = False
    default: Any = None
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()


TRANSLATED_FROM = Key("translated_from", "str", translatable=True)

COURSE_KEYS = (
    Key("title", "str", required=True, translatable=True),
    Key("summary", "str", required=True, translatable=True),
    Key("sectors", "ids", required=True),
    Key("levels", "ids"),
    Key("duration_minutes", "int", required=True, minimum=1),
    Key("language", "str"),
    Key("content_warning", "str", translatable=True),
    Key("prerequisites", "ids", default=[]),
    Key("certificate", "bool", default=True),
    Key("reviewed", "date"),
    Key("authors", "strs", default=[]),
)
LESSON_KEYS = (
    Key("title", "str", required=True, translatable=True),
    Key("duration_minutes", "int", minimum=0),
    Key("optional", "bool", default=False),
    Key("content_warning", "str", translatable=True),
)
QUIZ_KEYS = (
    Key("title", "str", translatable=True),
    Key("pass_mark", "int", required=True, minimum=0, maximum=100),
    Key("shuffle_questions", "bool", default=True),
    Key("shuffle_options", "bool", default=True),
    Key("draw", "int", minimum=1),
    Key("max_attempts", "int", default=0, minimum=0),
    Key("scoring", "choice", default="all-or-nothing", choices=SCORING_MODES),
)
KEYS_BY_KIND = {"course": COURSE_KEYS, "lesson": LESSON_KEYS, "quiz": QUIZ_KEYS}
TYPE_WORDS = {
    "str": "a text",
    "int": "a whole number",
    "bool": "true or false",
    "ids": "a list like [a, b]",
    "strs": "a list like [a, b]",
    "date": "a date like 2026-11-01",
    "choice": "one of",
}
TYPE_HINTS = {
    "str": 'Write the text after the colon; put it in quotes if YAML reads it as something else, e.g. "yes".',
    "int": "Write a number without units, e.g. 30.",
    "bool": "Write true or false.",
    "ids": "Write a list in square brackets, e.g. [police, health].",
    "strs": "Write a list in square brackets, e.g. [First Name, Second Name].",
    "date": "Write the date as year-month-day, e.g. 2026-11-01.",
    "choice": "Write one of the values listed.",
}

RANGE_HINTS = {
    "pass_mark": "The pass mark is the percentage of points needed to pass, e.g. pass_mark: 80.",
    "duration_minutes": "Give the time a learner needs, in whole minutes, e.g. duration_minutes: 20.",
    "draw": "Leave `draw` out to ask every question of the pool each attempt.",
    "max_attempts": "Write 0 for unlimited attempts.",
}


def did_you_mean(word: str, candidates: list[str]) -> str | None:
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f"Did you mean `{close[0]}`?" if close else None


def check_front_matter(
    kind: str,
    meta: dict,
    key_lines: dict[str, int],
    path: str,
    report: Diagnostics,
    *,
    translation: bool,
    state: str = "ok",
) -> dict:
    """Check `meta` against the keys of `kind`; return clean values with defaults (source) or the translatable ones.

    `state` is the loader's front-matter state: ok, missing (no --- block) or broken (already reported).
    """
    specs = {k.name: k for k in (*KEYS_BY_KIND[kind], TRANSLATED_FROM)}
    if state == "missing" and not translation:
        required = [k.name for k in KEYS_BY_KIND[kind] if k.required]
        example = " / ".join(f"{name}: ..." for name in required)
        report.error(path, 1, "The file has no front matter", f"Start the file with the lines --- / {example} / ---.")
        return {k.name: k.default for k in KEYS_BY_KIND[kind] if k.default is not None}
    if state == "broken":
        return {k.name: k.default for k in KEYS_BY_KIND[kind] if k.default is not None and not translation}
    clean: dict[str, Any] = {}
    first_line = 1  # the opening --- line: where a missing key belongs
    for name, value in meta.items():
        line = key_lines.get(str(name), first_line)
        spec = specs.get(name) if isinstance(name, str) else None
        if spec is None:
            hint = did_you_mean(str(name), list(specs)) or f"Known keys: {', '.join(specs)}."
            report.warning(path, line, f"Unknown key `{name}` is ignored", hint)
            continue
        if spec is TRANSLATED_FROM and not translation:
            report.warning(
                path,
                line,
                "`translated_from` belongs in translations only, and is ignored here",
                "Remove it from the source file.",
            )
            continue
        if translation and not spec.translatable:
            report.warning(
                path,
                line,
                f"`{name}` is ignored in a translation: the source file decides it",
                "Remove it here; a translation repeats only title, summary and content_warning.",
            )
            continue
        checked = _check_value(spec, value, path, line, report)
        if checked is not None:
            clean[name] = checked
    if translation:
        return clean  # a key missing from a translation falls back to the source language
    for spec in specs.values():
        if spec.required and spec.name not in meta:
            report.error(
                path,
                first_line,
                f"Required key `{spec.name}` is missing",
                f"Add `{spec.name}: ...` to the front matter between the --- lines.",
            )
        if spec.name not in clean and spec.default is not None:
            clean[spec.name] = spec.default
    return clean


def _check_value(spec: Key, value: Any, path: str, line: int, report: Diagnostics) -> Any:
    kind, ok = spec.kind, True
    if kind == "str":
        ok = isinstance(value, str) and value.strip() != ""
        value = value.strip() if ok else value
    elif kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind == "bool":
        ok = isinstance(value, bool)
    elif kind in ("ids", "strs"):
        if isinstance(value, str):
            value = [value]  # `sectors: all` reads as well as `sectors: [all]`
        ok = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
    elif kind == "date":
        ok = isinstance(value, dt.date)
        value = value.isoformat() if ok else value
    elif kind == "choice":
        ok = value in spec.choices
    if not ok:
        expected = TYPE_WORDS[kind] + (" " + ", ".join(spec.choices) if spec.choices else "")
        report.error(path, line, f"`{spec.name}` must be {expected}, not {value!r}", TYPE_HINTS[kind])
        return None
    if kind == "int" and not _in_range(spec, value):
        bounds = (
            f"between {spec.minimum} and {spec.maximum}" if spec.maximum is not None else f"at least {spec.minimum}"
        )
        report.error(path, line, f"`{spec.name}` must be {bounds}, not {value}", RANGE_HINTS.get(spec.name))
        return None
    return value


def _in_range(spec: Key, value: int) -> bool:
    return (spec.minimum is None or value >= spec.minimum) and (spec.maximum is None or value <= spec.maximum)
