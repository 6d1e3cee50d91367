"""Split a Markdown file into its YAML front matter and body, keeping file line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
OPEN_FENCE_RE = re.compile(r"^---[ \t]*$")
CLOSE_FENCE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


def split_lines(text: str) -> list[str]:
    """Lines with their endings, split exactly where markdown-it splits (\\r\\n, \\r, \\n)."""
    parts, start = [], 0
    for match in LINE_BREAK_RE.finditer(text):
        parts.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        parts.append(text[start:])
    return parts


@dataclass
class FrontMatter:
    """A file's front matter split: `body` is padded with blank lines so parser lines are file lines."""

    yaml_text: str | None
    body: str
    first_body_line: int  # 1-based line where the body starts
    unclosed: bool = False


def split_front_matter(text: str) -> FrontMatter:
    """Find a `---` fenced YAML block on the first line; never raises."""
    lines = split_lines(text)
    if not lines or not OPEN_FENCE_RE.match(lines[0].rstrip("\r\n")):
        return FrontMatter(None, text, 1)
    for index in range(1, len(lines)):
        if CLOSE_FENCE_RE.match(lines[index].rstrip("\r\n")):
            yaml_text = "".join(line.rstrip("\r\n") + "\n" for line in lines[1:index])
            # Blank lines in place of the front matter keep markdown-it's line numbers
            # equal to the file's, and leading blank lines change nothing in CommonMark.
            body = "\n" * (index + 1) + "".join(lines[index + 1 :])
            return FrontMatter(yaml_text, body, index + 2)
    return FrontMatter(None, text, 1, unclosed=True)


@dataclass
class LoadedYaml:
    """Parsed YAML plus where things are: `key_lines` for top-level keys, `lines` by id() of containers."""

    data: Any = None
    key_lines: dict[str, int] = field(default_factory=dict)
    lines: dict[int, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[str, int]] = field(default_factory=list)
    raw_scalars: dict[str, str] = field(default_factory=dict)  # top-level values as written
    error: str | None = None
    error_line: int | None = None


def load_yaml_with_lines(text: str, first_line: int) -> LoadedYaml:
    """Safe-load YAML whose first line is file line `first_line`; errors carry their file line."""
    result = LoadedYaml()
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        result.data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        result.error = (exc.problem or exc.context or "invalid YAML").strip()
        result.error_line = first_line + (mark.line if mark else 0)
        return result
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        # ValueError: PyYAML raises it for impossible dates such as 2026-02-30.
        result.error = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
        result.error_line = first_line
        return result
    finally:
        loader.dispose()
    if node is not None:
        _record_lines(node, result.data, first_line, result, top=True)
    return result


def _record_lines(node, obj, first_line: int, result: LoadedYaml, top: bool = False) -> None:
    # Iterative walk with a visited set: YAML aliases can make the node graph
    # exponential ("billion laughs") or cyclic.
    stack, seen = [(node, obj, top)], set()
    while stack:
        node, obj, is_top = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode) and isinstance(obj, dict):
            result.lines[id(obj)] = first_line + node.start_mark.line
            keys_seen: set[str] = set()
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                key, line = key_node.value, first_line + key_node.start_mark.line
                if key in keys_seen:
                    result.duplicate_keys.append((key, line))
                keys_seen.add(key)
                if is_top:
                    result.key_lines[key] = line
                    if isinstance(value_node, yaml.ScalarNode):
                        result.raw_scalars[key] = value_node.value
                if key in obj:
                    stack.append((value_node, obj[key], False))
        elif isinstance(node, yaml.SequenceNode) and isinstance(obj, list):
            result.lines[id(obj)] = first_line + node.start_mark.line
            stack.extend((n, o, False) for n, o in zip(node.value, obj, strict=False))
