"""GIFT out: a quiz.md (source language) as a GIFT file that Moodle imports.

Text goes out as Markdown (`[markdown]`), exactly as the trainer wrote it, so that importing the
file here again gives the same questions. Answers and feedback take the question's format, as
Moodle reads them. Ordering questions have no GIFT form: they are reported and left out.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from markdown_it.token import Token

from app.content.diagnostics import Diagnostics
from app.content.frontmatter import split_front_matter
from app.content.gift import Message
from app.content.gift_text import gift_escape
from app.content.markdown import RenderContext, parse_heading_attrs
from app.content.questions import MultipleResponseType, OrderingType, Question, SingleChoiceType
from app.content.quiz_syntax import blocks, parse_quiz_body
from app.content.renderer import prepare_tokens

# Moodle accepts only its listed grade percentages (question_bank::fraction_options_full(), checked
# to 0.00001); 100 / n is among them for n = 1..10, written with the five decimals Moodle writes.
EQUAL_SHARES = {1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667", 7: "14.28571", 8: "12.5"}
EQUAL_SHARES |= {9: "11.11111", 10: "10"}
QUOTES = ("blockquote_open", "alert_open")
LIST_MARKER_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")


@dataclass
class GiftExport:
    """The GIFT text, the ids of the questions in it, and what to tell the trainer."""

    gift: str
    question_ids: list[str]
    messages: list[Message]

    @property
    def has_errors(self) -> bool:
        return any(m.severity == "error" for m in self.messages)


def export_gift(quiz_text: str, path: str = "quiz.md") -> GiftExport:
    """GIFT for every single-choice, true/false and multiple-response question of a quiz.md text."""
    body = split_front_matter(quiz_text.removeprefix("\ufeff")).body
    # Only the questions' structure matters here; links and media are `flask content validate`'s business.
    ctx = RenderContext(path, Diagnostics())
    tokens = prepare_tokens(body, ctx)
    if tokens is None:
        return GiftExport("", [], [Message(d.line, "error", d.message) for d in ctx.diagnostics.errors])
    report = ctx.diagnostics = Diagnostics()
    intro, questions, count = parse_quiz_body(tokens, ctx)
    if report.errors:
        return GiftExport("", [], [Message(d.line, "error", d.message) for d in report.errors])
    if not count:
        return GiftExport("", [], [Message(None, "error", "the quiz has no questions")])
    lines = re.split(r"\r\n|\r|\n", body)
    by_line = {q.line: q for q in questions}
    starts = [i for i, t in enumerate(tokens) if t.type == "heading_open" and t.level == 0 and t.tag == "h2"]
    messages: list[Message] = []
    if re.sub(r"<[^>]*>", "", intro).strip():
        messages.append(
            Message(None, "warning", "the text before the first question is not exported: GIFT has questions only")
        )
    out = [f"// Exported from {path} with `flask content export-gift`. Text is Markdown.", ""]
    ids = []
    for n, start in enumerate(starts):
        question = by_line.get(tokens[start].map[0] + 1 if tokens[start].map else None)
        if question is None:
            continue
        end = starts[n + 1] if n + 1 < len(starts) else len(tokens)
        gift, problem = _question(question, tokens, start, end, lines)
        if problem:
            messages.append(Message(question.line, "warning", problem))
            continue
        if any(c.type == "image" for t in tokens[start:end] if t.type == "inline" for c in t.children or []):
            why = "its images are files in this course's media/ folder, which Moodle does not have: add them in Moodle"
            messages.append(Message(question.line, "warning", f'question "{question.id}": {why}'))
        out += [f"// {question.id} ({path} line {question.line})", gift, ""]
        ids.append(question.id)
    return GiftExport("\n".join(out), ids, messages)


def _question(question: Question, tokens: list[Token], start: int, end: int, lines: list[str]) -> tuple[str, str]:
    """(GIFT text, '') for one question, or ('', why it is left out)."""
    if question.type == OrderingType.name:
        return "", f'ordering question "{question.id}" skipped: GIFT has no ordering questions'
    title = parse_heading_attrs(tokens[start].meta.get("raw_title", ""))[0].strip()
    parts = blocks(tokens, start + 3, end, 0)
    answer = [p for p in parts if tokens[p[0]].type in ("bullet_list_open", "ordered_list_open")][-1]
    stem = _source(lines, [tokens[a] for a, _ in parts if a < answer[0]])
    text = f"{title}\n\n{stem}" if stem else title
    explanation = "\n\n".join(_quote(lines, tokens[a]) for a, _ in parts if a > answer[1] and tokens[a].type in QUOTES)
    options = [_option(tokens, first, last, lines) for first, last in blocks(tokens, answer[0] + 1, answer[1], 1)]
    if any(not text for text, _ in options):
        return "", f'question "{question.id}" skipped: one of its options has no text, and Moodle drops empty answers'
    general = f"####{_text(explanation)}" if explanation else ""
    head = f"::{question.id}::[markdown]{gift_escape(text)}"
    correct = [o.correct for o in question.options]
    if question.type == SingleChoiceType.name and [t for t, _ in options] == ["True", "False"]:
        (_, true_feedback), (_, false_feedback) = options
        right, wrong = (true_feedback, false_feedback) if correct[0] else (false_feedback, true_feedback)
        feedback = f"#{_text(wrong)}#{_text(right)}" if right else (f"#{_text(wrong)}" if wrong else "")
        return f"{head}{{{'TRUE' if correct[0] else 'FALSE'}{feedback}{general}}}", ""
    if question.type == MultipleResponseType.name:
        share = EQUAL_SHARES.get(sum(correct))
        if share is None:
            return "", (
                f'question "{question.id}" skipped: Moodle cannot share 100% equally between {sum(correct)} right '
                "answers (at most 10)"
            )
        marks = [f"~%{share}%" if right else f"~%-{share}%" for right in correct]
    else:
        marks = ["=" if right else "~" for right in correct]
    answers = []
    for mark, (option_text, feedback) in zip(marks, options, strict=True):
        if mark == "~" and option_text.startswith("%"):
            mark = "~%0%"  # so that Moodle does not read the text as a weight
        answers.append(f"\t{mark}{_text(option_text)}" + (f"#{_text(feedback)}" if feedback else ""))
    return "\n".join([head + "{", *answers, *([f"\t{general}"] if general else []), "}"]), ""


def _text(markdown: str) -> str:
    # Moodle would read a leading `[html]` as a format; naming the format first keeps it text.
    return ("[markdown]" if markdown.startswith("[") else "") + gift_escape(markdown)


def _option(tokens: list[Token], first: int, last: int, lines: list[str]) -> tuple[str, str]:
    """An option's text and feedback as the trainer wrote them (Markdown)."""
    inner = blocks(tokens, first + 1, last, tokens[first].level + 1)
    feedback = "\n\n".join(_quote(lines, tokens[a]) for a, _ in inner if tokens[a].type in QUOTES)
    body = [a for a, _ in inner if tokens[a].type not in QUOTES]
    if len(body) == 1 and tokens[body[0]].type == "paragraph_open":
        return tokens[body[0] + 1].content, feedback
    if not body:
        return "", feedback
    # Not one paragraph (a list, a code block...): the source lines of those blocks, marker and indent removed.
    spans = [tokens[a].map for a in body if tokens[a].map]
    numbers = sorted({n for span in spans for n in range(span[0], span[1])})
    source = [lines[n] for n in numbers]
    if not source:
        return "", feedback
    head = LIST_MARKER_RE.sub("", source[0]) if tokens[first].map and numbers[0] == tokens[first].map[0] else None
    if head is None:
        return textwrap.dedent("\n".join(source)).strip(), feedback
    rest = textwrap.dedent("\n".join(source[1:]))
    return (head + ("\n" + rest if rest.strip() else "")).strip(), feedback


def _source(lines: list[str], openers: list[Token]) -> str:
    """The source lines from the first block to the end of the last one."""
    mapped = [t.map for t in openers if t.map]
    if not mapped:
        return ""
    return "\n".join(lines[mapped[0][0] : mapped[-1][1]]).strip()


def _quote(lines: list[str], opener: Token) -> str:
    """A blockquote's content: its source lines without the `>` markers."""
    out = []
    for line in _source(lines, [opener]).split("\n"):
        line = line.lstrip()
        if line.startswith(">"):
            line = line[2:] if line[1:2] in (" ", "\t") else line[1:]
        out.append(line)
    return "\n".join(out).strip()
