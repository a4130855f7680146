"""Small terminal charts of monthly net margin, as (text, style) segments per line, with a y axis
of percents and an x axis of month numbers, fitted to a width."""

from __future__ import annotations

from rich.cells import cell_len

from advisor.output.numbers import percent

CHART_HEIGHT = 11
MARKS = {"platform_ads": "×", "tuned_ads": "+", "private_pool": "○", "best_mix": "●"}
STYLES = {"platform_ads": "red", "tuned_ads": "yellow", "private_pool": "cyan", "best_mix": "green"}
BAND = "░"
LABEL_WIDTH = 9
"""The y axis: a percent right-aligned in 7 cells (more for margins past -100%), a space and the
axis line."""
MAX_CELLS_PER_MONTH = 2
"""On a wide terminal a month gets two columns; more spreads the marks too thin to read as a line."""
TICK_STEPS = (1, 2, 3, 6, 12, 24, 60)
MAX_TICKS = 6
"""Month labels on the x axis every this many months: the smallest step that gives at most
``MAX_TICKS`` labels after month 1 whose labels do not touch (24 months: 1, 6, 12, 18, 24)."""


def margin_chart(series: dict, height: int = CHART_HEIGHT, width: int = 60, bands: dict | None = None,
                 caption: str = "") -> list:
    """One or more columns a month, one row a margin level; ``series`` maps strategy -> margins.

    ``width``: the cells the chart may take, axis labels included. ``bands`` maps strategy ->
    (low, high) lists, drawn as shaded cells under the marks (a P10-P90 band around the P50
    line). Later series are drawn over earlier ones. ``caption`` names the x axis ("month").
    """
    bands = bands or {}
    values = [v for points in series.values() for v in points if v is not None]
    values += [v for low, high in bands.values() for v in (*low, *high) if v is not None]
    if not values:
        return []
    low_all, high_all = min(values), max(values)
    if high_all - low_all < 1e-9:
        low_all, high_all = low_all - 0.01, high_all + 0.01
    months = len(next(iter(series.values())))
    levels = [high_all - (high_all - low_all) * i / (height - 1) for i in range(height)]
    label_width = max(LABEL_WIDTH, *(cell_len(percent(level)) + 2 for level in levels))
    room = max(1, width - label_width - 2)  # 2 cells for the last x label to stick out
    stride = max(1, -(-months // room))
    shown = list(range(0, months, stride))
    cells = max(1, min(MAX_CELLS_PER_MONTH, room // len(shown)))
    grid = [[(" ", "")] * (len(shown) * cells) for _ in range(height)]

    def row_of(value):
        return round((high_all - value) / (high_all - low_all) * (height - 1))

    for name, (low, high) in bands.items():
        for col, month in enumerate(shown):
            if low[month] is None or high[month] is None:
                continue
            for row in range(row_of(high[month]), row_of(low[month]) + 1):
                for k in range(cells):
                    grid[row][col * cells + k] = (BAND, STYLES[name])
    for name, points in series.items():
        for col, month in enumerate(shown):
            if points[month] is not None:  # no margin where revenue vanished
                grid[row_of(points[month])][col * cells] = (MARKS[name], STYLES[name])
    lines = []
    for i, marks in enumerate(grid):
        label = percent(levels[i]).rjust(label_width - 2) + " ┤" if i % 2 == 0 else " " * (label_width - 1) + "│"
        lines.append([(label, "dim"), *marks])
    return lines + _x_axis(shown, cells, stride, caption, label_width)


def _x_axis(shown: list[int], cells: int, stride: int, caption: str, label_width: int) -> list:
    """The axis line with ticks and the month numbers under them (month 1 and every step)."""
    span = len(shown) * cells
    last = shown[-1] + 1

    def column(month: int) -> int:
        return (month - 1) // stride * cells

    step = next((s for s in TICK_STEPS if s * cells // stride > len(str(last)) and last // s <= MAX_TICKS),
                TICK_STEPS[-1])
    ticks: list[int] = []
    for month in [1, *range(step, last + 1, step), last]:
        if not ticks or column(month) > column(ticks[-1]) + len(str(ticks[-1])):
            ticks.append(month)
    axis = ["─"] * span
    labels = [" "] * (span + len(str(last)))
    for month in ticks:
        col = column(month)
        axis[col] = "┬"
        for k, char in enumerate(str(month)):
            labels[col + k] = char
    pad = label_width - 1 - cell_len(caption)
    caption_cell = " " * pad + caption + " " if pad >= 0 else caption + " "
    return [[(" " * (label_width - 1) + "└", "dim"), ("".join(axis), "dim")],
            [(caption_cell, "dim"), ("".join(labels).rstrip(), "dim")]]
