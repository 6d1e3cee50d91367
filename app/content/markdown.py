"""The one markdown-it setup the pipeline uses, heading attributes, and HTML sanitising."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.gfm import gfm_plugin

from app.content.diagnostics import Diagnostics
from app.content.markdown_limits import ENV_KEY as LIMITS_KEY
from app.content.markdown_limits import OverLimit, use_limits

# markdown-it stops parsing (silently dropping the rest) past this depth; the
# renderer reports it as an error instead. Real lessons stay far below it.
MAX_NESTING = 40
CONTAINERS = ("check", "reflect")

# `{#id .class key=value}` at the end of a heading line.
TRAILING_ATTRS_RE = re.compile(r"^(.*?)[ \t]*\{([^{}]*)\}[ \t]*$", re.S)
ATTR_PART_RE = re.compile(r"#(?P<id>[^\s#.=]+)|\.(?P<cls>[^\s#.=]+)|(?P<key>[A-Za-z][\w-]*)=(?P<value>[^\s]+)")


def parse_heading_attrs(text: str) -> tuple[str, dict | None]:
    """Split `Title {#id type=multiple}` into ("Title", {"id": "id", "type": "multiple"})."""
    match = TRAILING_ATTRS_RE.match(text)
    if not match:
        return text, None
    attrs: dict = {}
    rest = match.group(2).strip()
    pos = 0
    for part in ATTR_PART_RE.finditer(rest):
        if rest[pos : part.start()].strip():
            return text, None  # not an attribute block, e.g. "{a set}" in a sentence
        pos = part.end()
        if part.group("id"):
            attrs["id"] = part.group("id")
        elif part.group("cls"):
            attrs.setdefault("classes", []).append(part.group("cls"))
        else:
            attrs[part.group("key")] = part.group("value").strip("\"'")
    if rest[pos:].strip() or not attrs:
        return text, None
    return match.group(1), attrs


def _heading_attrs_rule(state: StateCore) -> None:
    # Runs before inline parsing so the `{...}` never reaches the page and
    # attrs_plugin never sees it.
    tokens = state.tokens
    for index, token in enumerate(tokens[:-1]):
        if token.type == "heading_open" and tokens[index + 1].type == "inline":
            inline = tokens[index + 1]
            text, attrs = parse_heading_attrs(inline.content)
            token.meta["raw_title"] = inline.content
            if attrs is not None:
                inline.content = text
                token.meta["attrs"] = attrs


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """CommonMark + GFM (tables, strikethrough, autolinks, task lists, alerts, footnotes) + containers."""
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    md.use(gfm_plugin).use(attrs_plugin)
    for name in CONTAINERS:
        md.use(container_plugin, name)
    md.core.ruler.before("inline", "heading_attrs", _heading_attrs_rule)
    use_limits(md)
    return md


def parse_markdown(body: str, over_limits: list[OverLimit] | None = None) -> list[Token]:
    """Block and inline tokens; `.map` lines are 0-based file lines (front matter is padded).

    Text over a limit of markdown_limits is left unparsed (every inline token empty); why goes
    to `over_limits` when given."""
    env: dict = {}
    tokens = markdown_parser().parse(body, env)
    if over_limits is not None:
        over_limits.extend(env.get(LIMITS_KEY, []))
    return tokens


def render_tokens(tokens: list[Token]) -> str:
    """Tokens to sanitised HTML."""
    md = markdown_parser()
    return sanitize(md.renderer.render(tokens, md.options, {}))


def render_inline(inline: Token) -> str:
    """One inline token's children to sanitised HTML (an option's text, a heading's text)."""
    md = markdown_parser()
    return sanitize(md.renderer.renderInline(inline.children or [], md.options, {}))


def plain_text(inline: Token) -> str:
    """The visible text of an inline token (for titles and slugs)."""
    out = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline") or child.type == "image":
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return "".join(out).strip()


def child_lines(inline: Token) -> Iterator[tuple[Token, int | None]]:
    """Each child of an inline token with its 1-based file line: the block's first line plus
    the line breaks before the child (a paragraph's link on its third line is on that line)."""
    line = inline.map[0] + 1 if inline.map else None
    for child in inline.children or []:
        yield child, line
        if line is not None:
            line += _line_breaks(child)


def _line_breaks(token: Token) -> int:
    if token.type in ("softbreak", "hardbreak"):
        return 1
    if token.type == "html_inline":
        return token.content.count("\n")  # raw HTML keeps its source text
    if token.type == "image":
        return sum(_line_breaks(child) for child in token.children or [])  # alt text over two lines
    return 0


def max_depth_exceeded(tokens: list[Token]) -> int | None:
    """The 1-based line where nesting hit markdown-it's limit, or None."""
    deepest = None
    for token in tokens:
        if token.level >= MAX_NESTING - 1 and token.map:
            return token.map[0] + 1
        if token.level >= MAX_NESTING - 1:
            deepest = deepest or 1
    return deepest


SANITIZE_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "code",
    "em",
    "strong",
    "del",
    "s",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
    "section",
    "div",
    "span",
    "input",
}
SANITIZE_ATTRIBUTES = {
    "*": {"class", "lang", "dir"},
    "a": {"href", "title", "id"},
    "img": {"src", "alt", "title", "width", "height", "loading", "decoding"},
    "h1": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "li": {"id"},
    "ol": {"start"},
    "input": {"disabled", "checked"},
}


def sanitize(html: str) -> str:
    """Keep only the HTML the renderer itself produces; drop scripts, handlers and odd URLs."""
    return nh3.clean(
        html,
        tags=SANITIZE_TAGS,
        clean_content_tags={"script", "style"},
        attributes=SANITIZE_ATTRIBUTES,
        tag_attribute_values={"div": {"role": {"note"}}, "input": {"type": {"checkbox"}}},
        generic_attribute_prefixes={"data-"},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@dataclass(frozen=True)
class PageUrls:
    """Where the site serves a course's pages: patterns with {course} and {lesson}.

    The defaults are the app's routes (app/courses/routes.py, app/quiz/routes.py), which
    tests/courses/test_content_links.py keeps in step; app/content itself imports no Flask.
    """

    course: str = "/courses/{course}"
    lesson: str = "/courses/{course}/lessons/{lesson}"
    quiz: str = "/courses/{course}/quiz"

    def of(self, course_id: str, page: str, lesson_id: str | None = None) -> str:
        """The URL of `page` ("course", "quiz" or "lesson") of a course."""
        return getattr(self, page).format(course=course_id, lesson=lesson_id)


@dataclass
class RenderContext:
    """What rendering one file needs: where it is, the course's files, and the caller's URL functions."""

    display_path: str
    diagnostics: Diagnostics
    media: dict = field(default_factory=dict)  # "media/x.png" -> loader.MediaFile
    lesson_files: dict[str, str] = field(default_factory=dict)  # "02-next.md" -> "next"
    media_url: Callable[[str], str] = lambda path: path
    lesson_url: Callable[[str], str] = lambda lesson_id: lesson_id
    locale: str = "en"
    callout_title: Callable[[str, str], str] | None = None
    lesson_id: str | None = None
    course_id: str | None = None  # None: links to other courses cannot be told apart from other paths
    page_files: dict[str, str] = field(default_factory=dict)  # "quiz.md", "course.de.md" -> "quiz", "course"
    page_urls: PageUrls = field(default_factory=PageUrls)
