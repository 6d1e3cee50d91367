"""Tools that edit trainers' files: write missing question ids, record `translated_from`.

Both change only what they must: every other byte, line endings included, stays as it was.
Files are read as bytes, decoded as UTF-8 and written back encoded, so that no newline
translation happens on the way.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from markdown_it.token import Token

from app.content.diagnostics import Diagnostics
from app.content.frontmatter import CLOSE_FENCE_RE, OPEN_FENCE_RE, split_front_matter, split_lines
from app.content.hashing import source_hash
from app.content.loader import Reader, SourceFile, classify, display_path
from app.content.markdown import parse_markdown, plain_text
from app.content.slugs import id_slug, unique

ENDING_RE = re.compile(r"(\r\n|\r|\n)$")
ATX_CLOSING_RE = re.compile(r"^(.*?)((?:[ \t]+#+)?[ \t]*)$", re.S)
TARGET_HINT = "Give the content folder, a course folder such as content/courses/first-response, or one of its files."
UNREADABLE_HINT = "Check that the file exists and that you may read it, then run add-ids again."


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
    return [_heading_id(tokens[i]) for i in question_headings(tokens, quiz)]


def first_line_without_id(text: str, quiz: bool = True) -> int | None:
    """The 1-based line of the first question heading that has no id, if any."""
    tokens = parse_markdown(split_front_matter(text.removeprefix("\ufeff")).body)
    for index in question_headings(tokens, quiz):
        if not _heading_id(tokens[index]) and tokens[index].map:
            return tokens[index].map[0] + 1
    return None


def lines_up(translation_ids: list[str | None], source_ids: list[str | None]) -> bool:
    """True when a translation can take its source's ids by position: as many questions, every
    source question has an id, and the ids the translation already has are the source's, in place."""
    return len(translation_ids) == len(source_ids) and all(
        wanted is not None and own in (None, wanted) for own, wanted in zip(translation_ids, source_ids, strict=True)
    )


def add_missing_ids(
    text: str, source_ids: list[str | None] | None = None, *, quiz: bool = True, taken: set[str] | None = None
) -> tuple[str, list[str]]:
    """Write `{#slug}` on question headings without an id; returns the new text and the ids added.

    Ids are slugs of the heading, unique in the file and among `taken` (ids used elsewhere, such
    as other lessons' knowledge checks), to which the new ids are added. For a translation pass
    the source file's ids (`question_ids(source)`): the n-th question then gets the source's
    n-th id, and a translation that does not line up with its source (`lines_up`) stays as it is.
    """
    over_limits: list = []
    tokens = parse_markdown(split_front_matter(text.removeprefix("\ufeff")).body, over_limits)
    if over_limits:  # text over a size limit is left unparsed: its headings cannot be read (validation says why)
        return text, []
    headings = question_headings(tokens, quiz)
    own = [_heading_id(tokens[i]) for i in headings]
    if source_ids is not None and not lines_up(own, source_ids):
        return text, []
    used = taken if taken is not None else set()
    used.update(i for i in own if i)
    lines = split_lines(text)
    added = []
    for position, index in enumerate(headings):
        token = tokens[index]
        if own[position] or not token.map:
            continue
        if source_ids is not None:
            new_id = source_ids[position]
        else:
            new_id = unique(id_slug(plain_text(tokens[index + 1])) or "question", used)
        setext = token.markup in ("-", "=")
        line = token.map[1] - 2 if setext else token.map[0]
        lines[line] = _with_id(lines[line], new_id, has_attrs=bool(token.meta.get("attrs")), atx=not setext)
        added.append(new_id)
    return "".join(lines), added


def _heading_id(token: Token) -> str | None:
    return (token.meta.get("attrs") or {}).get("id") or None


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


@dataclass
class AddIdsResult:
    """What `flask content add-ids` did: the files changed (shown path, ids added) and the problems."""

    changed: list[tuple[str, list[str]]] = field(default_factory=list)
    report: Diagnostics = field(default_factory=Diagnostics)


def add_ids(target: Path, display_base: Path) -> AddIdsResult:
    """Write missing ids in the lessons and quizzes under `target`: the content folder, a course folder or one file.

    Files are the ones validation reads, classified as it does. Sources go first, so that each
    translation takes its source's ids by position. Nothing is written into a file that could
    not be read, through a symlink, or outside the content folder; each such file is reported.
    """
    target = target.absolute()
    result = AddIdsResult()
    only = target if target.is_file() else None
    if only is not None and not _has_questions(only.name):
        result.report.error(
            display_path(only, display_base),
            None,
            "This is not a lesson or quiz file, so it has no questions",
            TARGET_HINT,
        )
        return result
    course_dirs = [target.parent] if only else _course_dirs(target)
    if course_dirs is None:
        result.report.error(
            display_path(target, display_base),
            None,
            "This is neither a content folder (with courses/) nor a course folder (with course.md)",
            TARGET_HINT,
        )
        return result
    for course_dir in course_dirs:
        _add_ids_in_course(course_dir, _content_root(course_dir), display_base, only, result)
    return result


def _has_questions(name: str) -> bool:
    """A lesson or a quiz, or a translation of one, by the loader's reading of file names."""
    kind = classify(name) if name.endswith(".md") and not name.startswith(".") else None
    return kind is not None and len(kind) > 2 and kind[0] != "course"


def _course_dirs(target: Path) -> list[Path] | None:
    """The course folders under `target`, chosen as `flask content validate` chooses them."""
    if (target / "course.md").exists() and not (target / "courses").is_dir():
        return [target]
    courses = target / "courses"
    if not courses.is_dir():
        return None
    return sorted(entry for entry in courses.iterdir() if entry.is_dir() and not entry.name.startswith("."))


def _content_root(course_dir: Path) -> Path:
    # As validation does: the folder with sectors.yml, else the parent of courses/.
    candidates = (course_dir.parent, course_dir.parent.parent)
    return next((p for p in candidates if (p / "sectors.yml").is_file()), course_dir.parent.parent)


def _add_ids_in_course(course_dir: Path, root: Path, base: Path, only: Path | None, result: AddIdsResult) -> None:
    if course_dir.is_symlink() and Reader(root, base, result.report).inside(course_dir) is None:
        return  # broken, or leading out of the content folder: reported, never followed
    files = _read_course_files(course_dir, root, base, only, result.report)
    sources = [f for f in files if f.locale is None]
    # Knowledge-check ids are unique in the whole course, quiz ids only in the quiz.
    check_ids = {i for f in sources if f.kind == "lesson" for i in question_ids(f.text, quiz=False) if i}
    ids_now: dict[str, list[str | None]] = {}  # source file name -> its ids as they stand on disk
    for source in sources:
        quiz, original = source.kind == "quiz", source.data.decode("utf-8")
        text, added = add_missing_ids(original, quiz=quiz, taken=None if quiz else check_ids)
        written = bool(added) and only in (None, source.path) and _write(source, text, added, root, result)
        ids_now[source.path.name] = question_ids(text if written else original, quiz)
    for translation in files:
        if translation.locale is not None and only in (None, translation.path):
            _add_ids_to_translation(translation, ids_now.get(translation.source_name), course_dir, root, result)


def _read_course_files(
    course_dir: Path, root: Path, base: Path, only: Path | None, report: Diagnostics
) -> list[SourceFile]:
    """The course's lesson and quiz files that could be read, as the loader names and classifies them."""
    files = []
    try:
        entries = sorted(os.scandir(course_dir), key=lambda e: e.name)
    except OSError as exc:
        report.error(
            display_path(course_dir, base), None, f"The course folder could not be read ({exc.strerror or exc})"
        )
        return files
    for entry in entries:
        if not _has_questions(entry.name) or entry.is_dir():
            continue  # validation reports the names it does not know
        path = Path(entry.path)
        reading = Diagnostics()
        source = SourceFile(path, display_path(path, base), *classify(entry.name))
        Reader(root, base, reading).read_markdown(source)
        if source.readable:
            files.append(source)
        elif only in (None, path):
            # Only the errors that stop add-ids: front matter problems are validation's business.
            for problem in reading.errors:
                report.items.append(replace(problem, hint=problem.hint or UNREADABLE_HINT))
    return files


def _add_ids_to_translation(
    translation: SourceFile, source_ids: list[str | None] | None, course_dir: Path, root: Path, result: AddIdsResult
) -> None:
    quiz, original = translation.kind == "quiz", translation.data.decode("utf-8")
    line = first_line_without_id(original, quiz)
    if line is None:
        return
    own = question_ids(original, quiz)
    if source_ids is None or not lines_up(own, source_ids):
        message, hint = _not_lined_up(translation, own, source_ids, course_dir)
        result.report.error(translation.display, line, message, hint)
        return
    text, added = add_missing_ids(original, source_ids, quiz=quiz)
    _write(translation, text, added, root, result)


def _not_lined_up(
    translation: SourceFile, own: list[str | None], source_ids: list[str | None] | None, course_dir: Path
) -> tuple[str, str]:
    """Why a translation cannot take its source's ids by position, and what to do."""
    source, what = translation.source_name, "question" if translation.kind == "quiz" else "knowledge check"
    copy_hint = f"Copy the missing ids from {source} by hand; `flask content validate` shows where the files differ."
    if source_ids is None and not (course_dir / source).exists():
        return (
            f"The ids were not added: the source file {source} does not exist",
            f"A translation takes its ids from its source file: create {source}, or correct this file's name.",
        )
    if source_ids is None:
        return f"The ids were not added: the source file {source} could not be read", UNREADABLE_HINT
    if None in source_ids:
        return (
            f"The ids were not added: some {what}s in the source file {source} have no id yet",
            "Run add-ids on the course folder: it adds the ids to the source file first, then to its translations.",
        )
    if len(own) != len(source_ids):
        return (
            f"The ids were not added: this translation has {_count(len(own), what)}, {source} has "
            f"{_count(len(source_ids), what)}",
            copy_hint,
        )
    return (
        f"The ids were not added: the ids in this translation are not those of {source} in the same places",
        copy_hint,
    )


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def _write(file: SourceFile, text: str, added: list[str], root: Path, result: AddIdsResult) -> bool:
    """Write `text` over the file unless it is reached through a symlink; True when written."""
    where = first_line_without_id(file.data.decode("utf-8"), file.kind == "quiz")
    try:
        real = file.path.resolve(strict=True)
        through_symlink = real != root.resolve() / file.path.relative_to(root)
    except (OSError, RuntimeError, ValueError):
        through_symlink = True
    if through_symlink:
        result.report.error(
            file.display,
            where,
            "The ids were not added: this file is reached through a symlink, and add-ids never writes through one",
            "Replace the symlink by the file itself, then run add-ids again.",
        )
        return False
    try:
        # O_NOFOLLOW: should the file have become a symlink since it was read, nothing is written through it.
        descriptor = os.open(real, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(text.encode("utf-8"))
    except OSError as exc:
        result.report.error(
            file.display,
            where,
            f"The ids could not be written ({exc.strerror or exc})",
            "Check that the file is not read-only, then run add-ids again.",
        )
        return False
    result.changed.append((file.display, added))
    return True
