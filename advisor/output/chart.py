"""Small terminal charts of monthly net margin, as (text, style) segments per line."""

from __future__ import annotations

CHART_HEIGHT = 11
MARKS = {"platform_ads": "×", "tuned_ads": "+", "private_pool": "○", "best_mix": "●"}
STYLES = {"platform_ads": "red", "tuned_ads": "yellow", "private_pool": "cyan", "best_mix": "green"}
BAND = "░"


def margin_chart(series: dict, height: int = CHART_HEIGHT, max_width: int = 60, bands: dict | None = None) -> list:
    """One column a month, one row a margin level; ``series`` maps strategy -> margins.

    ``bands`` maps strategy -> (low, high) lists, drawn as shaded cells under the marks (a
    P10-P90 band around the P50 line). Later series are drawn over earlier ones.
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
    stride = max(1, -(-months // max_width))
    columns = list(range(0, months, stride))
    grid = [[(" ", "")] * len(columns) for _ in range(height)]

    def row_of(value):
        return round((high_all - value) / (high_all - low_all) * (height - 1))

    for name, (low, high) in bands.items():
        for col, month in enumerate(columns):
            if low[month] is None or high[month] is None:
                continue
            for row in range(row_of(high[month]), row_of(low[month]) + 1):
                grid[row][col] = (BAND, STYLES[name])
    for name, points in series.items():
        for col, month in enumerate(columns):
            if points[month] is not None:  # no margin where revenue vanished
                grid[row_of(points[month])][col] = (MARKS[name], STYLES[name])
    lines = []
    for i, cells in enumerate(grid):
        level = high_all - (high_all - low_all) * i / (height - 1)
        label = f"{level * 100:6.1f}% ┤" if i % 2 == 0 else "        │"
        lines.append([(label, "dim"), *cells])
    return lines
