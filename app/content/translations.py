"""Checks that a translation matches its source: question ids, options, marks, reflections, staleness."""

from __future__ import annotations

from app.content.diagnostics import Diagnostics
from app.content.hashing import source_hash
from app.content.loader import SourceFile
from app.content.questions import Question


def is_stale(translation: SourceFile, source: SourceFile) -> bool:
    """True when `translated_from` names another version of the source file than the current one."""
    recorded = translation.meta.get("translated_from")
    return isinstance(recorded, str) and recorded.strip() != source_hash(source.data)


def check_stale(translation: SourceFile, source: SourceFile, report: Diagnostics) -> bool:
    if not is_stale(translation, source):
        return False
    current = source_hash(source.data)
    report.warning(
        translation.display,
        translation.key_lines.get("translated_from", 1),
        f"The translation is out of date: {source.path.name} has changed since it was translated",
        f"Bring the translation up to date with {source.path.name}, then set `translated_from: {current}`.",
    )
    return True


# How a trainer recognises each question type in the file (see content/README.md).
QUESTION_KINDS = {
    "single": "a single-choice question (one [x])",
    "multiple": "a multiple-response question (several [x], or type=multiple)",
    "ordering": "an ordering question (a numbered list)",
}


def _kind(question_type: str) -> str:
    return QUESTION_KINDS.get(question_type, f"a question of type {question_type}")


def compare_questions(
    source: list[Question], translated: list[Question], path: str, report: Diagnostics, what: str = "question"
) -> None:
    """Report ids, order, types, option counts and [x] marks that differ from the source."""
    source_ids = [q.id for q in source]
    by_id = {q.id: q for q in source}
    for question in translated:
        if question.id not in by_id:
            report.error(
                path,
                question.line,
                f"The {what} `{question.id}` is not in the source file",
                "Translations use the same ids as the source; copy the id from the source heading.",
            )
    translated_ids = {q.id for q in translated}
    for qid in source_ids:
        if qid not in translated_ids:
            report.error(
                path,
                1,
                f"The {what} `{qid}` of the source file is missing from the translation",
                "Translate it, keeping its {#id}.",
            )
    common = [q for q in translated if q.id in by_id]
    if [q.id for q in common] != [i for i in source_ids if i in translated_ids]:
        report.error(
            path,
            common[0].line if common else 1,
            f"The {what}s are in a different order than in the source",
            "Keep the order of the source file.",
        )
    for question in common:
        original = by_id[question.id]
        if question.type != original.type:
            report.error(
                path,
                question.line,
                f"The {what} `{question.id}` is {_kind(question.type)} here but {_kind(original.type)} in the source",
                "Use the same kind of list as the source: a numbered list for ordering, `- [ ]` boxes for choices, "
                "with the same [x] marks.",
            )
        elif len(question.options) != len(original.options):
            report.error(
                path,
                question.line,
                f"The {what} `{question.id}` has {len(question.options)} options "
                f"here but {len(original.options)} in the source",
                "A translation has the same options in the same order.",
            )
        elif [o.correct for o in question.options] != [o.correct for o in original.options]:
            report.error(
                path,
                question.line,
                f"The [x] marks of `{question.id}` differ from the source",
                "The source language decides what is correct: copy its [x] marks.",
            )
