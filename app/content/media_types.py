"""The files a course may publish under media/: images and handouts, by extension, checked against their content.

Media are served from the site's own origin, so a web page or script among them would run
with the learner's session (stored XSS). Only types that browsers show as images or offer
as downloads are allowed, and a file must be what its name says (an HTML file named .png
is refused). Plain Python: the loader decides, the media route serves only these types.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

OCTET_STREAM = "application/octet-stream"
PDF_HEADER_WINDOW = 1024  # readers accept a few bytes before %PDF-, as Acrobat does


@dataclass(frozen=True)
class MediaType:
    """An allowed media type: what it is served as, what trainers call it, how its content is recognised."""

    content_type: str
    label: str
    looks_right: Callable[[bytes], bool]


def _png(data: bytes) -> bool:
    return data.startswith(b"\x89PNG\r\n\x1a\n")


def _jpeg(data: bytes) -> bool:
    return data.startswith(b"\xff\xd8\xff")


def _gif(data: bytes) -> bool:
    return data[:6] in (b"GIF87a", b"GIF89a")


def _webp(data: bytes) -> bool:
    return data[:4] == b"RIFF" and data[8:12] == b"WEBP"


def _avif(data: bytes) -> bool:
    # An ISO media file whose first box, `ftyp`, names the AVIF brand (major or compatible).
    if data[4:8] != b"ftyp":
        return False
    box = data[8 : min(int.from_bytes(data[:4], "big"), 256)]
    return any(box[i : i + 4] in (b"avif", b"avis") for i in range(0, len(box), 4))


def _svg(data: bytes) -> bool:
    return data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and b"<svg" in data


def _pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:PDF_HEADER_WINDOW]


def _text(data: bytes) -> bool:
    return b"\x00" not in data


def _office_open_xml(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "[Content_Types].xml" in archive.namelist()  # reads the directory, unpacks nothing
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


_OOXML = "application/vnd.openxmlformats-officedocument."


def _open_document(kind: str, label: str) -> MediaType:
    content_type = f"application/vnd.oasis.opendocument.{kind}"
    expected = content_type.encode()

    # The format requires `mimetype` as the first entry, stored uncompressed without an
    # extra field, so its name and value sit at fixed offsets of the local file header.
    def looks_right(data: bytes) -> bool:
        return data[:4] == b"PK\x03\x04" and data[30:38] == b"mimetype" and data[38 : 38 + len(expected)] == expected

    return MediaType(content_type, label, looks_right)


MEDIA_TYPES: dict[str, MediaType] = {
    ".png": MediaType("image/png", "a PNG image", _png),
    ".jpg": MediaType("image/jpeg", "a JPEG image", _jpeg),
    ".jpeg": MediaType("image/jpeg", "a JPEG image", _jpeg),
    ".gif": MediaType("image/gif", "a GIF image", _gif),
    ".webp": MediaType("image/webp", "a WebP image", _webp),
    ".avif": MediaType("image/avif", "an AVIF image", _avif),
    ".svg": MediaType("image/svg+xml", "an SVG image", _svg),
    ".pdf": MediaType("application/pdf", "a PDF document", _pdf),
    ".txt": MediaType("text/plain", "a text file", _text),
    ".csv": MediaType("text/csv", "a CSV text file", _text),
    ".docx": MediaType(_OOXML + "wordprocessingml.document", "a Word document", _office_open_xml),
    ".xlsx": MediaType(_OOXML + "spreadsheetml.sheet", "an Excel workbook", _office_open_xml),
    ".pptx": MediaType(_OOXML + "presentationml.presentation", "a PowerPoint presentation", _office_open_xml),
    ".odt": _open_document("text", "an OpenDocument text document"),
    ".ods": _open_document("spreadsheet", "an OpenDocument spreadsheet"),
    ".odp": _open_document("presentation", "an OpenDocument presentation"),
}
# What the media route may send with the stored type; anything else goes out as a download.
SERVED_TYPES = frozenset(t.content_type for t in MEDIA_TYPES.values())
IMAGE_TYPES = frozenset(t for t in SERVED_TYPES if t.startswith("image/"))
ALLOWED_HINT = "Allowed: images ({}) and handouts ({}).".format(
    ", ".join(ext for ext, kind in MEDIA_TYPES.items() if kind.content_type in IMAGE_TYPES),
    ", ".join(ext for ext, kind in MEDIA_TYPES.items() if kind.content_type not in IMAGE_TYPES),
)


def media_type(name: str) -> MediaType | None:
    """The allowed type a file name says (by its extension, in any case), or None."""
    dot = name.rfind(".")
    return MEDIA_TYPES.get(name[dot:].lower()) if dot > 0 else None


def media_problem(name: str, data: bytes) -> tuple[str, str] | None:
    """(message, hint) when a media file may not be published, or None when it may."""
    kind = media_type(name)
    dot = name.rfind(".")
    if kind is None and dot <= 0:
        return (
            "This file has no extension, so its type is unknown and it cannot be published",
            f"Give it the extension of its type. {ALLOWED_HINT}",
        )
    if kind is None:
        return (
            f"`{name[dot:]}` files cannot be published: media/ holds only images and handouts",
            f"{ALLOWED_HINT} Save a web page as PDF; keep other files outside the course folder.",
        )
    if not kind.looks_right(data):
        return (
            f"The name ends in `{name[dot:]}` but the file is not {kind.label}",
            f"Save or export it again as {kind.label}, or give it the extension of its real type. {ALLOWED_HINT}",
        )
    return None
