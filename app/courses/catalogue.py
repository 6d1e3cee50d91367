"""Who a course is for, and searching course texts. Plain Python over manifest settings.

A course's `sectors` holds sector ids, subsector ids or "all"; its `levels` the professional
levels (every level when the trainer named none). `parent_of(subsector)` comes from the
sector taxonomy.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

ParentOf = Callable[[str], str | None]


def for_sector(course_sectors: Iterable[str], sector: str | None, subsector: str | None, parent_of: ParentOf) -> bool:
    """Whether a course targets people in `sector` (and `subsector`, if they named one).

    A course for a whole sector is for all its subsectors; a course for one subsector is
    for that subsector, and for people of the sector who named no subsector.
    """
    targets = set(course_sectors)
    if "all" in targets or (sector and sector in targets) or (subsector and subsector in targets):
        return True
    if sector and not subsector:
        return any(parent_of(target) == sector for target in targets)
    return False


def for_level(course_levels: Iterable[str], level: str | None) -> bool:
    levels = list(course_levels)
    return not level or not levels or level in levels


def recommended(
    settings: dict, sector: str | None, subsector: str | None, level: str | None, parent_of: ParentOf
) -> bool:
    """Recommended for a profile: the sector (or, with only a level set, courses for all
    sectors) and the level match. An empty profile gets no recommendations."""
    if not (sector or subsector or level):
        return False
    if sector or subsector:
        sector_ok = for_sector(settings.get("sectors", []), sector or parent_of(subsector or ""), subsector, parent_of)
    else:
        sector_ok = "all" in settings.get("sectors", [])
    return sector_ok and for_level(settings.get("levels", []), level)


def matches_filter(settings: dict, sector_or_subsector: str | None, level: str | None, parent_of: ParentOf) -> bool:
    """The catalogue's filters: one sector or subsector id, one level; None means any."""
    if sector_or_subsector:
        parent = parent_of(sector_or_subsector)
        sector, subsector = (parent, sector_or_subsector) if parent else (sector_or_subsector, None)
        if not for_sector(settings.get("sectors", []), sector, subsector, parent_of):
            return False
    return for_level(settings.get("levels", []), level)


def fold(text: str) -> str:
    """Text for matching: case and accents ignored (so "sante" finds "Santé")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def matches_query(query: str, texts: Iterable[str]) -> bool:
    """Every word of the query appears somewhere in the texts."""
    haystack = " ".join(fold(text) for text in texts)
    return all(word in haystack for word in fold(query).split())
