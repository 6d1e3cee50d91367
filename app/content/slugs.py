"""Slugs for question ids (ASCII, `[a-z0-9-]+`) and heading anchors (any script)."""

from __future__ import annotations

import re
import unicodedata

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID_LENGTH = 48


def id_slug(text: str, max_length: int = MAX_ID_LENGTH) -> str:
    """`What should you do first?` -> `what-should-you-do-first`; empty for non-Latin text."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        # Cut at a word boundary so the id stays readable.
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


def anchor_slug(text: str) -> str:
    """A heading anchor that keeps letters of any script (Arabic, Greek) and drops punctuation."""
    text = unicodedata.normalize("NFC", text).lower()
    slug = re.sub(r"[^\w\- ]+", "", text).strip()
    return re.sub(r"[\s_]+", "-", slug).strip("-") or "section"


def unique(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3`... whichever is free; records the result in `taken`."""
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate
