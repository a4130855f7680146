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


def _widths(columns, rows) -> list[int]:
    headers = [header.split("\n") for header, _ in columns]
    return [max([cell_len(line) for line in h] + [cell_len(_split(row[i])[0]) for row in rows])
            for i, h in enumerate(headers)]


def render(title: str | None, columns: list[tuple[str, str]], rows: list, rules: tuple = (),
           width: int | None = None, drop: tuple = ()) -> Text:
    """``columns``: (header, "left"|"right"); a header may hold "\\n" for two lines.
    ``rows``: lists of cells, a cell being text or (text, style). ``rules``: row indices that
    get a horizontal rule above them.

    ``width``: the terminal's width. A table wider than it first loses the columns listed in
    ``drop`` (an index or a tuple of indices a step, least useful first); if it is still too
    wide, the rows are stacked with every column but the first dropped: each row's first cell on
    a line, then the others as "header value" pairs, wrapped to the width -- never cropped."""
    if width is not None:
        keep = list(range(len(columns)))
        for step in (None, *drop):
            for index in () if step is None else (step if isinstance(step, tuple) else (step,)):
                keep.remove(index)
            chosen = [columns[i] for i in keep]
            trimmed = [[row[i] for i in keep] for row in rows]
            needed = sum(_widths(chosen, trimmed)) + len(GAP) * (len(keep) - 1)
            if needed <= width:
                return render(title, chosen, trimmed, rules)
        first = drop[0] if drop else ()
        keep = [i for i in range(len(columns)) if i not in (first if isinstance(first, tuple) else (first,))]
        return stacked(title, [columns[i] for i in keep], [[row[i] for i in keep] for row in rows], width)
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


def stacked(title: str | None, columns: list[tuple[str, str]], rows: list, width: int) -> Text:
    """The table for a narrow terminal: each row's first cell on a line of its own, then the
    other cells as "header value" pairs, as many to a line as fit."""
    out = Text()
    if title:
        out.append(title + "\n", style="bold")
    labels = [" ".join(header.split()) for header, _ in columns]
    for row in rows:
        first, style = _split(row[0])
        out.append(first + "\n", style=style or "bold")
        line = Text("  ")
        for label, cell in zip(labels[1:], row[1:]):
            text, style = _split(cell)
            if not text.strip():
                continue
            pair = f"{label} {text}" if label else text
            if cell_len(line.plain) + cell_len(pair) + 2 > width and line.plain.strip():
                out.append_text(line)
                out.append("\n")
                line = Text("  ")
            line.append(("   " if line.plain.strip() else "") + (f"{label} " if label else ""), style="dim")
            line.append(text, style=style)
        if line.plain.strip():
            out.append_text(line)
            out.append("\n")
    out.rstrip()
    return out
