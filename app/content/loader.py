"""Read a course folder safely: size limits, UTF-8, symlinks kept inside the content folder, front matter."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from app.content.diagnostics import Diagnostics
from app.content.frontmatter import load_yaml_with_lines, split_front_matter
from app.content.imagesize import HEADER_BYTES, image_size
from app.content.media_types import OCTET_STREAM, media_problem, media_type
from app.content.sectors import ID_RE
from app.content.slugs import MAX_LESSON_ID, too_long, too_long_message

# A Markdown file. Real lessons are a few kB; parsing costs up to ~13 µs a byte on text made
# of nothing but list items or table cells, so this keeps any file's check under a few seconds.
FILE_SIZE_LIMIT = 256 * 1024
MEDIA_SIZE_LIMIT = 20 * 1024 * 1024  # an image or handout: learners may be on mobile data
MAX_MEDIA_DEPTH = 8
LOCALE_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
LESSON_RE = re.compile(r"^(\d+)-(.+)$")
UNREADABLE_HINT = "Check that the file exists and that you may read it, then run the command again."
YAML_HINT = "Check indentation, colons and quotes; text containing `: ` or starting with a symbol needs quotes."


@dataclass
class SourceFile:
    """One Markdown file of a course, read and split; `readable` is False when it could not be used."""

    path: Path
    display: str
    kind: str  # course | lesson | quiz
    source_name: str  # the source file this is, or translates: course.md, 01-intro.md, quiz.md
    locale: str | None = None  # None for the source file
    number: int | None = None
    lesson_id: str | None = None
    data: bytes = b""
    text: str = ""
    meta: dict = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    readable: bool = False
    front_matter: str = "missing"  # ok, missing (no --- block) or broken (reported while reading)


@dataclass
class MediaFile:
    """A file under media/: its course-relative path, hash, type and, for images, pixel size."""

    path: Path
    rel: str
    sha256: str
    content_type: str
    bytes: int
    size: tuple[int, int] | None = None
    refused: bool = False  # not an allowed type, or not what its name says: an error was reported


@dataclass
class CourseFolder:
    """Everything read from one course folder."""

    course_id: str
    path: Path
    display: str
    files: list[SourceFile] = field(default_factory=list)
    media: dict[str, MediaFile] = field(default_factory=dict)

    def sources(self, kind: str) -> list[SourceFile]:
        found = [f for f in self.files if f.kind == kind and f.locale is None]
        return sorted(found, key=lambda f: (f.number or 0, f.source_name))

    def translations(self, source_name: str) -> list[SourceFile]:
        return sorted(
            (f for f in self.files if f.source_name == source_name and f.locale), key=lambda f: f.locale or ""
        )

    def hashed_files(self) -> list[tuple[str, str]]:
        """(course-relative path, sha256) of every file that goes into a build, sorted."""
        items = [(f.path.name, hashlib.sha256(f.data).hexdigest()) for f in self.files]
        # A refused file hashes differently from the same bytes published before media types were
        # checked, so publishing builds the course again and reports the error instead of "unchanged".
        items += [(m.rel, f"refused {m.sha256}" if m.refused else m.sha256) for m in self.media.values()]
        return sorted(items)


def display_path(path: Path, base: Path) -> str:
    """How messages name a file: relative to `base` (where the trainer ran the command) when it can be."""
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


class Reader:
    """Opens files under one content root, reporting problems instead of raising."""

    def __init__(self, content_root: Path, display_base: Path, report: Diagnostics):
        self.root = content_root.resolve()
        self.display_base = display_base
        self.report = report

    def display(self, path: Path) -> str:
        return display_path(path, self.display_base)

    def inside(self, path: Path) -> Path | None:
        """The real path, or None (and an error) when a symlink leads outside the content folder."""
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            self.report.error(
                self.display(path),
                None,
                "This link (symlink) is broken or loops and was not read",
                "Replace the symlink by the file itself.",
            )
            return None
        if real != self.root and self.root not in real.parents:
            self.report.error(
                self.display(path),
                None,
                "This symlink points outside the content folder and was not read",
                "Copy the file into the course folder instead of linking to it.",
            )
            return None
        return real

    def read_bytes(self, path: Path, limit: int) -> bytes | None:
        real = self.inside(path)
        if real is None:
            return None
        shown = self.display(path)
        try:
            size = real.stat().st_size
            if size > limit:
                self.report.error(
                    shown,
                    None,
                    f"The file is too large ({_size(size, '.1f')}; the limit is {_size(limit, '.0f')})",
                    "Split the text into several lessons, or make the file smaller.",
                )
                return None
            with real.open("rb") as handle:
                return handle.read(limit + 1)[:limit]
        except OSError as exc:
            self.report.error(shown, None, f"The file could not be read ({exc.strerror or exc})", UNREADABLE_HINT)
            return None

    def read_markdown(self, source: SourceFile) -> None:
        """Fill `source` from disk: bytes, text, front matter and padded body."""
        data = self.read_bytes(source.path, FILE_SIZE_LIMIT)
        if data is None:
            return
        source.data = data
        if b"\x00" in data:
            line = data.count(b"\n", 0, data.index(b"\x00")) + 1
            self.report.error(
                source.display,
                line,
                "This is not a text file (it contains binary data)",
                "Course files must be Markdown text saved as UTF-8.",
            )
            return
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            self.report.error(
                source.display,
                line,
                "The file is not saved as UTF-8 text",
                "In your editor choose 'Save with encoding' > UTF-8.",
            )
            return
        source.text = text.removeprefix("\ufeff")  # Windows editors add a byte order mark
        split = split_front_matter(source.text)
        source.body, source.readable = split.body, True
        if split.unclosed:
            source.front_matter = "broken"
            self.report.error(
                source.display,
                1,
                "The front matter that starts on line 1 is never closed",
                "Add a line with only --- after the last key.",
            )
        if split.yaml_text is None:
            return
        source.front_matter = "broken"
        loaded = load_yaml_with_lines(split.yaml_text, first_line=2)
        if loaded.error:
            self.report.error(
                source.display, loaded.error_line, f"YAML syntax error in the front matter: {loaded.error}", YAML_HINT
            )
            return
        for key, line in loaded.duplicate_keys:
            self.report.warning(
                source.display, line, f"The key `{key}` appears twice; the last one counts", "Keep one of them."
            )
        if loaded.data is not None and not isinstance(loaded.data, dict):
            self.report.error(
                source.display,
                2,
                "The front matter must be `key: value` lines",
                "Write one key per line, e.g. title: Introduction.",
            )
            return
        source.front_matter = "ok"
        source.meta, source.key_lines = loaded.data or {}, loaded.key_lines
        if "translated_from" in loaded.raw_scalars:
            # A hash of digits only would otherwise read as a number (and lose leading zeros).
            source.meta["translated_from"] = loaded.raw_scalars["translated_from"]

    def read_media(self, path: Path, rel: str) -> MediaFile | None:
        data = self.read_bytes(path, MEDIA_SIZE_LIMIT)
        if data is None:
            return None
        problem = media_problem(path.name, data)
        if problem:
            # Kept in the course (links to it resolve) but the error stops it being published.
            self.report.error(self.display(path), 1, *problem)
            return MediaFile(path, rel, hashlib.sha256(data).hexdigest(), OCTET_STREAM, len(data), refused=True)
        content_type = media_type(path.name).content_type
        if content_type == "image/svg+xml":
            lowered = data.lower()
            if b"<script" in lowered or re.search(rb"\son[a-z]+\s*=", lowered):
                self.report.error(
                    self.display(path),
                    None,
                    "This SVG image contains a script",
                    "Export the image again without scripts or event handlers, or use PNG.",
                )
        size = image_size(data[:HEADER_BYTES]) if content_type.startswith("image/") else None
        return MediaFile(path, rel, hashlib.sha256(data).hexdigest(), content_type, len(data), size)


def _size(count: int, megabytes_format: str) -> str:
    return f"{count / 1048576:{megabytes_format}} MB" if count >= 1048576 else f"{count / 1024:.0f} kB"


LESSON_NAME_HINT = (
    "Lessons are named NN-lesson-id.md (lowercase letters, digits, hyphens), translations NN-lesson-id.<language>.md."
)


def classify(name: str) -> tuple[str, str, str | None, int | None, str | None] | tuple[str, str]:
    """(kind, source name, locale, number, lesson id) for a course file name, or (error, hint)."""
    stem = name[:-3]
    base, _, locale = stem.rpartition(".") if "." in stem else (stem, "", "")
    if locale and not LOCALE_RE.match(locale):
        fixed = locale.replace("_", "-")
        return (
            f"`{locale}` in `{name}` is not a language code",
            f"Write {fixed}." if LOCALE_RE.match(fixed) else "Use a code such as de, el, ar or pt-BR.",
        )
    locale_or_none = locale or None
    if base in ("course", "quiz"):
        return base, f"{base}.md", locale_or_none, None, None
    match = LESSON_RE.match(base)
    if not match or not ID_RE.match(match.group(2)):
        return f"`{name}` is not a valid lesson file name", LESSON_NAME_HINT
    if too_long(match.group(2), MAX_LESSON_ID):
        return too_long_message("lesson id", match.group(2), MAX_LESSON_ID)
    return "lesson", f"{base}.md", locale_or_none, int(match.group(1)), match.group(2)


def load_course(course_dir: Path, content_root: Path, display_base: Path, report: Diagnostics) -> CourseFolder:
    """Read every file of a course folder; problems go to `report`, nothing raises."""
    reader = Reader(content_root, display_base, report)
    folder = CourseFolder(course_dir.name, course_dir, reader.display(course_dir))
    try:
        entries = sorted(os.scandir(course_dir), key=lambda e: e.name)
    except OSError as exc:
        report.error(
            folder.display,
            None,
            f"The course folder could not be read ({exc.strerror or exc})",
            "Check that the folder exists and that you may open it, then run the command again.",
        )
        return folder
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            continue  # .DS_Store, editor swap files
        if entry.is_symlink() and reader.inside(path) is None:
            continue  # broken, looping or leading out of the content folder: reported, never followed
        if entry.name == "media" and entry.is_dir(follow_symlinks=True):
            _load_media(reader, folder, path, "media", 0, set())
        elif entry.name.endswith(".md") and entry.is_file(follow_symlinks=True):
            kind = classify(entry.name)
            if len(kind) == 2:
                report.error(reader.display(path), None, *kind)
                continue
            source = SourceFile(path, reader.display(path), *kind)
            reader.read_markdown(source)
            folder.files.append(source)
        else:
            report.warning(
                reader.display(path),
                None,
                "This file or folder is not part of the course format and is ignored",
                "Put images and handouts in media/; lessons are NN-lesson-id.md files.",
            )
    return folder


def _load_media(reader: Reader, folder: CourseFolder, directory: Path, rel: str, depth: int, seen: set) -> None:
    real = directory.resolve()
    if real in seen or depth > MAX_MEDIA_DEPTH:
        return  # a symlink loop inside the content folder
    seen.add(real)
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path, entry_rel = Path(entry.path), f"{rel}/{entry.name}"
        if entry.is_symlink() and reader.inside(path) is None:
            continue
        if entry.is_dir(follow_symlinks=True):
            _load_media(reader, folder, path, entry_rel, depth + 1, seen)
        elif entry.is_file(follow_symlinks=True):
            media = reader.read_media(path, entry_rel)
            if media:
                folder.media[entry_rel] = media
