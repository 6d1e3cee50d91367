"""Text for GIFT import and export: Moodle's escapes, its four text formats, and Markdown that reads the same.

Moodle text formats become Markdown like this: `[markdown]` is kept as written; `[plain]` is
escaped so that every character shows; `[html]` and `[moodle]` (the default) keep bold, italic
and web links, turn paragraphs and `<br><br>` into paragraphs, and drop every other tag.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

FORMATS = ("moodle", "html", "plain", "markdown")

# Escaped characters are hidden behind private-use placeholders while the control characters
# (~ = # { } :) are searched for, then restored; `\n` is a line break (Moodle's escapedchar_pre).
_HIDDEN = {"\\": "\ue000", ":": "\ue001", "#": "\ue002", "=": "\ue003", "{": "\ue004", "}": "\ue005", "~": "\ue006"}
_HIDDEN["n"] = "\ue007"
_ESCAPE_RE = re.compile(r"\\([\\:#={}~n])")
_RESTORE = str.maketrans({v: ("\n" if k == "n" else k) for k, v in _HIDDEN.items()})
# The blank of a missing-word question (`Grant is {...} in Grant's tomb.`), written after conversion.
BLANK = "\ue008"
BLANK_MARKDOWN = r"\_\_\_\_\_"


def hide_escapes(line: str) -> str:
    """Replace GIFT escapes (`\\~`, `\\n`, ...) with placeholders; left to right, as Moodle does."""
    return _ESCAPE_RE.sub(lambda m: _HIDDEN[m.group(1)], line)


def restore_escapes(text: str) -> str:
    return text.translate(_RESTORE)


def gift_escape(text: str) -> str:
    """Text for a GIFT file: control characters escaped, line breaks as `\\n` (Moodle's own export rules)."""
    text = text.replace("\\", "\\\\")
    for char in "~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def split_format(text: str, default: str) -> tuple[str, str]:
    """`[html]text` -> ("html", "text"); text without a known `[format]` keeps the default format."""
    if text.startswith("["):
        end = text.find("]")
        if end > 0 and text[1:end] in FORMATS:
            return text[1:end], text[end + 1 :].strip()
    return default, text.strip()


# --- Markdown that reads exactly like the text ----------------------------------------------------

_ALWAYS_RE = re.compile(r"([\\`*\[\]<{}~])")
_UNDERSCORE_RE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")  # not between two letters or digits
_ENTITY_RE = re.compile(r"&(?=#?\w+;)")
_LINE_START_RE = re.compile(r"^([>#+=:-]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that shows every character as it is (one line, no block syntax)."""
    return escape_line_start(escape_markdown_inline(text))


def escape_markdown_inline(text: str) -> str:
    """Like escape_markdown, without the line-start rules (for text in the middle of a line)."""
    text = _ALWAYS_RE.sub(r"\\\1", text)
    text = _UNDERSCORE_RE.sub(r"\\_", text)
    return _ENTITY_RE.sub(r"\\&", text)


def escape_line_start(text: str) -> str:
    """Escape what would start a list, heading, quote or `:::` block at the start of a line."""
    match = _LINE_START_RE.match(text)
    if not match:
        return text
    if match.group(1)[0].isdigit():
        return f"{text[: match.end()]}\\{text[match.end() :]}"
    return f"\\{text}"


def _paragraphs(text: str) -> list[str]:
    """Split at blank lines; inside a paragraph, line breaks and runs of spaces become one space."""
    return [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def to_markdown(text: str, fmt: str) -> tuple[str, list[str]]:
    """GIFT text (escapes restored) in Moodle format `fmt` as Markdown, and the HTML tags that were dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if fmt == "markdown":
        markdown = re.sub(r"\n{3,}", "\n\n", text).strip()
        dropped: list[str] = []
    elif fmt == "plain":
        markdown, dropped = "\n\n".join(escape_markdown(p) for p in _paragraphs(text)), []
    else:
        converter = _HtmlToMarkdown(line_breaks=fmt == "moodle")
        try:
            converter.feed(text)
            converter.close()
            markdown, dropped = "\n\n".join(converter.paragraphs), sorted(converter.dropped)
        except AssertionError:  # html.parser gives up on some broken markup (`<![`): show the text as it is
            markdown, dropped = "\n\n".join(escape_markdown(p) for p in _paragraphs(text)), []
    return markdown.replace(BLANK, BLANK_MARKDOWN), dropped


class _HtmlToMarkdown(HTMLParser):
    """Bold, italic and web links as Markdown; block tags and `<br><br>` as paragraph breaks; other tags dropped."""

    MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*", "a": "["}
    BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote", "pre"}
    SKIPPED = {"script", "style", "title", "head"}
    MEDIA = {"img", "audio", "video", "iframe", "object", "embed", "svg", "math", "canvas"}

    def __init__(self, line_breaks: bool):
        super().__init__(convert_charrefs=True)
        self.line_breaks = line_breaks  # [moodle] format: a line break in the text is a line break
        self.paragraphs: list[str] = []
        self.dropped: set[str] = set()
        self._pieces: list[str] = []
        self._open: list[tuple[str, int, str]] = []  # (tag, index of its marker in _pieces, link target)
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self._skipping += 1
        elif tag in self.BLOCKS:
            self._flush()
        elif tag == "br":
            self._pieces.append("\n")
        elif tag in self.MEDIA:
            self.dropped.add(tag)
        elif tag in self.MARKS:
            href = dict(attrs).get("href") or ""
            if tag == "a" and not re.match(r"(https?:|mailto:)", href, re.I):
                return  # a link to a Moodle file or a relative one would not work here: keep the text only
            self._open.append((tag, len(self._pieces), href))
            self._pieces.append("")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self.BLOCKS:
            self._flush()
        elif tag in self.MARKS and any(t == tag for t, _, _ in self._open):
            while self._open:
                opened, index, href = self._open.pop()
                if opened == tag:
                    self._close(opened, index, href)
                    break

    def _close(self, tag: str, index: int, href: str) -> None:
        inner = "".join(self._pieces[index + 1 :])
        if not inner.strip():
            return
        # `** bold **` is not bold in Markdown: spaces go outside the markers.
        lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
        if tag == "a":
            target = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
            marked = f"[{inner.strip()}]({target})"
        else:
            mark = self.MARKS[tag]
            marked = f"{mark}{inner.strip()}{mark}"
        self._pieces[index:] = [lead, marked, trail]

    def handle_data(self, data):
        if self._skipping:
            return
        if not self.line_breaks:
            data = data.replace("\n", " ")
        self._pieces.append(escape_markdown_inline(data))

    def close(self):
        super().close()
        self._flush()

    def _flush(self) -> None:
        self._open.clear()  # markup left open at a paragraph's end is dropped
        text = "".join(self._pieces)
        self._pieces = []
        for paragraph in _paragraphs(text):
            # Markup this converter wrote itself (`**`, `*`, `[`) starts no block; escaped text starts with `\\`.
            self.paragraphs.append(escape_line_start(paragraph))
