"""The sector taxonomy and professional levels from `content/sectors.yml`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from app.content.diagnostics import Diagnostics
from app.content.frontmatter import load_yaml_with_lines

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FALLBACK_LOCALE = "en"
SECTORS_SIZE_LIMIT = 1024 * 1024  # the shipped file is a few kB
RESTORE_HINT = "Restore content/sectors.yml from the repository."


class TaxonomyError(ValueError):
    """sectors.yml could not be read; `.diagnostics` says why, with lines."""

    def __init__(self, diagnostics: Diagnostics):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics.sorted()))


@dataclass(frozen=True)
class Subsector:
    id: str
    names: dict[str, str]


@dataclass(frozen=True)
class Sector:
    id: str
    names: dict[str, str]
    subsectors: list[Subsector] = field(default_factory=list)


@dataclass(frozen=True)
class Level:
    id: str
    names: dict[str, str]


@dataclass(frozen=True)
class Taxonomy:
    """Sectors (with subsectors) and levels, in file order."""

    sectors: list[Sector]
    levels: list[Level]

    def sector_ids(self) -> list[str]:
        return [s.id for s in self.sectors]

    def subsector_ids(self) -> list[str]:
        return [sub.id for s in self.sectors for sub in s.subsectors]

    def level_ids(self) -> list[str]:
        return [level.id for level in self.levels]

    def all_ids(self) -> list[str]:
        """Sector and subsector ids: what a course's `sectors:` may name."""
        return [i for s in self.sectors for i in (s.id, *(sub.id for sub in s.subsectors))]

    def parent_of(self, subsector_id: str) -> str | None:
        for s in self.sectors:
            if any(sub.id == subsector_id for sub in s.subsectors):
                return s.id
        return None

    def name(self, id: str, locale: str) -> str:
        """The name of a sector, subsector or level in `locale` (pt-BR -> pt -> en)."""
        names = self._names().get(id)
        if names is None:
            raise KeyError(id)
        return localized(names, locale)

    def _names(self) -> dict[str, dict[str, str]]:
        found: dict[str, dict[str, str]] = {}
        for s in self.sectors:
            found[s.id] = s.names
            found.update({sub.id: sub.names for sub in s.subsectors})
        found.update({level.id: level.names for level in self.levels})
        return found


def localized(names: dict[str, str], locale: str) -> str:
    """Pick `locale`, then its language without region, then English, then any."""
    for candidate in (locale, locale.split("-")[0], FALLBACK_LOCALE):
        if names.get(candidate):
            return names[candidate]
    return next(iter(names.values()), "")


def load_taxonomy(path: str | Path) -> Taxonomy:
    """Read and check sectors.yml; raise TaxonomyError listing every problem."""
    taxonomy, diagnostics = check_taxonomy(path)
    if diagnostics.has_errors or taxonomy is None:
        raise TaxonomyError(diagnostics)
    return taxonomy


def check_taxonomy(path: str | Path, display_path: str | None = None) -> tuple[Taxonomy | None, Diagnostics]:
    """Read sectors.yml and report every problem; the taxonomy is None when unusable."""
    path = Path(path)
    shown = display_path or str(path)
    diags = Diagnostics()
    text = _read_text(path, shown, diags)
    if text is None:
        return None, diags
    loaded = load_yaml_with_lines(text, first_line=1)
    if loaded.error:
        diags.error(shown, loaded.error_line, f"YAML syntax error: {loaded.error}", YAML_HINT)
        return None, diags
    data, lines = loaded.data, loaded.lines
    if not isinstance(data, dict):
        diags.error(
            shown,
            1,
            "sectors.yml must contain `sectors:` and `levels:`",
            "Start from the sectors.yml in the repository; each key holds a list of `- id: ...` entries.",
        )
        return None, diags
    seen: dict[str, int] = {}

    def entry(raw, where: int, what: str) -> tuple[str, dict[str, str]] | None:
        line = lines.get(id(raw), where)
        if not isinstance(raw, dict):
            diags.error(
                shown,
                line,
                f"Each {what} must be a mapping with `id:` and `name:`",
                "Write it as `- id: police` with `name: {en: Police}` on the next line, indented like `id:`.",
            )
            return None
        sid, names = raw.get("id"), raw.get("name")
        if not isinstance(sid, str) or not ID_RE.match(sid):
            diags.error(
                shown,
                line,
                f"The {what} id {sid!r} is not valid",
                "Ids use lowercase letters, digits and hyphens, e.g. primary-care.",
            )
            return None
        if sid in seen:
            diags.error(
                shown,
                line,
                f"The id `{sid}` is used twice (first on line {seen[sid]})",
                "Give each sector, subsector and level its own id.",
            )
        seen[sid] = line
        if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
            diags.error(
                shown,
                line,
                f"The {what} `{sid}` needs `name: {{en: ...}}`",
                "Give its name in each language as `language: text`, e.g. name: {en: Police, de: Polizei}.",
            )
            return None
        if not names.get(FALLBACK_LOCALE):
            diags.error(
                shown,
                line,
                f"The {what} `{sid}` has no English name (`en:`)",
                "English is the fallback for every other language.",
            )
        return sid, {str(k): v for k, v in names.items()}

    sectors: list[Sector] = []
    for raw in _as_list(data.get("sectors"), "sectors", shown, lines, data, diags):
        parsed = entry(raw, 1, "sector")
        if not parsed:
            continue
        subs = []
        for raw_sub in _as_list(raw.get("subsectors") or [], "subsectors", shown, lines, raw, diags):
            parsed_sub = entry(raw_sub, lines.get(id(raw), 1), "subsector")
            if parsed_sub:
                subs.append(Subsector(*parsed_sub))
        sectors.append(Sector(parsed[0], parsed[1], subs))
    levels = []
    for raw in _as_list(data.get("levels"), "levels", shown, lines, data, diags):
        parsed = entry(raw, 1, "level")
        if parsed:
            levels.append(Level(*parsed))
    if "all" in seen:
        diags.error(
            shown,
            seen["all"],
            "`all` is reserved: courses use `sectors: [all]` for every sector",
            "Choose another id for this entry.",
        )
    return Taxonomy(sectors, levels), diags


YAML_HINT = "Check indentation, colons and quotes; text containing `: ` or starting with a symbol needs quotes."


def _as_list(value, key: str, shown: str, lines: dict, parent, diags: Diagnostics) -> list:
    if isinstance(value, list):
        return value
    diags.error(
        shown,
        lines.get(id(parent), 1),
        f"`{key}:` must be a list",
        f"Write each entry under `{key}:` on its own line starting with `- `, e.g. `  - id: police`.",
    )
    return []


def _read_text(path: Path, shown: str, diags: Diagnostics) -> str | None:
    """The file's text, or None with an error: missing, not a file, a link leading out of its
    folder (the content folder), too large, unreadable or not UTF-8."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        diags.error(shown, None, "sectors.yml is missing", RESTORE_HINT)
        return None
    except (OSError, RuntimeError):
        diags.error(shown, None, "sectors.yml is a link (symlink) that loops and was not read", RESTORE_HINT)
        return None
    folder = path.parent.resolve()
    if folder not in real.parents:
        diags.error(
            shown,
            None,
            "sectors.yml is a link (symlink) to a file outside the content folder and was not read",
            "Replace the link by the file itself.",
        )
        return None
    if not real.is_file():
        diags.error(shown, None, "sectors.yml is not a file", "Replace it by the file sectors.yml from the repository.")
        return None
    try:
        with real.open("rb") as handle:
            data = handle.read(SECTORS_SIZE_LIMIT + 1)
    except OSError as exc:
        diags.error(
            shown,
            None,
            f"sectors.yml could not be read ({exc.strerror or exc})",
            "Check that you may read the file, then run the command again.",
        )
        return None
    if len(data) > SECTORS_SIZE_LIMIT:
        diags.error(
            shown,
            None,
            f"sectors.yml is too large (the limit is {SECTORS_SIZE_LIMIT // 1048576} MB)",
            "It lists sectors and levels only, which takes a few kB. " + RESTORE_HINT,
        )
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        diags.error(shown, line, "The file is not saved as UTF-8 text", "Save it as UTF-8 in your editor.")
        return None
