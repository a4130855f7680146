"""A small aligned table as one rich Text: fast to render, CJK-aware widths, styled cells.

rich's Table measures and wraps every cell on every print; a report's tables are small and
known in advance, so a plain layout is enough and several times faster at start-up.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

GAP = "  "


def _split(cell) -> tuple[str, str | None]:
    return cell if isinstance(cell, tuple) else (cell, None)


def render(title: str | None, columns: list[tuple[str, str]], rows: list, rules: tuple = ()) -> Text:
    """``columns``: (header, "left"|"right"); a header may hold "\\n" for two lines.
    ``rows``: lists of cells, a cell being text or (text, style). ``rules``: row indices that
    get a horizontal rule above them."""
    headers = [header.split("\n") for header, _ in columns]
    depth = max(len(h) for h in headers)
    headers = [[""] * (depth - len(h)) + h for h in headers]
    widths = [max([cell_len(line) for line in h] + [cell_len(_split(row[i])[0]) for row in rows])
              for i, h in enumerate(headers)]

    def pad(text: str, width: int, align: str) -> str:
        space = " " * (width - cell_len(text))
        return space + text if align == "right" else text + space

    out = Text()
    if title:
        out.append(title + "\n", style="bold")
    for level in range(depth):
        line = GAP.join(pad(h[level], w, a) for h, w, (_, a) in zip(headers, widths, columns))
        out.append(line.rstrip() + "\n", style="bold")
    rule = "─" * (sum(widths) + len(GAP) * (len(widths) - 1)) + "\n"
    out.append(rule, style="dim")
    for index, row in enumerate(rows):
        if index in rules:
            out.append(rule, style="dim")
        for i, (cell, width, (_, align)) in enumerate(zip(row, widths, columns)):
            text, style = _split(cell)
            if i:
                out.append(GAP)
            last = i == len(columns) - 1
            out.append(text if last and align == "left" else pad(text, width, align), style=style)
        out.append("\n")
    out.rstrip()
    return out
