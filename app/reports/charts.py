"""Charts drawn on the server as SVG: no JavaScript, nothing loaded from elsewhere, printable.

Each chart is an image with a title and a short description (role="img", aria-labelledby);
the numbers themselves are in the data table the template puts beside it, which is what
screen readers and keyboard users read. Colours come from CSS classes (the CSP forbids
inline styles) and every series also differs in lightness, so the chart reads in grey.
Right-to-left pages get mirrored charts: bars grow from the right.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
LABEL_WIDTH = 200
VALUE_WIDTH = 150
BAR_HEIGHT = 20
ROW_HEIGHT = 30
LABEL_CHARACTERS = 26


@dataclass(frozen=True)
class Segment:
    css_class: str  # chart-completed, chart-in-progress, chart-not-started, chart-bar
    value: int


@dataclass(frozen=True)
class Bar:
    label: str
    segments: tuple[Segment, ...]  # empty when the numbers are hidden (small groups)
    note: str  # shown at the end of the bar, e.g. "45 of 120" or "fewer than 5"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


def _open_svg(chart_id: str, title: str, description: str, height: int, width: int = WIDTH) -> list[str]:
    return [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        'xmlns="http://www.w3.org/2000/svg" focusable="false">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]


def bar_chart(chart_id: str, title: str, description: str, bars: list[Bar], *, rtl: bool = False) -> Markup:
    """Horizontal bars, one per group, each split into segments (stacked) on a shared scale."""
    height = max(len(bars), 1) * ROW_HEIGHT + 10
    scale_max = max((sum(s.value for s in bar.segments) for bar in bars), default=0) or 1
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = _open_svg(chart_id, title, description, height)
    # The SVG is laid out left to right (CSS gives it direction: ltr); right-to-left pages mirror x.
    label_x, label_anchor = (WIDTH - LABEL_WIDTH + 8, "start") if rtl else (LABEL_WIDTH - 8, "end")
    for index, bar in enumerate(bars):
        top = 5 + index * ROW_HEIGHT
        middle = top + BAR_HEIGHT / 2 + 5
        parts.append(
            f'<text class="chart-label" x="{label_x}" y="{middle:.0f}" text-anchor="{label_anchor}">'
            f"{escape(_short(bar.label))}</text>"
        )
        offset = 0.0
        for segment in bar.segments:
            length = plot * segment.value / scale_max
            if length <= 0:
                continue
            x = WIDTH - LABEL_WIDTH - offset - length if rtl else LABEL_WIDTH + offset
            parts.append(
                f'<rect class="{escape(segment.css_class)}" x="{x:.1f}" y="{top}" width="{length:.1f}" '
                f'height="{BAR_HEIGHT}"></rect>'
            )
            offset += length
        note_x = WIDTH - LABEL_WIDTH - offset - 6 if rtl else LABEL_WIDTH + offset + 6
        parts.append(
            f'<text class="chart-note" x="{note_x:.1f}" y="{middle:.0f}" text-anchor="{"end" if rtl else "start"}">'
            f"{escape(bar.note)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every value above went through escape())


def column_chart(
    chart_id: str, title: str, description: str, columns: list[tuple[str, int | None]], *, rtl: bool = False
) -> Markup:
    """Vertical columns over time, oldest first (mirrored on right-to-left pages); None or 0 draws no column."""
    plot_height, top, bottom, step = 160, 24, 36, 28
    width = max(WIDTH, len(columns) * step + 20)
    height = top + plot_height + bottom
    scale_max = max((v for _label, v in columns if v), default=0)
    label_every = 1 if len(columns) <= 24 else -(-len(columns) // 12)
    parts = _open_svg(chart_id, title, description, height, width)
    baseline = top + plot_height
    parts.append(f'<line class="chart-axis" x1="10" y1="{baseline}" x2="{width - 10}" y2="{baseline}"></line>')
    for index, (label, value) in enumerate(columns):
        position = len(columns) - 1 - index if rtl else index
        x = 14 + position * step
        if value and scale_max:
            column_height = plot_height * value / scale_max
            parts.append(
                f'<rect class="chart-bar" x="{x}" y="{baseline - column_height:.1f}" width="{step - 8}" '
                f'height="{column_height:.1f}"></rect>'
            )
        if index % label_every == 0:
            parts.append(
                f'<text class="chart-axis-label" x="{x + (step - 8) / 2:.0f}" y="{baseline + 16}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    if scale_max:
        parts.append(f'<text class="chart-axis-label" x="10" y="{top - 8}">{escape(str(scale_max))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every value above went through escape())
