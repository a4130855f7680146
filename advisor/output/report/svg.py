"""Charts as inline SVG, drawn from the numbers: no script, no fonts or images to fetch. Every
label is a real ``<text>`` element, so the viewer's fonts render Chinese and the text can be
searched, copied and printed sharp.

Each function returns one ``<svg>`` element as a string; colours come from the page's CSS
classes (``s-platform_ads``, ``up``, ``down`` ...) so the print style can adjust them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from advisor.output.safe import html_text as escape

WIDTH = 680
FONT = 12


def _n(value: float) -> str:
    """A coordinate with one decimal (enough for the eye, small in the file)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _text(x: float, y: float, text: str, anchor: str = "start", cls: str = "", size: int = FONT) -> str:
    attrs = f' class="{cls}"' if cls else ""
    size_attr = f' font-size="{size}"' if size != FONT else ""
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{size_attr}{attrs}>{escape(text)}</text>'


def _text_width(text: str, size: int = FONT) -> float:
    """About how wide ``text`` is drawn: CJK characters are a full em, others about 0.6 em."""
    from advisor.output.wrap import is_cjk

    return sum(size if is_cjk(char) else size * 0.6 for char in text)


def axis_percent(value: float) -> str:
    """A percent tick: "5%" rather than "5.0%", "2.5%" where it needs the decimal."""
    from advisor.output.numbers import percent

    text = percent(value, 1)
    return text[:-3] + "%" if text.endswith(".0%") else text


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2 or 5 times a power of ten."""
    if high - low < 1e-12:
        low, high = low - 1, high + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 0.999:
        ticks.append(round(value, 12))
        value += step
    return ticks


def _svg(height: float, body: list[str], label: str, width: int = WIDTH) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {_n(height)}" role="img" '
            f'aria-label="{escape(label)}">' + "".join(body) + "</svg>")


def line_chart(series: list[tuple[str, str, list]], fmt: Callable[[float], str], label: str,
               bands: list[tuple[str, list, list]] | None = None, marker: tuple[int, str] | None = None,
               month_label: str = "", height: int = 260, width: int = WIDTH, on_top: str = "") -> str:
    """Monthly lines. ``series``: (css class, legend text, values per month; None = no point).
    ``bands``: (css class, lows, highs) shaded areas drawn under the lines. ``marker``: (month,
    text), a dashed vertical line (the month the pool pulls ahead). ``fmt`` writes a y value.
    ``on_top``: the css class of a (dashed) line drawn over the others, so a plan that equals
    another stays visible."""
    bands = bands or []
    values = [v for _, _, points in series for v in points if v is not None]
    values += [v for _, lows, highs in bands for v in (*lows, *highs) if v is not None]
    ticks = nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    months = max(len(points) for _, _, points in series)
    left, top = 64, 12
    right = 22 + _text_width(month_label) + 8 if month_label else 12
    per_row = 4 if width >= WIDTH else 2
    legend_rows = math.ceil(len(series) / per_row)
    bottom = height - 34 - 18 * legend_rows
    span = max(1, months - 1)

    def x(month: int) -> float:  # month 1..H
        return left + (width - left - right) * (month - 1) / span

    def y(value: float) -> float:
        return bottom - (bottom - top) * (value - low) / (high - low)

    body = []
    for tick in ticks:
        cls = "zero" if abs(tick) < 1e-12 and low < 0 else "grid"
        body.append(f'<line class="{cls}" x1="{left}" x2="{width - right}" y1="{_n(y(tick))}" y2="{_n(y(tick))}"/>')
        body.append(_text(left - 6, y(tick) + 4, fmt(tick), "end", "axis"))
    most = 12 if width >= WIDTH else 6
    step = next(s for s in (1, 2, 3, 6, 12, 24, 60) if months / s <= most)
    for month in sorted(({1} if step >= 3 or step == 1 else set()) | set(range(step, months + 1, step))):
        body.append(_text(x(month), bottom + 16, str(month), "middle", "axis"))
    if month_label:  # after the last month number, on its line
        body.append(_text(width - 4, bottom + 16, month_label, "end", "axis"))
    for cls, lows, highs in bands:
        upper = [(x(m + 1), y(v)) for m, v in enumerate(highs) if v is not None]
        lower = [(x(m + 1), y(v)) for m, v in enumerate(lows) if v is not None]
        if upper and lower:
            outline = " ".join(f"{_n(a)},{_n(b)}" for a, b in upper + lower[::-1])
            body.append(f'<polygon class="band {cls}" points="{outline}"/>')
    if marker:
        month, text = marker
        body.append(f'<line class="marker" x1="{_n(x(month))}" x2="{_n(x(month))}" y1="{top}" y2="{bottom}"/>')
        anchor = "end" if x(month) > width * 0.7 else "start"
        body.append(_text(x(month) + (-4 if anchor == "end" else 4), top + 12, text, anchor, "marker-text"))
    for cls, _, points in sorted(series, key=lambda line: line[0] == on_top):
        runs: list[list[str]] = [[]]
        for m, v in enumerate(points):
            if v is None:
                runs.append([])
            else:
                runs[-1].append(f"{_n(x(m + 1))},{_n(y(v))}")
        for run in runs:
            if len(run) > 1:
                body.append(f'<polyline class="line {cls}" points="{" ".join(run)}"/>')
            elif run:
                a, b = run[0].split(",")
                body.append(f'<circle class="dot {cls}" cx="{a}" cy="{b}" r="2.5"/>')
    for i, (cls, name, _) in enumerate(series):
        lx = left + (i % per_row) * (width - left) / per_row
        ly = height - 10 - 18 * (legend_rows - 1 - i // per_row)
        body.append(f'<line class="line {cls}" x1="{_n(lx)}" x2="{_n(lx + 18)}" y1="{_n(ly - 4)}" y2="{_n(ly - 4)}"/>')
        body.append(_text(lx + 24, ly, name, "start", "legend"))
    return _svg(height, body, label, width)


def waterfall(steps: list[tuple[str, float, str]], fmt: Callable[[float], str], label: str) -> str:
    """Where the money goes, one row a step: ``steps`` are (label, amount, kind) with kind
    "total" (a bar from zero: revenue, net profit) or "cost" (a bar falling from the running
    total). Each row shows its amount at the bar's end."""
    running, spans = 0.0, []
    for text, amount, kind in steps:
        if kind == "total":
            spans.append((text, 0.0, amount, kind))
            running = amount
        else:
            spans.append((text, running - amount, running, kind))
            running -= amount
    low = min(0.0, *(a for _, a, _, _ in spans))
    high = max(b for _, _, b, _ in spans)
    row, left, right = 24, 190, 110
    height = row * len(spans) + 8

    def x(value: float) -> float:
        return left + (WIDTH - left - right) * (value - low) / ((high - low) or 1)

    body = [f'<line class="zero" x1="{_n(x(0))}" x2="{_n(x(0))}" y1="0" y2="{_n(height)}"/>']
    for i, (text, a, b, kind) in enumerate(spans):
        top = 4 + i * row
        start, end = sorted((x(a), x(b)))
        cls = "total" if kind == "total" and b >= 0 else "loss" if kind == "total" else "cost"
        body.append(f'<rect class="{cls}" x="{_n(start)}" y="{_n(top + 3)}" width="{_n(max(end - start, 1))}" '
                    f'height="{row - 8}"/>')
        body.append(_text(left - 8, top + row / 2 + 2, text, "end"))
        amount = b - a if kind == "total" else -(b - a)
        body.append(_text(end + 6, top + row / 2 + 2, fmt(amount), "start", "value"))
    return _svg(height, body, label)


def tornado(rows: list[tuple[str, str, float, float]], fmt: Callable[[float], str], label: str,
            low_text: str, high_text: str) -> str:
    """Each assumption's swing of the plan's value around the point estimate: ``rows`` are
    (name, tested range, change at the low end, change at the high end), largest first. The
    change at each end is written beside the bar in that end's colour."""
    widest = max((max(abs(lo), abs(hi)) for _, _, lo, hi in rows), default=0) or 1
    row, left, right = 34, 230, 96
    height = row * len(rows) + 52
    mid = left + (WIDTH - left - right) / 2
    half = (WIDTH - left - right) / 2 - 4

    body = [f'<line class="zero" x1="{_n(mid)}" x2="{_n(mid)}" y1="0" y2="{_n(row * len(rows) + 6)}"/>']
    for i, (name, tested, lo, hi) in enumerate(rows):
        top = 4 + i * row
        ends = sorted(((lo, "lowend"), (hi, "highend")), key=lambda end: -abs(end[0]))  # the shorter on top
        for value, cls in ends:
            if abs(value) < 1e-9:
                continue
            length = half * abs(value) / widest
            start = mid if value > 0 else mid - length
            body.append(f'<rect class="{cls}" x="{_n(start)}" y="{_n(top + 5)}" width="{_n(max(length, 1))}" '
                        f'height="{row - 12}"/>')
        body.append(_text(left - 10, top + row / 2 - 1, name, "end"))
        body.append(_text(left - 10, top + row / 2 + 12, tested, "end", "small", 10))
        body.append(_text(WIDTH - right + 8, top + row / 2 - 1, fmt(lo), "start", "value lowtext", 11))
        body.append(_text(WIDTH - right + 8, top + row / 2 + 12, fmt(hi), "start", "value hightext", 11))
    for n, (cls, text) in enumerate((("lowend", low_text), ("highend", high_text))):
        legend_y = row * len(rows) + 24 + 18 * n
        body.append(f'<rect class="{cls}" x="{left}" y="{legend_y - 10}" width="12" height="10"/>')
        body.append(_text(left + 18, legend_y, text, "start", "legend"))
    return _svg(height, body, label)
