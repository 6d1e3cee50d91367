"""GIFT (Moodle's question format) in: read a GIFT file as Moodle does and write quiz.md.

Questions are separated by blank lines; each is read with Moodle's own rules (qformat_gift),
so a file reads here as it reads in Moodle. Single choice, multiple response and true/false
become quiz.md questions; every other GIFT type is reported with its line and skipped.
`app.content.gift_export` writes the other way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from app.content.diagnostics import Diagnostics
from app.content.gift_text import BLANK, escape_line_start, hide_escapes, restore_escapes, split_format, to_markdown
from app.content.markdown import RenderContext
from app.content.quiz_syntax import parse_quiz_body
from app.content.renderer import prepare_tokens
from app.content.slugs import id_slug, unique

WEIGHT_RE = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")  # Moodle's $giftanswerweightregex
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
SKIPPED_TYPES = {
    "essay": ("essay question", "this platform has no essay questions"),
    "numerical": ("numerical question", "this platform has no numerical questions"),
    "match": ("matching question", "this platform has no matching questions"),
    "shortanswer": ("short-answer question", "this platform has no short-answer (typed answer) questions"),
    "description": ("description", "it has no answers, and a quiz here holds questions only"),
}


@dataclass(frozen=True)
class Message:
    """One thing to tell the trainer about a GIFT file: its line, how serious, what happened."""

    line: int | None
    severity: str  # "error" (nothing is written), "warning" (something was left out) or "note"
    text: str

    def format(self, path: str) -> str:
        where = path if self.line is None else f"{path}:{self.line}"
        return f"{where}: {self.severity}: {self.text}"


@dataclass
class GiftAnswer:
    """One answer of a choice question, as Markdown; `weight` in percent (`=` is 100, a bare `~` 0)."""

    text: str
    feedback: str
    weight: float
    line: int


@dataclass
class GiftQuestion:
    """One question block of a GIFT file; `kind` is Moodle's type name (multichoice, truefalse, essay...)."""

    kind: str
    line: int
    name: str | None
    text: str = ""  # Markdown
    answers: list[GiftAnswer] = field(default_factory=list)
    general_feedback: str = ""  # Markdown
    single: bool = True  # multichoice: radio buttons (some answer is `=`) or checkboxes
    dropped_tags: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """How messages name the question: its GIFT name, or the start of its text."""
        if self.name:
            return self.name
        words = " ".join(re.sub(r"\\(.)", r"\1", self.text).split())
        return words if len(words) <= 50 else words[:49].rstrip() + "…"


@dataclass
class GiftImport:
    """What an import produced: the quiz.md text, the ids written, and what to tell the trainer."""

    quiz_md: str
    question_ids: list[str]
    messages: list[Message]
    questions_read: int = 0

    @property
    def has_errors(self) -> bool:
        return any(m.severity == "error" for m in self.messages)


def decode_gift(data: bytes) -> tuple[str | None, Message | None]:
    """The file's text without BOM, or why it cannot be read as a GIFT file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Message(None, "error", "this file is UTF-16 text: save it as UTF-8 and import it again")
    if b"\x00" in data:
        return None, Message(None, "error", "this is a binary file, not a GIFT text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, Message(line, "error", "this file is not UTF-8 text: save it as UTF-8 and import it again")
    return text.removeprefix("\ufeff"), None


def read_gift(text: str) -> tuple[list[GiftQuestion], list[Message]]:
    """Every question block of a GIFT file, and the problems found (a brace never closed is an error)."""
    questions, messages = [], []
    for block in _blocks(text):
        question = _read_block(block, messages)
        if question is not None:
            questions.append(question)
    return questions, messages


def import_gift(text: str, title: str = "Final assessment", source_name: str = "") -> GiftImport:
    """quiz.md text from GIFT text: supported questions with ids, the rest reported and left out."""
    questions, messages = read_gift(text)
    taken: set[str] = set()
    ids: list[str] = []
    sections: list[str] = []
    for question in questions:
        if question.kind == "category":
            continue
        if question.kind in SKIPPED_TYPES:
            what, why = SKIPPED_TYPES[question.kind]
            messages.append(Message(question.line, "warning", f'{what} "{question.label}" skipped: {why}'))
            continue
        options = _options(question, messages)
        if options is None:
            continue
        qid = unique(id_slug(question.name or "") or f"q-{len(ids) + 1}", taken)
        section = _section(qid, question, options)
        problem = _check_section(section, options, question, messages)
        if problem:
            taken.discard(qid)
            messages.append(Message(question.line, "warning", f'question "{question.label}" skipped: {problem}'))
            continue
        if question.dropped_tags:
            tags = ", ".join(f"<{t}>" for t in question.dropped_tags)
            messages.append(Message(question.line, "warning", f'question "{question.label}": {tags} removed'))
        ids.append(qid)
        sections.append(section)
    read = sum(q.kind != "category" for q in questions)
    if not read and not any(m.severity == "error" for m in messages):
        messages.append(Message(None, "error", "this file contains no GIFT questions"))
    elif read and not ids and not any(m.severity == "error" for m in messages):
        messages.append(Message(None, "error", f"none of the {read} question(s) could be imported"))
    messages.sort(key=lambda m: (m.line or 0, m.severity != "error"))
    front = yaml.safe_dump({"title": title, "pass_mark": 80}, sort_keys=False, allow_unicode=True, width=1000)
    source = source_name.replace("--", "-")
    note = f"<!-- Imported from {source} with `flask content import-gift`. -->\n\n" if source else ""
    quiz_md = f"---\n{front}---\n\n{note}" + "\n".join(sections)
    return GiftImport(quiz_md, ids, messages, read)


# --- reading, with Moodle's rules -----------------------------------------------------------------


def _blocks(text: str) -> list[list[tuple[int, str]]]:
    """Blocks of (line number, trimmed line) separated by blank lines, comment lines left out."""
    blocks, current = [], []
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        line = raw.strip(" \t\n\r\0\x0b")
        if not line:
            if current:
                blocks.append(current)
            current = []
        elif not line.startswith("//"):  # a comment line neither ends a block nor belongs to it
            current.append((number, line))
    if current:
        blocks.append(current)
    return blocks


class _Source:
    """A block as one string (escapes hidden), with the file line of every position."""

    def __init__(self, block: list[tuple[int, str]]):
        self.text = "\n".join(hide_escapes(line) for _, line in block)
        self.numbers = [number for number, _ in block]

    def line(self, pos: int) -> int:
        return self.numbers[min(self.text.count("\n", 0, max(pos, 0)), len(self.numbers) - 1)]


def _read_block(block: list[tuple[int, str]], messages: list[Message]) -> GiftQuestion | None:
    src = _Source(block)
    text, first = src.text, src.numbers[0]
    if text.startswith("$CATEGORY:"):
        category = restore_escapes(text.split("\n", 1)[0][10:]).strip()
        messages.append(Message(first, "note", f'category "{category}" ignored: a course has one quiz'))
        if "\n" in text:
            messages.append(
                Message(
                    src.numbers[1],
                    "warning",
                    "text after a $CATEGORY line is ignored, as in Moodle: put a blank line between them",
                )
            )
        return GiftQuestion("category", first, None)
    pos, name = 0, None
    if text.startswith("::"):
        end = text.find("::", 2)
        if end == -1:
            pos = 2
        else:
            name = " ".join(restore_escapes(text[2:end]).split()) or None
            pos = end + 2
    start, finish = text.find("{", pos), text.find("}", pos)
    if start == -1 and finish == -1:
        fmt, body = split_format(text[pos:].strip(), "moodle")
        return GiftQuestion("description", first, name, to_markdown(restore_escapes(body), fmt)[0])
    problem = _brace_problem(src, start, finish)
    if problem:
        messages.append(problem)
        return None
    after = text[finish + 1 :].strip()
    question_text = text[pos:start] + (BLANK + text[finish + 1 :] if after else "")
    fmt, question_text = split_format(question_text.strip(), "moodle")
    markdown, dropped = to_markdown(restore_escapes(question_text), fmt)
    question = GiftQuestion("", first, name, markdown, dropped_tags=dropped)
    answer = text[start + 1 : finish]
    offset = start + 1 + len(answer) - len(answer.lstrip())
    answer = answer.strip()
    general = answer.rfind("####")
    if general != -1:
        question.general_feedback = _markdown(answer[general + 4 :], fmt, question)
        answer = answer[:general].strip()
    question.kind = _kind(answer)
    if question.kind == "multichoice":
        question.single = "=" in answer
        question.answers = _choice_answers(answer, offset, src, fmt, question)
    elif question.kind == "truefalse":
        bits = [*answer.split("#", 2), "", ""]
        truth = TRUE_FALSE[bits[0].strip()]
        wrong, right = _markdown(bits[1], fmt, question), _markdown(bits[2], fmt, question)
        line = src.line(offset)
        question.answers = [
            GiftAnswer("True", right if truth else wrong, 100 if truth else 0, line),
            GiftAnswer("False", wrong if truth else right, 0 if truth else 100, line),
        ]
    return question


def _brace_problem(src: _Source, start: int, finish: int) -> Message | None:
    """An error for a `{` never closed, a `}` never opened, or a second `{...}` (a missing blank line)."""
    if finish == -1:
        return Message(src.line(start), "error", 'this "{" is never closed by "}" (write \\{ for a brace in text)')
    if start == -1 or finish < start:
        return Message(src.line(finish), "error", 'this "}" has no "{" before it (write \\} for a brace in text)')
    second = [i for i in (src.text.find("{", finish), src.text.find("}", finish + 1)) if i != -1]
    if second:
        return Message(
            src.line(min(second)), "error", "a second {...} in the same question: separate questions with a blank line"
        )
    return None


def _kind(answer: str) -> str:
    """Moodle's order of tests: essay, numerical, multiple choice, matching, true/false, short answer."""
    if not answer:
        return "essay"
    if answer.startswith("#"):
        return "numerical"
    if "~" in answer:
        return "multichoice"
    if "=" in answer and "->" in answer:
        return "match"
    hash_at = answer.find("#")
    check = answer[:hash_at].strip() if hash_at > 0 else answer
    return "truefalse" if check in TRUE_FALSE else "shortanswer"


def _markdown(text: str, default_format: str, question: GiftQuestion) -> str:
    fmt, body = split_format(text.strip(), default_format)
    markdown, dropped = to_markdown(restore_escapes(body), fmt)
    question.dropped_tags = sorted({*question.dropped_tags, *dropped})
    return markdown


def _choice_answers(answer: str, offset: int, src: _Source, fmt: str, question: GiftQuestion) -> list[GiftAnswer]:
    """Split at every `~` and `=` (Moodle turns `=` into `~=` and splits at `~`), weights and feedback read."""
    cuts = [0, *(m.start() for m in re.finditer(r"[~=]", answer)), len(answer)]
    answers = []
    for begin, end in zip(cuts, cuts[1:], strict=False):
        piece = answer[begin:end]
        piece = piece[1:] if piece.startswith("~") else piece
        stripped = piece.strip()
        if not stripped:
            continue  # Moodle keeps no empty answer
        line = src.line(offset + begin)
        if stripped.startswith("="):
            weight, stripped = 100.0, stripped[1:]
        elif WEIGHT_RE.match(stripped):
            close = stripped.index("%", 1)
            try:
                weight = float(stripped[1:close])
            except ValueError:
                weight = 0.0
            stripped = stripped[close + 1 :]
        else:
            weight = 0.0
        body, _, feedback = stripped.partition("#")
        answers.append(GiftAnswer(_markdown(body, fmt, question), _markdown(feedback, fmt, question), weight, line))
    return answers


# --- writing quiz.md ------------------------------------------------------------------------------


def _options(question: GiftQuestion, messages: list[Message]) -> list[tuple[GiftAnswer, bool]] | None:
    """(answer, correct) pairs, or None when the question cannot be one of ours (reported)."""
    label = f'question "{question.label}"'
    answers = question.answers
    if len(answers) < 2:
        messages.append(Message(question.line, "warning", f"{label} skipped: a choice question needs two answers"))
        return None
    if not question.text:
        messages.append(Message(question.line, "warning", f"{label} skipped: it has no question text"))
        return None
    empty = next((a for a in answers if not a.text), None)
    if empty is not None:
        messages.append(Message(empty.line, "warning", f"{label} skipped: one of its answers has no text"))
        return None
    if not question.single:
        pairs = [(a, a.weight > 0) for a in answers]
        if not any(correct for _, correct in pairs):
            messages.append(Message(question.line, "warning", f"{label} skipped: no answer has a positive weight"))
            return None
        return pairs
    pairs = [(a, a.weight >= 100) for a in answers]
    right = sum(correct for _, correct in pairs)
    if right != 1:
        messages.append(
            Message(
                question.line,
                "warning",
                f"{label} skipped: {right} answers are fully right, and a single-choice question has exactly one",
            )
        )
        return None
    for answer, _ in pairs:
        if 0 < answer.weight < 100:
            messages.append(
                Message(
                    answer.line,
                    "warning",
                    f'{label}: partial credit ({answer.weight:g}%) for "{answer.text}" is not kept; it counts as wrong',
                )
            )
    return pairs


def _section(qid: str, question: GiftQuestion, options: list[tuple[GiftAnswer, bool]]) -> str:
    """One question in the quiz syntax: `## title {#id}`, stem, task list with feedback, explanation."""
    title, _, stem = question.text.partition("\n\n")
    forced = " type=multiple" if not question.single and sum(c for _, c in options) == 1 else ""
    lines = [f"## {' '.join(title.split())} {{#{qid}{forced}}}", ""]
    if stem.strip():
        lines += [stem.strip(), ""]
    for answer, correct in options:
        # An option is one paragraph: a line may not start a list, quote or heading inside it.
        text = "\n  ".join(escape_line_start(line.strip()) for line in answer.text.split("\n") if line.strip())
        lines.append(f"- [{'x' if correct else ' '}] {text}")
        if answer.feedback:
            lines.append(_quote(answer.feedback, "  "))
    lines.append("")
    if question.general_feedback:
        lines += [_quote(question.general_feedback, ""), ""]
    return "\n".join(lines)


def _quote(markdown: str, indent: str) -> str:
    return "\n".join(f"{indent}> {line}".rstrip() for line in markdown.split("\n"))


def _check_section(section: str, options: list[tuple[GiftAnswer, bool]], question: GiftQuestion, messages) -> str:
    """Parse the written question with the quiz parser; why it does not come out as meant, or ''."""
    ctx = RenderContext("quiz.md", Diagnostics())
    tokens = prepare_tokens(section, ctx)
    if tokens is None:
        return "it is nested too deeply"
    # Raw HTML and links to files that are not in the course do not stop the import: they are
    # reported, and `flask content validate` shows them again in the course.
    for problem in ctx.diagnostics:
        messages.append(Message(question.line, "warning", f'question "{question.label}": {problem.message}'))
    report = ctx.diagnostics = Diagnostics()
    _, parsed, count = parse_quiz_body(tokens, ctx)
    if report.errors:
        return f"its text does not fit the quiz format ({report.errors[0].message})"
    if count != 1 or len(parsed) != 1 or [o.correct for o in parsed[0].options] != [c for _, c in options]:
        return "its text does not fit the quiz format (it would not read as one question with these answers)"
    if not all(o.text_html.strip() for o in parsed[0].options):
        return "one of its answers would show no text"
    return ""
