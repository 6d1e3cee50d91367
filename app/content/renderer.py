"""Render a lesson or overview body to safe HTML, with knowledge checks and reflections set apart."""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass, field

from markdown_it.token import Token

from app.content.frontmatter import split_lines
from app.content.links import resolve_links
from app.content.markdown import (
    MAX_NESTING,
    RenderContext,
    child_lines,
    markdown_parser,
    max_depth_exceeded,
    parse_heading_attrs,
    parse_markdown,
    plain_text,
    render_tokens,
    sanitize,
)
from app.content.markdown_limits import OverLimit
from app.content.questions import Question
from app.content.quiz_syntax import parse_check
from app.content.slugs import ID_RE, anchor_slug, too_long, too_long_message

CALLOUT_TITLES = {"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution"}
CLOSING_FENCE_RE = re.compile(r"^[ \t]*:{3,}[ \t]*$")


@dataclass
class Heading:
    level: int
    text: str
    id: str


@dataclass
class Reflection:
    """A `::: reflect` prompt; the learner's private answer is stored against `id`."""

    id: str
    prompt_html: str
    line: int | None = None


@dataclass
class RenderedDocument:
    """A rendered body: `html` holds placeholders where the web layer puts check and reflection forms."""

    html: str
    title: str | None = None
    headings: list[Heading] = field(default_factory=list)
    checks: list[Question] = field(default_factory=list)
    reflections: list[Reflection] = field(default_factory=list)
    has_footnotes: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


def default_callout_title(kind: str, locale: str) -> str:
    """English callout headings; the publisher passes a translating function instead."""
    return CALLOUT_TITLES.get(kind, kind.title())


def prepare_tokens(body: str, ctx: RenderContext) -> list[Token] | None:
    """Parse and clean tokens (raw HTML out, links resolved, callouts labelled); None if over a
    limit (markdown_limits) or too deeply nested."""
    over_limits: list[OverLimit] = []
    tokens = parse_markdown(body, over_limits)
    for problem in over_limits:
        ctx.diagnostics.error(ctx.display_path, problem.line, problem.message, problem.hint)
    if over_limits:
        return None
    too_deep = max_depth_exceeded(tokens)
    if too_deep is not None:
        ctx.diagnostics.error(
            ctx.display_path,
            too_deep,
            f"Quotes, lists or ::: blocks are nested too deeply (more than {MAX_NESTING // 2} levels); "
            "the text after this line would be lost",
            "Reduce the nesting: a lesson rarely needs more than three levels.",
        )
        return None
    tokens = _remove_raw_html(tokens, ctx)
    _check_fences(tokens, split_lines(body), ctx)
    resolve_links(tokens, ctx)
    _label_callouts(tokens, ctx)
    _align_table_cells(tokens)
    return tokens


def render_markdown(body: str, ctx: RenderContext, title: str | None = None) -> RenderedDocument:
    """The whole pipeline for a lesson or course overview body (front matter already padded away)."""
    tokens = prepare_tokens(body, ctx)
    if tokens is None:
        return RenderedDocument("", title)
    doc = RenderedDocument("", title)
    tokens = _extract_blocks(tokens, ctx, doc)
    doc.headings = _anchor_headings(tokens, ctx)
    doc.has_footnotes = any(t.type == "footnote_block_open" for t in tokens)
    md = markdown_parser()
    doc.html = sanitize(md.renderer.render(tokens, md.options, {}))
    return doc


def _remove_raw_html(tokens: list[Token], ctx: RenderContext) -> list[Token]:
    # Raw HTML is not part of the format: it goes, with a warning. HTML comments
    # go silently, since trainers use them for notes to translators.
    def report(token: Token, line: int | None) -> None:
        if not token.content.lstrip().startswith("<!--"):
            ctx.diagnostics.warning(
                ctx.display_path,
                line,
                "Raw HTML is removed when the page is rendered",
                "Use Markdown instead (e.g. **bold**, > [!NOTE] for a box).",
            )

    kept = []
    for token in tokens:
        if token.type == "html_block":
            report(token, token.map[0] + 1 if token.map else None)
            continue
        if token.type == "inline" and token.children:
            for child, line in child_lines(token):
                if child.type == "html_inline":
                    report(child, line)
            token.children = [c for c in token.children if c.type != "html_inline"]
        kept.append(token)
    return kept


def _check_fences(tokens: list[Token], lines: list[str], ctx: RenderContext) -> None:
    for token in tokens:
        if token.type.startswith("container_") and token.nesting == 1 and token.map:
            closing = token.map[1]  # the container plugin's map ends at its closing line
            if closing >= len(lines) or not CLOSING_FENCE_RE.match(lines[closing]):
                ctx.diagnostics.error(
                    ctx.display_path,
                    token.map[0] + 1,
                    f"`:::{token.info}` is never closed",
                    "Add a line with only ::: after the block.",
                )
        elif token.type == "inline" and token.content.startswith(":::") and token.map:
            name = token.content[3:].split(maxsplit=1)
            message = f"Unknown block `::: {name[0]}`" if name else "This `:::` line closes no block"
            ctx.diagnostics.warning(
                ctx.display_path,
                token.map[0] + 1,
                message,
                "The blocks are `::: check` and `::: reflect`, each closed by a line `:::`.",
            )


def _label_callouts(tokens: list[Token], ctx: RenderContext) -> None:
    title_of = ctx.callout_title or default_callout_title
    kind = "note"
    for index, token in enumerate(tokens):
        if token.type == "alert_open":
            kind = str(token.meta.get("kind", "note")).lower()
            token.attrs = {"class": f"callout callout-{kind}", "role": "note", "data-callout": kind}
        elif token.type == "alert_title_open":
            token.attrs = {"class": "callout-title"}
            title = Token("text", "", 0)
            title.content = title_of(kind, ctx.locale)
            tokens[index + 1].children = [title]


def _align_table_cells(tokens: list[Token]) -> None:
    # A class instead of markdown-it's style="text-align:..." keeps pages working
    # under a Content-Security-Policy that forbids inline styles.
    for token in tokens:
        if token.type in ("th_open", "td_open"):
            style = str(token.attrs.pop("style", ""))
            if style.startswith("text-align:"):
                token.attrSet("class", f"align-{style.split(':', 1)[1].strip()}")


def _extract_blocks(tokens: list[Token], ctx: RenderContext, doc: RenderedDocument) -> list[Token]:
    """Replace `::: check` / `::: reflect` blocks by placeholders; their content goes into `doc`."""
    out: list[Token] = []
    index, reflect_count = 0, 0
    while index < len(tokens):
        token = tokens[index]
        if token.type not in ("container_check_open", "container_reflect_open"):
            out.append(token)
            index += 1
            continue
        close = _matching_close(tokens, index)
        if token.type == "container_check_open":
            question = parse_check(tokens, index, close, ctx)
            if question:
                doc.checks.append(question)
                out.append(
                    _placeholder(f'<div class="knowledge-check" data-check-id="{html.escape(question.id)}"></div>')
                )
        else:
            reflect_count += 1
            reflection = _reflection(tokens, index, close, reflect_count, ctx)
            if reflection:
                doc.reflections.append(reflection)
                out.append(
                    _placeholder(f'<div class="reflection" data-reflect-id="{html.escape(reflection.id)}"></div>')
                )
        index = close + 1
    return out


def _matching_close(tokens: list[Token], start: int) -> int:
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _placeholder(markup: str) -> Token:
    token = Token("html_block", "", 0)
    token.content = markup + "\n"
    return token


def _reflection(tokens: list[Token], first: int, last: int, number: int, ctx: RenderContext) -> Reflection | None:
    line = tokens[first].map[0] + 1 if tokens[first].map else None
    rest = tokens[first].info.strip()[len("reflect") :].strip()
    explicit = parse_heading_attrs("x " + rest)[1] if rest else None
    rid = (explicit or {}).get("id") or f"{ctx.lesson_id or 'course'}-reflection-{number}"
    if explicit and too_long(rid):
        ctx.diagnostics.error(ctx.display_path, line, *too_long_message("reflection id", rid))
    elif explicit and not ID_RE.match(rid):
        ctx.diagnostics.error(
            ctx.display_path,
            line,
            f"The reflection id `{rid}` is not valid",
            "Ids use lowercase letters a-z, digits and hyphens.",
        )
    prompt = render_tokens(tokens[first + 1 : last])
    if not prompt.strip():
        ctx.diagnostics.error(
            ctx.display_path,
            line,
            "This reflection has no prompt",
            "Write the question for the learner between `::: reflect` and `:::`.",
        )
        return None
    return Reflection(rid, prompt, line)


def _anchor_headings(tokens: list[Token], ctx: RenderContext) -> list[Heading]:
    taken: set[str] = set()
    suffixes: dict[str, int] = {}
    headings = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        text = plain_text(tokens[index + 1])
        explicit = (token.meta.get("attrs") or {}).get("id")
        anchor = _unique_anchor(explicit or anchor_slug(text), taken, suffixes)
        token.attrSet("id", anchor)
        level = int(token.tag[1])
        if level == 1:
            ctx.diagnostics.warning(
                ctx.display_path,
                token.map[0] + 1 if token.map else None,
                "A `#` heading competes with the page title",
                "Start sections with `##`: the title from the front matter is the page's main heading.",
            )
        headings.append(Heading(level, text, anchor))
    return headings


def _unique_anchor(slug: str, taken: set[str], suffixes: dict[str, int]) -> str:
    # What slugs.unique gives (slug, slug-2, slug-3 ...), but it goes on from the last suffix
    # of this slug: trying from 2 every time takes the square of the number of equal headings.
    number = suffixes.get(slug, 1)
    anchor = slug if number == 1 else f"{slug}-{number}"
    while anchor in taken:
        number += 1
        anchor = f"{slug}-{number}"
    suffixes[slug] = number
    taken.add(anchor)
    return anchor
