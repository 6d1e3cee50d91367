"""Hashes: a source file's translated_from hash and a course's content hash are deterministic."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.content.build import build_course
from app.content.hashing import content_hash, source_hash
from app.content.sectors import load_taxonomy

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "content"
EXAMPLE = REPO / "content" / "example-course"


def test_source_hash_is_12_hex_and_ignores_line_endings_and_bom():
    text = b"---\ntitle: A\n---\nBody\n"
    assert len(source_hash(text)) == 12 and int(source_hash(text), 16) >= 0
    assert source_hash(text) == source_hash(text.replace(b"\n", b"\r\n")) == source_hash(b"\xef\xbb\xbf" + text)
    assert source_hash(text) != source_hash(text + b"more")


def test_content_hash_does_not_depend_on_listing_order():
    files = [("a.md", "1"), ("media/x.png", "2")]
    assert content_hash(files) == content_hash(list(reversed(files)))
    assert content_hash(files) != content_hash([("a.md", "1"), ("media/x.png", "3")])


def test_course_hash_is_stable_and_changes_with_media(tmp_path):
    taxonomy = load_taxonomy(FIXTURES / "sectors.yml")
    copies = []
    for name in ("one", "two"):
        course = tmp_path / name / "courses" / "example"
        shutil.copytree(EXAMPLE, course)
        copies.append(course)
    first, second = (build_course(c, taxonomy).content_hash for c in copies)
    assert first == second  # same files in another place: same version
    (copies[1] / "media" / "referral-checklist.txt").write_text("changed\n")
    assert build_course(copies[1], taxonomy).content_hash != first
