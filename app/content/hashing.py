"""The two hashes of the format: a source file's `translated_from` hash, and a course's content hash."""

from __future__ import annotations

import hashlib

# Part of every content hash: bump it when rendering changes, so that publishing
# stores a new version even though the files did not change.
PIPELINE_VERSION = "1"
SOURCE_HASH_LENGTH = 12


def source_hash(data: bytes) -> str:
    """First 12 hex digits of sha256 over the file's bytes, without a BOM and with LF line endings."""
    # Normalising means a Windows checkout (CRLF) does not make every translation stale.
    data = data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return hashlib.sha256(data).hexdigest()[:SOURCE_HASH_LENGTH]


def content_hash(files: list[tuple[str, str]], inputs: list[tuple[str, str]] | None = None) -> str:
    """sha256 (hex) over the pipeline version, the build's other `inputs` (name, value) in name
    order, and every (relative path, file sha256) in path order.

    `inputs` is what else a build reads that changes its result (app/content/build.py,
    build_inputs): the publisher compares hashes to skip unchanged courses without building
    them, so everything that could make a build differ must be in the hash.
    """
    digest = hashlib.sha256(f"pipeline {PIPELINE_VERSION}\n".encode())
    for name, value in sorted(inputs or []):
        digest.update(f"input {name}\0{value}\n".encode())
    for path, file_sha in sorted(files):
        digest.update(f"{path}\0{file_sha}\n".encode())
    return digest.hexdigest()
