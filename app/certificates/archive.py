"""A zip of certificate PDFs, streamed: memory holds one batch of PDFs, whatever the count."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from datetime import UTC

from app.certificates import queries
from app.certificates.models import Certificate
from app.certificates.pdf import render_pdf
from app.certificates.services import format_code

BATCH = 50  # certificates loaded from the database at a time
NAME_MAX = 80
UNSAFE_IN_FILE_NAMES = set('/\\:*?"<>|')


class _Chunks:
    """A write-only file for ZipFile that hands each written piece on, instead of keeping it.

    It cannot seek, so ZipFile writes data descriptors after each entry (zip's streaming mode).
    """

    def __init__(self) -> None:
        self._pieces: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._pieces.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self._pieces = b"".join(self._pieces), []
        return data


def zip_of_certificates(ids: list[int], locale: str) -> Iterator[bytes]:
    """The zip's bytes in chunks, one certificate at a time (PDFs are compressed already: stored)."""
    sink = _Chunks()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for certificate, pdf in _pdfs(ids, locale):
            archive.writestr(_entry(certificate), pdf)
            yield sink.take()
    yield sink.take()


def entry_name(certificate: Certificate) -> str:
    """<course id>/<holder name> <code>.pdf, with what file systems refuse replaced."""
    name = "".join("-" if ch in UNSAFE_IN_FILE_NAMES or ord(ch) < 32 else ch for ch in certificate.holder_name)
    name = name.strip(" .")[:NAME_MAX] or "certificate"
    return f"{certificate.course_id}/{name} {format_code(certificate.code)}.pdf"


def _pdfs(ids: list[int], locale: str) -> Iterable[tuple[Certificate, bytes]]:
    for start in range(0, len(ids), BATCH):
        batch = queries.certificates_by_ids(ids[start : start + BATCH])
        versions = queries.versions_of(batch)
        for certificate in batch:
            yield (
                certificate,
                render_pdf(certificate, versions.get((certificate.course_id, certificate.version_hash)), locale),
            )


def _entry(certificate: Certificate) -> zipfile.ZipInfo:
    # Dated by the completion, not the clock: the same selection gives the same zip.
    moment = certificate.completed_at.astimezone(UTC)
    info = zipfile.ZipInfo(entry_name(certificate), date_time=moment.timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    return info
