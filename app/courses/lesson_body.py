"""Split a stored lesson's HTML at its knowledge-check and reflection placeholders.

The renderer (app/content/renderer.py) leaves `<div class="knowledge-check"
data-check-id="...">` and `<div class="reflection" data-reflect-id="...">` where a block
was written. The page puts each form exactly there, so the reading order for a screen
reader is the order the trainer wrote.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

PLACEHOLDER_RE = re.compile(r'<div\b[^>]*\bdata-(check|reflect)-id="([^"]*)"[^>]*>\s*</div>\n?')
HTML, CHECK, REFLECTION = "html", "check", "reflection"


@dataclass(frozen=True)
class Segment:
    kind: str  # HTML, CHECK or REFLECTION
    value: str  # the HTML, or the check or reflection id


def segments(body_html: str, check_ids: list[str], reflection_ids: list[str]) -> list[Segment]:
    """The body as HTML pieces and form slots, in order.

    A check or reflection whose placeholder is missing goes at the end rather than vanish;
    a placeholder naming nothing known is dropped.
    """
    known = {CHECK: set(check_ids), REFLECTION: set(reflection_ids)}
    placed: dict[str, set[str]] = {CHECK: set(), REFLECTION: set()}
    pieces: list[Segment] = []
    position = 0
    for match in PLACEHOLDER_RE.finditer(body_html):
        if match.start() > position:
            pieces.append(Segment(HTML, body_html[position : match.start()]))
        kind = CHECK if match.group(1) == "check" else REFLECTION
        block_id = html.unescape(match.group(2))
        if block_id in known[kind] and block_id not in placed[kind]:
            pieces.append(Segment(kind, block_id))
            placed[kind].add(block_id)
        position = match.end()
    if position < len(body_html):
        pieces.append(Segment(HTML, body_html[position:]))
    pieces += [Segment(CHECK, i) for i in check_ids if i not in placed[CHECK]]
    pieces += [Segment(REFLECTION, i) for i in reflection_ids if i not in placed[REFLECTION]]
    return pieces
