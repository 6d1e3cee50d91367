"""Width and height of PNG, GIF, JPEG, WebP, AVIF and SVG files from their headers, without Pillow."""

from __future__ import annotations

import re
import struct

HEADER_BYTES = 256 * 1024  # JPEG size markers can follow large EXIF blocks


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) in pixels, or None when the format or file is not understood."""
    try:
        if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
            return _positive(*struct.unpack(">II", data[16:24]))
        if data[:6] in (b"GIF87a", b"GIF89a"):
            return _positive(*struct.unpack("<HH", data[6:10]))
        if data.startswith(b"\xff\xd8"):
            return _jpeg_size(data)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return _webp_size(data)
        if data[4:8] == b"ftyp":
            return _avif_size(data)
        if b"<svg" in data[:4096]:
            return _svg_size(data[:8192].decode("utf-8", "replace"))
    except (struct.error, IndexError, ValueError):
        return None
    return None


def _positive(width: int, height: int) -> tuple[int, int] | None:
    return (width, height) if width > 0 and height > 0 else None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    pos = 2
    while pos + 9 < len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        # SOF0..SOF15 carry the size, except DHT (C4), JPG (C8) and DAC (CC).
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return _positive(width, height)
        pos += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return _positive(width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L":
        bits = struct.unpack("<I", data[21:25])[0]
        return _positive((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return _positive(width, height)
    return None


def _avif_size(data: bytes) -> tuple[int, int] | None:
    # Every image item has an `ispe` box (size, type, version and flags, width, height) in
    # the `meta` box, which comes before the pixel data; thumbnails and grid tiles are
    # smaller than the picture, so the largest one is the picture.
    start = data.find(b"meta")
    if start < 4:
        return None
    meta = data[start : start - 4 + int.from_bytes(data[start - 4 : start], "big")]
    sizes, pos = [], meta.find(b"ispe")
    while pos >= 0:
        sizes.append(struct.unpack(">II", meta[pos + 8 : pos + 16]))
        pos = meta.find(b"ispe", pos + 4)
    return _positive(*max(sizes, key=lambda size: size[0] * size[1])) if sizes else None


SVG_TAG_RE = re.compile(r"<svg\b[^>]*>", re.S)
LENGTH_RE = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


def _svg_attr(tag: str, name: str) -> str | None:
    match = re.search(rf"\s{name}\s*=\s*([\"'])(.*?)\1", tag, re.S)
    return match.group(2) if match else None


def _svg_size(text: str) -> tuple[int, int] | None:
    tag = SVG_TAG_RE.search(text)
    if not tag:
        return None
    width, height = (LENGTH_RE.match(_svg_attr(tag.group(0), n) or "") for n in ("width", "height"))
    if width and height:
        return _positive(round(float(width.group(1))), round(float(height.group(1))))
    view_box = (_svg_attr(tag.group(0), "viewBox") or "").replace(",", " ").split()
    if len(view_box) == 4:
        return _positive(round(float(view_box[2])), round(float(view_box[3])))
    return None
