"""Reading certificate PDFs back with Debian's poppler-utils, pypdf and fontTools."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "test-output" / "certificates"
NOTO = Path("/usr/share/fonts/truetype/noto")
BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing: install poppler-utils (make system-deps)"
    return path


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The text pdftotext reads off the PDF (layout order), without bidi control marks."""
    source = tmp_path / "certificate.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603 - poppler on a file we wrote
        [_tool("pdftotext"), "-enc", "UTF-8", str(source), "-"], capture_output=True, check=True
    )
    return result.stdout.decode().translate(BIDI_MARKS)


def word_positions(pdf: bytes, tmp_path: Path) -> dict[str, list[tuple[float, float]]]:
    """Where each word is on the page: (left edge, top edge) of every occurrence, from pdftotext -bbox."""
    source = tmp_path / "words.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603
        [_tool("pdftotext"), "-bbox", "-enc", "UTF-8", str(source), "-"], capture_output=True, check=True
    )
    positions: dict[str, list[tuple[float, float]]] = {}
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>'
    for x_min, y_min, word in re.findall(pattern, result.stdout.decode()):
        positions.setdefault(html.unescape(word).translate(BIDI_MARKS), []).append((float(x_min), float(y_min)))
    return positions


def pdf_fonts(pdf: bytes, tmp_path: Path) -> list[dict]:
    """pdffonts' table: one dict per font with its name and whether it is embedded."""
    source = tmp_path / "fonts.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603
        [_tool("pdffonts"), str(source)], capture_output=True, check=True, text=True
    )
    rows = []
    for line in result.stdout.splitlines()[2:]:
        columns = line.split()
        # name type... encoding emb sub uni object-id generation
        rows.append({"name": columns[0], "emb": columns[-5], "sub": columns[-4]})
    return rows


def save_pages_as_png(pdf: bytes, name: str) -> list[Path]:
    """Each page as test-output/certificates/<name>-<n>.png, for a person to look at."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    source = OUTPUT / f"{name}.pdf"
    source.write_bytes(pdf)
    for old in OUTPUT.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(  # noqa: S603
        [_tool("pdftoppm"), "-r", "110", "-png", str(source), str(OUTPUT / name)], check=True
    )
    return sorted(OUTPUT.glob(f"{name}-*.png"))


def arabic_glyph_forms(pdf: bytes) -> set[str]:
    """Which contextual forms (initial, medial, final, isolated) the Arabic text is drawn with.

    Joined Arabic is drawn with the font's positional glyphs; without shaping every letter
    would be its isolated (nominal) glyph. WeasyPrint keeps the fonts' glyph ids, so the ids
    in the page's text operators name glyphs of the installed Noto fonts.
    """
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    fonts = {name: str(ref.get_object()["/BaseFont"]) for name, ref in page["/Resources"]["/Font"].items()}
    content = page.get_contents().get_data().decode("latin-1")
    forms: set[str] = set()
    current = None
    for match in re.finditer(r"/(\w+) [\d.]+ Tf|\[(.*?)\] TJ", content, re.S):
        if match.group(1):
            current = fonts["/" + match.group(1)]
            continue
        if "Arabic" not in current:
            continue
        order = _glyph_order(current)
        for hex_string in re.findall(r"<([0-9a-f]+)>", match.group(2)):
            for start in range(0, len(hex_string), 4):
                forms.add(_form(order[int(hex_string[start : start + 4], 16)]))
    return forms - {""}


def _glyph_order(base_font: str) -> list[str]:
    style = "Bold" if base_font.endswith("Bold") else "Regular"
    return TTFont(NOTO / f"NotoSansArabic-{style}.ttf").getGlyphOrder()


def _form(glyph_name: str) -> str:
    """'initial', 'medial', 'final' or 'isolated' for a presentation-form glyph (uniFExx), '' otherwise."""
    match = re.fullmatch(r"uni(F[BCDE][0-9A-F]{2})", glyph_name)
    if not match:
        return ""
    tag = unicodedata.decomposition(chr(int(match.group(1), 16))).split(" ")[0]
    return tag.strip("<>") if tag.startswith("<") else ""
