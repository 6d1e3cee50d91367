"""Relative links and images: check they point at course files, rewrite them, size images."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from markdown_it.token import Token

from app.content.loader import classify
from app.content.markdown import RenderContext, child_lines

SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# `../other-course/01-intro.md`, `../other-course/` (course folders are siblings in courses/)
OTHER_COURSE_RE = re.compile(r"^\.\./(?P<course>[^./][^/]*)(?:/(?P<file>.*))?$")
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"}


def resolve_links(tokens: list[Token], ctx: RenderContext) -> None:
    """Rewrite every link and image in place, reporting broken ones to `ctx.diagnostics`."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        for child, line in child_lines(token):
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


def _normalised(url: str) -> str:
    return posixpath.normpath(unquote(url).replace("\\", "/"))


def _course_path(url: str, ctx: RenderContext) -> str | None:
    """The path in this course's folder a relative URL names, or None when it leads out."""
    path = _normalised(url)
    own = f"../{ctx.course_id}/"
    if ctx.course_id and (path + "/").startswith(own):
        path = path[len(own) :] or "."  # out of the folder and back in: ../this-course/02-next.md
    if path.startswith("../") or path == ".." or path.startswith("/"):
        return None
    return path


def _source_pages(ctx: RenderContext) -> list[str]:
    """The course's Markdown files a link may name, without translations: 01-intro.md, quiz.md ..."""
    return sorted(name for name in (*ctx.lesson_files, *ctx.page_files) if name.count(".") == 1)


def _missing(ctx: RenderContext, line: int | None, path: str, what: str) -> None:
    near = [p for p in (*ctx.media, *ctx.lesson_files, *ctx.page_files) if p.lower() == path.lower()]
    if near:
        hint = f"File names are case-sensitive: did you mean {near[0]}?"
    elif path.endswith(".md"):
        hint = f"Link to a file of this course: {', '.join(_source_pages(ctx)) or 'there are none yet'}."
    else:
        hint = "Put the file in the course's media/ folder and link it as media/<name>."
    ctx.diagnostics.error(ctx.display_path, line, f"{what} `{path}` does not exist", hint)


def _link_target(href: str, line: int | None, ctx: RenderContext) -> str:
    if not href or href.startswith(("#", "/")) or SCHEME_RE.match(href):
        return href  # anchors, site paths and full addresses stay as written
    url, suffix = _split(href)
    path = _course_path(url, ctx)
    if path is None:
        other = OTHER_COURSE_RE.match(_normalised(url))
        if other:
            _other_course(href, other.group("course"), other.group("file") or "", line, ctx)
            return href
        ctx.diagnostics.error(
            ctx.display_path,
            line,
            f"The link `{href}` points outside the course folder",
            "Copy the file into this course's media/ folder and link it from there.",
        )
        return href
    if path in ctx.lesson_files:
        return ctx.lesson_url(ctx.lesson_files[path]) + suffix
    if ctx.course_id and (path in ctx.page_files or path == "."):
        return ctx.page_urls.of(ctx.course_id, ctx.page_files.get(path, "course")) + suffix  # "." the folder
    if path in ctx.media:
        return ctx.media_url(path) + suffix
    if path.startswith("media/") or "." in posixpath.basename(path):
        _missing(ctx, line, path, "The linked file")
    else:
        ctx.diagnostics.error(
            ctx.display_path,
            line,
            f"The link `{href}` does not point to a file of this course",
            "Link to a file of this course (02-next.md, quiz.md, course.md, media/handout.pdf) "
            "or give a full https:// address.",
        )
    return href


def _other_course(href: str, course_id: str, file: str, line: int | None, ctx: RenderContext) -> None:
    # Another course is published on its own (and may be retired): link to its pages, never its files.
    page = _page_of(file)
    if page is None:
        hint = "Copy the file into this course's media/ folder and link it as media/<name>."
    else:
        hint = f"Link to its page on the site instead: [text]({ctx.page_urls.of(course_id, *page)})."
    message = f"The link `{href}` points into the folder of another course, `{course_id}`"
    ctx.diagnostics.error(ctx.display_path, line, message, hint)


def _page_of(file: str) -> tuple[str, str | None] | None:
    """("course" | "quiz" | "lesson", lesson id) of a course's Markdown file (or of "" the folder), else None."""
    if file in ("", "."):
        return "course", None
    if "/" in file or not file.endswith(".md"):
        return None
    kind = classify(file)
    if len(kind) == 2:
        return None
    return ("lesson", kind[4]) if kind[0] == "lesson" else (kind[0], None)


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
    path = _course_path(_split(src)[0], ctx)
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
            "Use PNG, JPEG, GIF, WebP, AVIF or SVG; link other files as ordinary links.",
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
