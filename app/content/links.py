"""Relative links and images: check they point at course files, rewrite them, size images."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from markdown_it.token import Token

from app.content.markdown import RenderContext

SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}


def resolve_links(tokens: list[Token], ctx: RenderContext) -> None:
    """Rewrite every link and image in place, reporting broken ones to `ctx.diagnostics`."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        line = token.map[0] + 1 if token.map else None
        for child in token.children:
            if child.type == "link_open":
                href = child.attrGet("href")
                if isinstance(href, str):
                    child.attrSet("href", _link_target(href, line, ctx))
            elif child.type == "image":
                _image(child, line, ctx)


def _split(url: str) -> tuple[str, str]:
    for mark in ("#", "?"):
        if mark in url:
            at = url.index(mark)
            return url[:at], url[at:]
    return url, ""


def _course_path(url: str) -> str | None:
    """The course-relative path a relative URL names, or None when it leaves the course."""
    path = posixpath.normpath(unquote(url).replace("\\", "/"))
    if path.startswith("../") or path == ".." or path.startswith("/"):
        return None
    return path


def _missing(ctx: RenderContext, line: int | None, path: str, what: str) -> None:
    near = [p for p in (*ctx.media, *ctx.lesson_files) if p.lower() == path.lower()]
    if near:
        hint = f"File names are case-sensitive: did you mean {near[0]}?"
    elif path.endswith(".md"):
        hint = f"Link to a lesson file of this course: {', '.join(sorted(ctx.lesson_files)) or 'there are none yet'}."
    else:
        hint = "Put the file in the course's media/ folder and link it as media/<name>."
    ctx.diagnostics.error(ctx.display_path, line, f"{what} `{path}` does not exist", hint)


def _link_target(href: str, line: int | None, ctx: RenderContext) -> str:
    if not href or href.startswith(("#", "/")) or SCHEME_RE.match(href):
        return href  # anchors, site paths and full addresses stay as written
    url, suffix = _split(href)
    path = _course_path(url)
    if path is None:
        ctx.diagnostics.error(
            ctx.display_path,
            line,
            f"The link `{href}` points outside the course folder",
            "Copy the file into this course's media/ folder and link it from there.",
        )
        return href
    if path in ctx.lesson_files:
        return ctx.lesson_url(ctx.lesson_files[path]) + suffix
    if path in ctx.media:
        return ctx.media_url(path) + suffix
    if path.startswith("media/") or "." in posixpath.basename(path):
        _missing(ctx, line, path, "The linked file")
    else:
        ctx.diagnostics.error(
            ctx.display_path,
            line,
            f"The link `{href}` does not point to a file of this course",
            "Link to a lesson file (02-next.md), a file in media/, or a full https:// address.",
        )
    return href


def _image(image: Token, line: int | None, ctx: RenderContext) -> None:
    src = str(image.attrGet("src") or "")
    if not image.content.strip():
        ctx.diagnostics.error(
            ctx.display_path,
            line,
            f"The image `{src}` has no alt text",
            "Describe the image between the brackets: ![What the image shows](media/x.png).",
        )
    image.attrSet("alt", image.content)
    image.attrSet("loading", "lazy")
    image.attrSet("decoding", "async")
    if SCHEME_RE.match(src) or src.startswith("//"):
        # Loading from elsewhere would tell a third party who reads a GBV course.
        ctx.diagnostics.error(
            ctx.display_path,
            line,
            f"The image `{src}` is loaded from another website",
            "Download it (if its licence allows) into media/ and link it as media/<name>.",
        )
        return
    path = _course_path(_split(src)[0])
    if path is None or not path.startswith("media/"):
        ctx.diagnostics.error(
            ctx.display_path,
            line,
            f"The image `{src}` is not in the course's media/ folder",
            "Put images in media/ and link them as media/<name>.",
        )
        return
    media = ctx.media.get(path)
    if media is None:
        _missing(ctx, line, path, "The image")
        return
    if posixpath.splitext(path)[1].lower() not in IMAGE_TYPES:
        ctx.diagnostics.error(
            ctx.display_path,
            line,
            f"`{path}` is not an image browsers can show",
            "Use PNG, JPEG, GIF, WebP or SVG; link other files as ordinary links.",
        )
    image.attrSet("src", ctx.media_url(path))
    _set_size(image, media.size)


def _set_size(image: Token, size: tuple[int, int] | None) -> None:
    # Width and height let the browser reserve space, so text does not jump while
    # images load on slow connections. An author's {width=...} wins; height follows.
    if size is None:
        return
    width, height = size
    wanted = str(image.attrGet("width") or "")
    if wanted.isdigit() and int(wanted) > 0:
        height = max(1, round(height * int(wanted) / width))
        width = int(wanted)
    image.attrSet("width", str(width))
    image.attrSet("height", str(height))
