"""Rendering: sanitising, callouts, footnotes, anchors, images, links, checks and reflections."""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

from app.content.loader import MediaFile
from app.content.renderer import Heading


def png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + b"IHDR"
        + header
        + struct.pack(">I", zlib.crc32(b"IHDR" + header))
    )


def media(rel: str, size=(400, 200)) -> dict:
    return {rel: MediaFile(Path(rel), rel, "0" * 64, "image/png", 10, size)}


def test_script_event_handlers_and_javascript_links_are_removed(render):
    out = render(
        "<script>steal()</script>\n\n"
        '[click](javascript:alert(1)) [ok](https://example.org){onclick="alert(2)" style="color:red"}\n\n'
        "<img src=x onerror=alert(3)>\n"
    )
    assert "<script" not in out.html and "steal" not in out.html
    assert "onerror" not in out.html and "onclick" not in out.html and "style=" not in out.html
    assert 'href="javascript' not in out.html
    assert '<a href="https://example.org" rel="noopener noreferrer">ok</a>' in out.html
    assert [m.splitlines()[0] for m in out.messages] == [
        "lesson.md:1: warning: Raw HTML is removed when the page is rendered",
        "lesson.md:5: warning: Raw HTML is removed when the page is rendered",
    ]


def test_html_comments_vanish_without_a_warning(render):
    out = render("Text <!-- note for translators -->\n\n<!-- a block comment -->\n")
    assert out.html == "<p>Text </p>\n" and out.messages == []


def test_alerts_become_accessible_callouts_with_a_translatable_title(render):
    out = render("> [!WARNING]\n> Take care.\n", locale="de", callout_title=lambda kind, locale: f"{kind}/{locale}")
    assert out.html == (
        '<div class="callout callout-warning" role="note" data-callout="warning">\n'
        '<p class="callout-title">warning/de</p>\n<p>Take care.</p>\n</div>\n'
    )


def test_callout_titles_default_to_english(render):
    assert '<p class="callout-title">Tip</p>' in render("> [!TIP]\n> Breathe.\n").html


def test_footnotes(render):
    out = render("A claim.[^src]\n\n[^src]: The source.\n")
    assert out.doc.has_footnotes
    assert '<a href="#fn1" id="fnref1"' in out.html and '<li id="fn1" class="footnote-item">' in out.html


def test_heading_anchors_are_unique_and_explicit_ids_win(render):
    out = render("## Safety plan\n\n## Safety plan\n\n### Über uns\n\n## Custom {#mine}\n")
    assert out.doc.headings == [
        Heading(2, "Safety plan", "safety-plan"),
        Heading(2, "Safety plan", "safety-plan-2"),
        Heading(3, "Über uns", "über-uns"),
        Heading(2, "Custom", "mine"),
    ]
    assert '<h2 id="mine">Custom</h2>' in out.html


def test_images_are_lazy_with_dimensions_and_rewritten(render):
    out = render(
        "![Steps](media/steps.png) ![Half](media/steps.png){width=200}\n",
        media=media("media/steps.png"),
        media_url=lambda p: f"/m/abc/{p}",
    )
    assert (
        '<img src="/m/abc/media/steps.png" alt="Steps" loading="lazy" decoding="async" width="400" height="200">'
    ) in out.html
    second = out.html.split("<img")[2]
    assert 'width="200"' in second and 'height="100"' in second  # the author's width wins, height follows
    assert out.messages == []


def test_relative_links_go_through_the_callers_functions(render):
    out = render(
        "[handout](media/steps.png#page=2) [next](02-next.md) [web](https://example.org) [top](#top)\n",
        media=media("media/steps.png"),
        lesson_files={"02-next.md": "next"},
        media_url=lambda p: f"/m/{p}",
        lesson_url=lambda lesson: f"/lessons/{lesson}",
    )
    assert 'href="/m/media/steps.png#page=2"' in out.html
    assert 'href="/lessons/next"' in out.html
    assert 'href="https://example.org"' in out.html and 'href="#top"' in out.html


def test_missing_files_and_alt_text_are_reported_with_lines(render):
    out = render("Intro.\n\n![](media/steps.png)\n\n[gone](media/gone.pdf)\n", media=media("media/steps.png"))
    assert [m.splitlines()[0] for m in out.messages] == [
        "lesson.md:3: error: The image `media/steps.png` has no alt text",
        "lesson.md:5: error: The linked file `media/gone.pdf` does not exist",
    ]


def test_messages_inside_a_paragraph_point_at_their_own_line(render):
    out = render(
        "A paragraph that starts here,\n"
        "goes on <b>with\nraw HTML</b> over two lines,\n"
        "![](media/steps.png) then a hard break  \n"
        "and [a link](gone.pdf), an image ![two\nlines](media/x.gif)\n"
        "and [another](media/nope.pdf).\n\n"
        "> quoted\n> ![](media/steps.png)\n\n"
        "| a | b |\n|---|---|\n| x | ![](media/steps.png) |\n",
        media=media("media/steps.png"),
    )
    assert [m.splitlines()[0] for m in out.messages] == [
        "lesson.md:2: warning: Raw HTML is removed when the page is rendered",
        "lesson.md:3: warning: Raw HTML is removed when the page is rendered",
        "lesson.md:4: error: The image `media/steps.png` has no alt text",
        "lesson.md:5: error: The image `media/x.gif` does not exist",
        "lesson.md:5: error: The linked file `gone.pdf` does not exist",
        "lesson.md:7: error: The linked file `media/nope.pdf` does not exist",
        "lesson.md:10: error: The image `media/steps.png` has no alt text",
        "lesson.md:14: error: The image `media/steps.png` has no alt text",
    ]


def test_checks_and_reflections_become_placeholders(render):
    out = render(
        "## Part\n\n::: check\n## Ready? {#ready}\n\n- [x] Yes\n- [ ] No\n:::\n\n"
        "::: reflect\nWhat helped *you*?\n:::\n\n::: reflect {#own-id}\nAnd now?\n:::\n",
        lesson_id="intro",
    )
    assert out.messages == []
    assert '<div class="knowledge-check" data-check-id="ready"></div>' in out.html
    assert '<div class="reflection" data-reflect-id="intro-reflection-1"></div>' in out.html
    assert [c.id for c in out.doc.checks] == ["ready"]
    assert [(r.id, r.prompt_html) for r in out.doc.reflections] == [
        ("intro-reflection-1", "<p>What helped <em>you</em>?</p>\n"),
        ("own-id", "<p>And now?</p>\n"),
    ]
    assert [h.id for h in out.doc.headings] == ["part"]  # the check's heading is not a section


def test_tables_strikethrough_autolinks_tasklists(render):
    out = render("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n~~old~~ www.example.org\n\n- [x] done\n")
    assert '<th class="align-left">a</th>' in out.html and '<td class="align-right">2</td>' in out.html
    assert "<s>old</s>" in out.html and 'href="http://www.example.org"' in out.html
    assert 'type="checkbox"' in out.html and "checked" in out.html


def test_deep_nesting_is_an_error_not_a_crash(render):
    limit = sys.getrecursionlimit()
    for text in (">" * 10_000 + " deep\n", "- " * 10_000 + "deep\n", "*a " * 3_000 + "x" + " a*" * 3_000):
        out = render(text)
        assert sys.getrecursionlimit() == limit
        if text.startswith(("*",)):
            assert out.messages == []  # inline nesting is bounded by markdown-it itself
        else:
            assert out.messages[0].startswith("lesson.md:1: error: Quotes, lists or ::: blocks are nested too deeply")


def test_image_sizes_from_headers():
    from app.content.imagesize import image_size

    gif = b"GIF89a" + struct.pack("<HH", 30, 20) + b"\x00" * 10
    jpeg = (
        b"\xff\xd8"
        + b"\xff\xe0"
        + struct.pack(">H", 16)
        + b"\x00" * 14
        + b"\xff\xc0"
        + struct.pack(">HBHH", 17, 8, 48, 64)
        + b"\x00" * 10
    )
    webp = b"RIFF\x00\x00\x00\x00WEBPVP8X" + b"\x00" * 8 + (99).to_bytes(3, "little") + (49).to_bytes(3, "little")
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 120"></svg>'
    assert image_size(png(400, 200)) == (400, 200)
    assert image_size(gif) == (30, 20)
    assert image_size(jpeg) == (64, 48)
    assert image_size(webp) == (100, 50)
    assert image_size(svg) == (640, 120)
    assert image_size(b'<svg width="10em" height="2em"></svg>') is None
    assert image_size(b"not an image") is None
    assert image_size(b"\x89PNG\r\n\x1a\n") is None  # truncated
