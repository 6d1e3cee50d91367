"""Keep parsing fast whatever a file holds: limits checked before the inline parser runs, and a
cheaper GFM autolink rule.

markdown-it-py's inline parser, written in Python, takes far longer over some text than its
length suggests: each `[` costs as much as a few dozen letters (the parser looks ahead for the
end of a link, up to its nesting limit), and the GFM plugin's `http://` rule copies the rest of
the paragraph at every stop of the text scanner, so a long paragraph costs the square of its
length. A 2 MB file could take hours. The limits are far above what any lesson needs
(content/README.md, "Limits").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

MAX_BLOCK_CHARS = 20_000  # one paragraph, heading, list item or table cell
MAX_BRACKETS = 10_000  # `[` in a file's text outside code: links, images, footnotes, check boxes
ENV_KEY = "over_limits"
AUTOLINK_PROTOCOLS = ("http", "https", "mailto", "xmpp")
PROTOCOL_TAIL = 8  # the longest protocol name and the character before it

InlineRule = Callable[[StateInline, bool], bool]


@dataclass(frozen=True)
class OverLimit:
    """Text the parser was not given, and why."""

    line: int | None
    message: str
    hint: str


def use_limits(md: MarkdownIt) -> None:
    """Check the limits between the block and the inline stage; make autolinks cheap."""
    md.core.ruler.before("inline", "inline_limits", _check_limits)
    rules = dict(zip(md.inline.ruler.get_active_rules(), md.inline.ruler.getRules(""), strict=True))
    if "gfm_autolink_protocol" in rules:
        md.inline.ruler.at("gfm_autolink_protocol", _after_protocol_name(rules["gfm_autolink_protocol"]))


def _check_limits(state: StateCore) -> None:
    # When a limit is passed the file is refused, so none of its inline text is parsed: the
    # problems go to state.env for the caller, each with its line.
    inlines = [token for token in state.tokens if token.type == "inline"]
    problems = []
    brackets, passed_on = 0, None
    for token in inlines:
        line = token.map[0] + 1 if token.map else None
        if len(token.content) > MAX_BLOCK_CHARS:
            problems.append(
                OverLimit(
                    line,
                    f"This paragraph has {len(token.content):,} characters; the limit is {MAX_BLOCK_CHARS:,}",
                    "Break it into shorter paragraphs with blank lines (the limit also applies to a heading, "
                    "a list item and a table cell).",
                )
            )
        count = token.content.count("[")
        if brackets <= MAX_BRACKETS < brackets + count:
            passed_on = line
        brackets += count
    if brackets > MAX_BRACKETS:
        problems.append(
            OverLimit(
                passed_on,
                f"The file has {brackets:,} `[` characters outside code; the limit is {MAX_BRACKETS:,} "
                "(it is passed on this line)",
                "Each `[` may start a link, image, footnote or check box, and makes the page slower to build: "
                "remove the ones that are not needed, or split the file.",
            )
        )
    if problems:
        for token in inlines:
            token.content = ""
        state.env.setdefault(ENV_KEY, []).extend(problems)


def _after_protocol_name(rule: InlineRule) -> InlineRule:
    """The plugin's `http://` / `mailto:` rule, given only colons after a protocol name and only
    the end of the pending text (it searches all of it with a regular expression)."""

    def protocol_rule(state: StateInline, silent: bool) -> bool:
        if silent or state.src[state.pos] != ":":
            return False  # the plugin recognises autolinks only when not silent, too
        pending = state.pending
        if not pending.endswith(AUTOLINK_PROTOCOLS):
            return False
        if len(pending) > PROTOCOL_TAIL:
            state.pending = pending[:-PROTOCOL_TAIL]
            state.pushPending()  # what any rule's token would do; adjacent text tokens are joined later
            state.pending = pending[-PROTOCOL_TAIL:]
        return rule(state, silent)

    return protocol_rule
