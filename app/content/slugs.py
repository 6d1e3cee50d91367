"""Ids as the content format defines them (`[a-z0-9-]+`), slugs for new ids, heading anchors (any script)."""

from __future__ import annotations

import re
import unicodedata

# CONTENT-FORMAT.md: course folder names and question ids are `[a-z0-9-]+`, so `c--1` and
# `first-` are valid. Generated slugs are tidier (no doubled or edge hyphens) by choice only.
ID_RE = re.compile(r"^[a-z0-9-]+$")
MAX_ID_LENGTH = 48
# Ids are stored with learners' records in columns of 64 characters. A lesson's reflections
# without an id of their own are stored as `<lesson-id>-reflection-<n>`, so lesson ids are shorter.
MAX_STORED_ID = 64
MAX_LESSON_ID = 48


def too_long(value: str, limit: int = MAX_STORED_ID) -> bool:
    return len(value) > limit


def too_long_message(kind: str, value: str, limit: int = MAX_STORED_ID) -> tuple[str, str]:
    """The error and hint for an id over its length limit."""
    return (
        f"The {kind} `{value[:20]}…` is {len(value)} characters long; the limit is {limit}",
        "Shorten it: ids are stored with learners' records. Changing a published id makes it a new item.",
    )


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
