"""Which media files a course may publish: the allowed types, recognised by name and content."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from app.content.imagesize import image_size
from app.content.media_types import ALLOWED_HINT, MEDIA_TYPES, media_problem
from tests.content.test_content_renderer import png

HTML = b"<!doctype html><script>alert(document.cookie)</script>\n"


def zipped(*entries: tuple[str, bytes]) -> bytes:
    """A zip archive as office suites write one: the first entry stored, the others deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, (name, data) in enumerate(entries):
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if index == 0 else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def avif(width: int, height: int) -> bytes:
    """The start of an AVIF file: its brand box, then the picture's and a thumbnail's size boxes."""
    ispe = box(b"ispe", b"\x00" * 4 + struct.pack(">II", width, height))
    thumbnail = box(b"ispe", b"\x00" * 4 + struct.pack(">II", 64, 32))
    return box(b"ftyp", b"avif\x00\x00\x00\x00mif1miaf") + box(b"meta", thumbnail + ispe)


def ooxml(part: str) -> bytes:
    return zipped(("[Content_Types].xml", b"<Types/>"), ("_rels/.rels", b"<Relationships/>"), (part, b"<x/>"))


def odf(kind: str) -> bytes:
    return zipped(("mimetype", f"application/vnd.oasis.opendocument.{kind}".encode()), ("content.xml", b"<x/>"))


GENUINE = {
    "photo.png": png(40, 20),
    "photo.JPG": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "photo.jpeg": b"\xff\xd8\xff\xdb\x00\x43\x00",
    "animation.gif": b"GIF89a\x01\x00\x01\x00",
    "photo.webp": b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    "photo.avif": avif(1200, 800),
    "diagram.svg": b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>',
    "checklist.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
    "checklist.txt": "Référez avec son accord.\n".encode(),
    "contacts.csv": b"service,phone\nhelpline,0800 000 000\n",
    "letter.docx": ooxml("word/document.xml"),
    "plan.xlsx": ooxml("xl/workbook.xml"),
    "slides.pptx": ooxml("ppt/presentation.xml"),
    "letter.odt": odf("text"),
    "plan.ods": odf("spreadsheet"),
    "slides.odp": odf("presentation"),
}


@pytest.mark.parametrize("name", GENUINE)
def test_every_allowed_type_is_published(name):
    assert media_problem(name, GENUINE[name]) is None


def test_the_allowed_types_are_images_and_handouts_only():
    assert set(MEDIA_TYPES) == {"." + name.rsplit(".", 1)[1].lower() for name in GENUINE}
    assert not {kind.content_type for kind in MEDIA_TYPES.values()} & {"text/html", "text/javascript", "image/x-icon"}


@pytest.mark.parametrize("name", ["page.html", "page.HTM", "evil.js", "evil.mjs", "styles.css", "interview.mp3"])
def test_web_pages_scripts_and_other_types_are_refused(name):
    assert media_problem(name, HTML) == (
        f"`.{name.rsplit('.', 1)[1]}` files cannot be published: media/ holds only images and handouts",
        f"{ALLOWED_HINT} Save a web page as PDF; keep other files outside the course folder.",
    )


def test_a_file_without_an_extension_is_refused():
    message, hint = media_problem("NOTES", b"Notes.\n")
    assert message == "This file has no extension, so its type is unknown and it cannot be published"
    assert hint.endswith(ALLOWED_HINT)


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("photo.png", "a PNG image"),
        ("photo.jpg", "a JPEG image"),
        ("photo.gif", "a GIF image"),
        ("photo.webp", "a WebP image"),
        ("photo.avif", "an AVIF image"),
        ("diagram.svg", "an SVG image"),
        ("checklist.pdf", "a PDF document"),
        ("letter.docx", "a Word document"),
        ("letter.odt", "an OpenDocument text document"),
    ],
)
def test_html_disguised_as_an_allowed_type_is_refused(name, label):
    message, hint = media_problem(name, HTML)
    assert message == f"The name ends in `.{name.rsplit('.', 1)[1]}` but the file is not {label}"
    assert hint.startswith(f"Save or export it again as {label}, or give it the extension of its real type.")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.png", GENUINE["checklist.pdf"]),
        ("checklist.txt", GENUINE["photo.png"]),  # binary is not text
        ("letter.docx", GENUINE["letter.odt"]),  # a zip, but not Office Open XML
        ("letter.odt", GENUINE["plan.ods"]),  # an OpenDocument of another kind
        ("plan.xlsx", b"PK\x03\x04" + b"\x00" * 200),  # broken archive
    ],
)
def test_one_allowed_type_named_as_another_is_refused(name, data):
    assert media_problem(name, data)[0].startswith(f"The name ends in `.{name.rsplit('.', 1)[1]}`")


def test_an_avif_image_has_the_size_of_its_picture_not_of_its_thumbnail():
    assert image_size(avif(1200, 800)) == (1200, 800)
