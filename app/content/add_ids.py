"""Tools that edit trainers' files: write missing question ids, record `translated_from`.

Both change only what they must: every other byte, line endings included, stays as it was.
Read files with `path.read_bytes().decode("utf-8")` and write back with `write_bytes(text.encode())`
so that no newline translation happens on the way.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from app.content.frontmatter import CLOSE_FENCE_RE, OPEN_FENCE_RE, split_front_matter, split_lines
from app.content.hashing import source_hash
from app.content.markdown import parse_markdown, plain_text
from app.content.slugs import id_slug, unique

ENDING_RE = re.compile(r"(\r\n|\r|\n)$")
ATX_CLOSING_RE = re.compile(r"^(.*?)((?:[ \t]+#+)?[ \t]*)$", re.S)


def question_headings(tokens: list[Token], quiz: bool) -> list[int]:
    """Indexes of heading tokens that are questions: `##` at top level (quizzes) and check headings."""
    found = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        previous = tokens[index - 1] if index else None
        in_check = previous is not None and previous.type == "container_check_open"
        if in_check or (quiz and token.level == 0 and token.tag == "h2"):
            found.append(index)
    return found


def question_ids(text: str, quiz: bool = True) -> list[str | None]:
    """The ids of a file's questions in order (None where one is missing)."""
    tokens = parse_markdown(split_front_matter(text.removeprefix("\ufeff")).body)
    return [(tokens[i].meta.get("attrs") or {}).get("id") for i in question_headings(tokens, quiz)]


def add_missing_ids(
    text: str, source_ids: list[str | None] | None = None, *, quiz: bool = True
) -> tuple[str, list[str]]:
    """Write `{#slug}` on question headings without an id; returns the new text and the ids added.

    Ids are slugs of the heading, unique in the file. For a translation pass the source file's
    ids (`question_ids(source)`): the n-th question then gets the source's n-th id.
    """
    tokens = parse_markdown(split_front_matter(text.removeprefix("\ufeff")).body)
    headings = question_headings(tokens, quiz)
    taken = {(tokens[i].meta.get("attrs") or {}).get("id") for i in headings} - {None}
    lines = split_lines(text)
    added = []
    for position, index in enumerate(headings):
        token = tokens[index]
        attrs = token.meta.get("attrs") or {}
        if attrs.get("id") or not token.map:
            continue
        wanted = source_ids[position] if source_ids and position < len(source_ids) else None
        if wanted and wanted not in taken:
            taken.add(wanted)
            new_id = wanted
        else:
            new_id = unique(id_slug(plain_text(tokens[index + 1])) or "question", taken)
        setext = token.markup in ("-", "=")
        line = token.map[1] - 2 if setext else token.map[0]
        lines[line] = _with_id(lines[line], new_id, has_attrs=bool(attrs), atx=not setext)
        added.append(new_id)
    return "".join(lines), added


def _with_id(line: str, new_id: str, has_attrs: bool, atx: bool) -> str:
    ending_match = ENDING_RE.search(line)
    ending = ending_match.group(1) if ending_match else ""
    content = line[: len(line) - len(ending)]
    tail = ""
    if atx:
        match = ATX_CLOSING_RE.match(content)
        assert match is not None
        content, tail = match.group(1), match.group(2)
    else:
        stripped = content.rstrip(" \t")
        content, tail = stripped, content[len(stripped) :]
    if has_attrs and "{" in content:
        # `{type=multiple}` already there: the id goes inside the same braces.
        at = content.rindex("{") + 1
        return f"{content[:at]}#{new_id} {content[at:]}{tail}{ending}"
    return f"{content} {{#{new_id}}}{tail}{ending}"


def fill_translated_from(translation_text: str, source_data: bytes) -> str:
    """Set `translated_from:` in a translation's front matter to the source file's current hash."""
    value = f"translated_from: {source_hash(source_data)}"
    bom = "\ufeff" if translation_text.startswith("\ufeff") else ""
    text = translation_text[len(bom) :]
    lines = split_lines(text)
    ending_match = ENDING_RE.search(lines[0]) if lines else None
    newline = ending_match.group(1) if ending_match else "\n"
    if not lines or not OPEN_FENCE_RE.match(lines[0].rstrip("\r\n")) or split_front_matter(text).yaml_text is None:
        return f"{bom}---{newline}{value}{newline}---{newline}{text}"
    for index in range(1, len(lines)):
        bare = lines[index].rstrip("\r\n")
        if bare.startswith("translated_from:"):
            lines[index] = value + lines[index][len(bare) :]
            break
        if CLOSE_FENCE_RE.match(bare):
            lines.insert(index, value + newline)
            break
    return bom + "".join(lines)
