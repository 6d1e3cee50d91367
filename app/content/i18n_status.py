"""Which files of a course are translated, missing or stale in each language; recording `translated_from`.

Plain Python over the loader: staleness is `translations.is_stale`, the hash is `hashing.source_hash`
and the edit is `add_ids.fill_translated_from`, so this module decides nothing of its own about them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.content.add_ids import fill_translated_from
from app.content.diagnostics import Diagnostics
from app.content.frontmatter import load_yaml_with_lines, split_front_matter
from app.content.hashing import source_hash
from app.content.loader import LOCALE_RE, CourseFolder, SourceFile, classify, load_course
from app.content.translations import is_stale

# The state of one source file in one language.
CURRENT = "current"  # translated_from is the source's hash now
STALE = "stale"  # the source changed since translated_from
UNKNOWN = "unknown"  # no translated_from: nobody recorded which version was translated
UNREADABLE = "unreadable"  # the translation or its front matter could not be read (see `content validate`)
MISSING = "missing"  # no translation: learners get the source language
STATES = (CURRENT, STALE, UNKNOWN, UNREADABLE, MISSING)


@dataclass(frozen=True)
class FileStatus:
    """One source file in one language."""

    source: str  # 03-responding-with-lives.md
    translation: str  # 03-responding-with-lives.fr.md (the name it has, or would have)
    state: str
    translated_from: str | None = None  # as written in the translation
    source_hash: str = ""  # the source file's hash now: the value that marks the translation current

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "file": self.translation,
            "state": self.state,
            "translated_from": self.translated_from,
            "source_hash": self.source_hash,
        }


@dataclass
class LocaleStatus:
    """Every source file of a course in one language."""

    locale: str
    files: list[FileStatus] = field(default_factory=list)

    def having(self, state: str) -> list[FileStatus]:
        return [f for f in self.files if f.state == state]

    @property
    def translated(self) -> int:
        return sum(f.state != MISSING for f in self.files)

    def to_dict(self) -> dict:
        counts = {state: len(self.having(state)) for state in STATES}
        return {
            "locale": self.locale,
            "translated": self.translated,
            "total": len(self.files),
            **counts,
            "files": [f.to_dict() for f in self.files],
        }


@dataclass
class CourseStatus:
    """A course's translations, language by language, plus translation files that match no source."""

    course_id: str
    source_locale: str
    sources: list[str] = field(default_factory=list)
    locales: list[LocaleStatus] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (file, why it is not counted)

    def to_dict(self) -> dict:
        return {
            "course": self.course_id,
            "source_locale": self.source_locale,
            "sources": self.sources,
            "languages": [locale.to_dict() for locale in self.locales],
            "ignored": [{"file": name, "reason": reason} for name, reason in self.ignored],
        }


def course_dirs(path: Path) -> list[Path]:
    """The course folders under `path`: a course folder, a content root (with courses/), or courses/ itself."""
    if (path / "course.md").is_file():
        return [path]
    parent = path / "courses" if (path / "courses").is_dir() else path
    return sorted(
        entry
        for entry in parent.iterdir()
        if entry.is_dir() and not entry.name.startswith(".") and any(entry.glob("*.md"))
    )


def course_status(course_dir: Path, default_locale: str = "en") -> CourseStatus:
    """The status of every translation of one course folder."""
    absolute = course_dir.absolute()
    # The loader keeps symlinks inside the content root; the root is where sectors.yml is.
    root = next((p for p in absolute.parents if (p / "sectors.yml").is_file()), absolute.parent)
    folder = load_course(absolute, root, absolute.parent, Diagnostics())
    status = CourseStatus(folder.course_id, _source_locale(folder, default_locale))
    sources = [*folder.sources("course"), *folder.sources("lesson"), *folder.sources("quiz")]
    status.sources = [source.path.name for source in sources]
    source_names = set(status.sources)
    locales = set()
    for file in folder.files:
        if file.locale is None:
            continue
        if file.locale == status.source_locale:
            status.ignored.append((file.path.name, f"`{file.locale}` is the course's source language"))
        elif file.source_name not in source_names:
            status.ignored.append((file.path.name, f"its source file {file.source_name} does not exist"))
            locales.add(file.locale)
        else:
            locales.add(file.locale)
    for locale in sorted(locales):
        translations = {f.source_name: f for f in folder.files if f.locale == locale}
        files = [_file_status(source, translations.get(source.path.name), locale) for source in sources]
        status.locales.append(LocaleStatus(locale, files))
    return status


def _source_locale(folder: CourseFolder, default_locale: str) -> str:
    course = next((f for f in folder.sources("course")), None)
    language = course.meta.get("language") if course else None
    return language if isinstance(language, str) and LOCALE_RE.match(language) else default_locale


def _file_status(source: SourceFile, translation: SourceFile | None, locale: str) -> FileStatus:
    current = source_hash(source.data)
    if translation is None:
        name = source.path.name.removesuffix(".md")
        return FileStatus(source.path.name, f"{name}.{locale}.md", MISSING, None, current)
    recorded = translation.meta.get("translated_from")
    recorded = recorded.strip() if isinstance(recorded, str) else None
    if not translation.readable or translation.front_matter == "broken":
        state = UNREADABLE
    elif is_stale(translation, source):
        state = STALE
    elif recorded is None:
        state = UNKNOWN
    else:
        state = CURRENT
    return FileStatus(source.path.name, translation.path.name, state, recorded, current)


def format_status(statuses: list[CourseStatus]) -> list[str]:
    """The plain-text report: per course one line per language, then one line per file that needs work."""
    lines = []
    for status in statuses:
        lines.append(f"{status.course_id} (source: {status.source_locale}, {len(status.sources)} files)")
        if not status.locales:
            lines.append("  no translations")
        width = max((len(locale.locale) for locale in status.locales), default=0)
        for locale in status.locales:
            counts = "  ".join(
                f"{state} {len(locale.having(state))}"
                for state in (MISSING, STALE, UNKNOWN, UNREADABLE)
                if state != UNREADABLE or locale.having(state)
            )
            lines.append(f"  {locale.locale:<{width}}  translated {locale.translated}/{len(locale.files)}  {counts}")
            lines += [
                f"      {file.state:<10} {file.translation}  ({_why(file, status)})"
                for file in locale.files
                if file.state != CURRENT
            ]
        lines += [f"  ignored: {name} ({reason})" for name, reason in status.ignored]
    if any(f.state in (STALE, UNKNOWN) for s in statuses for locale in s.locales for f in locale.files):
        lines.append("When a translation matches its current source: flask content mark-translated FILE...")
    return lines


def _why(file: FileStatus, status: CourseStatus) -> str:
    if file.state == MISSING:
        return f"learners see {file.source} in {status.source_locale}"
    if file.state == STALE:
        return (
            f"{file.source} changed since translated_from {file.translated_from or '(empty)'}; now {file.source_hash}"
        )
    if file.state == UNKNOWN:
        return "no translated_from, so staleness is not tracked"
    return "the file or its front matter cannot be read; run `flask content validate`"


class NotMarkableError(ValueError):
    """Why a file cannot be marked as translated; the message is for the trainer."""


@dataclass(frozen=True)
class Marked:
    """A translation with `translated_from` set to its source's current hash (not written yet)."""

    path: Path
    source: Path
    previous: str | None  # translated_from before, None when there was none
    current: str
    text: str  # the whole file, changed only in the translated_from line (or a new front matter)

    @property
    def changed(self) -> bool:
        return self.previous != self.current


def mark_translated(path: Path) -> Marked:
    """Prepare `translated_from: <hash of the source now>` for the translation `path`; raises NotMarkableError."""
    if not path.name.endswith(".md"):
        raise NotMarkableError(f"{path}: not a course file (course files end in .md)")
    kind = classify(path.name)
    if len(kind) == 2:
        raise NotMarkableError(f"{path}: {kind[0]}")
    source_name, locale = kind[1], kind[2]
    if locale is None:
        raise NotMarkableError(
            f"{path}: not a translation (a translation has a language code before .md, "
            f"such as {path.name.removesuffix('.md')}.fr.md)"
        )
    source = path.with_name(source_name)
    if not source.is_file():
        raise NotMarkableError(f"{path}: its source file {source_name} does not exist in {path.parent}")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotMarkableError(f"{path}: not saved as UTF-8 text") from exc
    split = split_front_matter(text.removeprefix("\ufeff"))
    if split.unclosed:
        # fill_translated_from would put a second front matter in front of the open one.
        raise NotMarkableError(f"{path}: the front matter that starts on line 1 is never closed; fix that first")
    previous = load_yaml_with_lines(split.yaml_text or "", first_line=2).raw_scalars.get("translated_from")
    source_data = source.read_bytes()
    current = source_hash(source_data)
    if previous is not None and previous.strip() == current:
        return Marked(path, source, current, current, text)
    return Marked(path, source, previous, current, fill_translated_from(text, source_data))
