"""The quiz syntax: `##` headings are questions, a task or numbered list holds the options."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from markdown_it.token import Token

from app.content.markdown import RenderContext, plain_text, render_inline, render_tokens
from app.content.questions import QUESTION_TYPES, AnswerItem, Question, QuestionSection
from app.content.slugs import ID_RE, too_long, too_long_message

ADD_IDS_HINT = "Run `flask content add-ids` to add the missing ids, or write {#an-id} at the end of the heading."
KNOWN_HEADING_ATTRS = {"id", "type"}
KNOWN_TYPES = {"multiple"}


@dataclass
class QuizSettings:
    """The quiz front matter, with defaults applied."""

    title: str | None = None
    pass_mark: int = 80
    shuffle_questions: bool = True
    shuffle_options: bool = True
    draw: int | None = None
    max_attempts: int = 0
    scoring: str = "all-or-nothing"


@dataclass
class Quiz:
    """A parsed quiz in one locale, as the publisher stores it."""

    settings: QuizSettings
    questions: list[Question] = field(default_factory=list)
    intro_html: str = ""

    def to_dict(self) -> dict:
        return {
            "settings": asdict(self.settings),
            "intro_html": self.intro_html,
            "questions": [q.to_dict() for q in self.questions],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Quiz:
        return cls(
            QuizSettings(**data["settings"]),
            [Question.from_dict(q) for q in data["questions"]],
            data.get("intro_html", ""),
        )


def blocks(tokens: list[Token], start: int, end: int, level: int) -> list[tuple[int, int]]:
    """(first, last) index pairs of the blocks at `level` in tokens[start:end]."""
    found, index = [], start
    while index < end:
        token = tokens[index]
        if token.level != level:
            index += 1
            continue
        if token.nesting == 1:
            depth, close = 0, index
            for close in range(index, end):
                depth += tokens[close].nesting
                if depth == 0:
                    break
            found.append((index, close))
            index = close + 1
        else:
            found.append((index, index))
            index += 1
    return found


def _line(token: Token) -> int | None:
    return token.map[0] + 1 if token.map else None


def _inner(tokens: list[Token], first: int, last: int) -> str:
    """Rendered content of a container block, without its own open/close tags."""
    return render_tokens(tokens[first + 1 : last])


def _is_question_heading(token: Token, level: int, tag: str | None) -> bool:
    return token.type == "heading_open" and token.level == level and (tag is None or token.tag == tag)


def parse_quiz_body(tokens: list[Token], ctx: RenderContext) -> tuple[str, list[Question], int]:
    """The intro before the first `##`, the questions that parsed, and how many `##` sections there are."""
    starts = [i for i, t in enumerate(tokens) if _is_question_heading(t, 0, "h2")]
    intro = render_tokens(tokens[: starts[0]] if starts else tokens)
    questions = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(tokens)
        question = parse_question(tokens, start, end, ctx)
        if question:
            questions.append(question)
    return intro, questions, len(starts)


def parse_question(tokens: list[Token], heading: int, end: int, ctx: RenderContext) -> Question | None:
    """Parse tokens[heading:end] (a heading and what follows it) as one question."""
    report = ctx.diagnostics
    head = tokens[heading]
    level, line = head.level, _line(head)
    attrs = head.meta.get("attrs") or {}
    title = plain_text(tokens[heading + 1])
    qid = attrs.get("id")
    if not qid:
        report.error(ctx.display_path, line, f"The question “{title}” has no id", ADD_IDS_HINT)
    elif too_long(qid):
        report.error(ctx.display_path, line, *too_long_message("question id", qid))
    elif not ID_RE.match(qid):
        report.error(
            ctx.display_path,
            line,
            f"The question id `{qid}` is not valid",
            "Ids use lowercase letters a-z, digits and hyphens, e.g. {#first-step}.",
        )
    for key in sorted(set(attrs) - KNOWN_HEADING_ATTRS - {"classes"}):
        report.warning(
            ctx.display_path, line, f"Unknown question setting `{key}` is ignored", "The only setting is type=multiple."
        )
    if "type" in attrs and attrs["type"] not in KNOWN_TYPES:
        report.error(
            ctx.display_path,
            line,
            f"Unknown question type `{attrs['type']}`",
            "Write type=multiple to force checkboxes; other types follow from the list.",
        )
    parts = blocks(tokens, heading + 3, end, level)
    lists = [p for p in parts if tokens[p[0]].type in ("bullet_list_open", "ordered_list_open")]
    if not lists:
        report.error(
            ctx.display_path,
            line,
            f"The question “{title}” has no options",
            "Add a task list (- [ ] / - [x]) or a numbered list for an ordering question.",
        )
        return None
    answer = lists[-1]
    stem = render_tokens([t for p in parts if p[1] < answer[0] for t in tokens[p[0] : p[1] + 1]])
    explanation = []
    for first, last in (p for p in parts if p[0] > answer[1]):
        if tokens[first].type in ("blockquote_open", "alert_open"):
            explanation.append(_inner(tokens, first, last))
        else:
            report.error(
                ctx.display_path,
                _line(tokens[first]),
                "Only an explanation in a blockquote (> ...) may follow the options",
                "Move this text above the options (into the question) or start its lines with `> `.",
            )
    ordered = tokens[answer[0]].type == "ordered_list_open"
    items = [_answer_item(tokens, first, last) for first, last in blocks(tokens, answer[0] + 1, answer[1], level + 1)]
    correct_count = sum(1 for item in items if item.checked)
    section = QuestionSection(qid or "", title, attrs, stem, ordered, items, "".join(explanation), line)
    kind = next((t for t in QUESTION_TYPES.values() if t.claims(ordered, correct_count, attrs)), None)
    if kind is None:
        report.error(
            ctx.display_path,
            line,
            f"The question “{title}” has no correct option marked [x]",
            "Mark the right option(s) with `- [x]`.",
        )
        return None
    question, problems = kind.parse(section)
    for problem_line, message, hint in problems:
        report.error(ctx.display_path, problem_line, message, hint)
    return question


def _answer_item(tokens: list[Token], first: int, last: int) -> AnswerItem:
    item = tokens[first]
    inner = blocks(tokens, first + 1, last, item.level + 1)
    feedback = [_inner(tokens, a, b) for a, b in inner if tokens[a].type in ("blockquote_open", "alert_open")]
    body = [(a, b) for a, b in inner if tokens[a].type not in ("blockquote_open", "alert_open")]
    if len(body) == 1 and tokens[body[0][0]].type == "paragraph_open":
        text = render_inline(tokens[body[0][0] + 1])
    else:
        text = render_tokens([t for a, b in body for t in tokens[a : b + 1]])
    checked = item.meta.get("checked")
    return AnswerItem(text, None if checked is None else bool(checked), "".join(feedback), _line(item))


def parse_check(tokens: list[Token], first: int, last: int, ctx: RenderContext) -> Question | None:
    """A `::: check` container tokens[first..last] holding one question."""
    inner = blocks(tokens, first + 1, last, tokens[first].level + 1)
    line = _line(tokens[first])
    if not inner or tokens[inner[0][0]].type != "heading_open":
        ctx.diagnostics.error(
            ctx.display_path,
            line,
            "A knowledge check must start with its question as a heading",
            "Write `## The question? {#an-id}` on the line after `::: check`.",
        )
        return None
    headings = [a for a, _ in inner if tokens[a].type == "heading_open"]
    if len(headings) > 1:
        ctx.diagnostics.error(
            ctx.display_path,
            _line(tokens[headings[1]]),
            "A knowledge check holds one question only",
            "Close the check with `:::` and open another `::: check` for the next question.",
        )
    end = headings[1] if len(headings) > 1 else last
    return parse_question(tokens, inner[0][0], end, ctx)
