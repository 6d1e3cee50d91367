"""The sector taxonomy and professional levels from `content/sectors.yml`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from app.content.diagnostics import Diagnostics
from app.content.frontmatter import load_yaml_with_lines

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FALLBACK_LOCALE = "en"


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
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        diags.error(shown, None, "sectors.yml is missing", "Restore content/sectors.yml from the repository.")
        return None, diags
    except UnicodeDecodeError:
        diags.error(shown, 1, "The file is not saved as UTF-8 text", "Save it as UTF-8 in your editor.")
        return None, diags
    loaded = load_yaml_with_lines(text, first_line=1)
    if loaded.error:
        diags.error(shown, loaded.error_line, f"YAML syntax error: {loaded.error}", YAML_HINT)
        return None, diags
    data, lines = loaded.data, loaded.lines
    if not isinstance(data, dict):
        diags.error(shown, 1, "sectors.yml must contain `sectors:` and `levels:`")
        return None, diags
    seen: dict[str, int] = {}

    def entry(raw, where: int, what: str) -> tuple[str, dict[str, str]] | None:
        line = lines.get(id(raw), where)
        if not isinstance(raw, dict):
            diags.error(shown, line, f"Each {what} must be a mapping with `id:` and `name:`")
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
            diags.error(shown, line, f"The {what} `{sid}` needs `name: {{en: ...}}`")
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
        diags.error(shown, seen["all"], "`all` is reserved: courses use `sectors: [all]` for every sector")
    return Taxonomy(sectors, levels), diags


YAML_HINT = "Check indentation, colons and quotes; text containing `: ` or starting with a symbol needs quotes."


def _as_list(value, key: str, shown: str, lines: dict, parent, diags: Diagnostics) -> list:
    if isinstance(value, list):
        return value
    diags.error(shown, lines.get(id(parent), 1), f"`{key}:` must be a list")
    return []
