"""A small aligned table as one rich Text: fast to render, CJK-aware widths, styled cells, and
fitted to the terminal's width without ever cropping a cell.

rich's Table measures and wraps every cell on every print; a report's tables are small and
known in advance, so a plain layout is enough and several times faster at start-up.

A table wider than the terminal is fitted in steps, each tried only when the one before is not
enough: drop the columns the caller marks as least useful, wrap the first (label) column, split
the other columns into panels that each repeat the label column (as a wide spreadsheet is
printed on several pages), and last, stack each row as "header value" pairs.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from advisor.output import wrap

GAP = "  "
MIN_LABEL = 12
"""The first column is wrapped down to this many cells at most; narrower labels read badly."""


def _split(cell) -> tuple[str, str | None]:
    return cell if isinstance(cell, tuple) else (cell, None)


def _cell_width(cell) -> int:
    return max(cell_len(line) for line in _split(cell)[0].split("\n"))


def _widths(columns, rows) -> list[int]:
    headers = [header.split("\n") for header, _ in columns]
    return [max([cell_len(line) for line in h] + [_cell_width(row[i]) for row in rows])
            for i, h in enumerate(headers)]


def width_of(columns: list[tuple[str, str]], rows: list) -> int:
    """The cells the table needs on one line, laid out without fitting."""
    return sum(_widths(columns, rows)) + len(GAP) * (len(columns) - 1)


def _pick(columns, rows, keep):
    return [columns[i] for i in keep], [[row[i] for i in keep] for row in rows]


def _title(title: str | None, width: int | None) -> str | None:
    if title is None or width is None:
        return title
    return "\n".join(wrap.lines(title, width))


def render(title: str | None, columns: list[tuple[str, str]], rows: list, rules: tuple = (),
           width: int | None = None, drop: tuple = (), panels: int = 0) -> Text:
    """``columns``: (header, "left"|"right"); a header may hold "\\n" for two lines.
    ``rows``: lists of cells, a cell being text or (text, style); text may hold "\\n".
    ``rules``: row indices that get a horizontal rule above them.

    ``width``: the terminal's width; the table is fitted to it (see the module's docstring).
    ``drop``: column indices (or tuples of them, one step each) to drop first, least useful
    first. ``panels``: how many leading columns each panel repeats (0: no panels)."""
    if width is None:
        return _layout(title, columns, rows, rules)
    keep = list(range(len(columns)))
    steps: list = [()] + [step if isinstance(step, tuple) else (step,) for step in drop]
    for step in steps:
        keep = [i for i in keep if i not in step]
        chosen, trimmed = _pick(columns, rows, keep)
        if width_of(chosen, trimmed) <= width:
            return _layout(_title(title, width), chosen, trimmed, rules)
    wrapped = _wrap_first(chosen, trimmed, width)
    if wrapped is not None:
        return _layout(_title(title, width), chosen, wrapped, rules)
    if panels and len(chosen) > panels + 1:
        split = _panels(chosen, trimmed, width, panels)
        narrow = _wrap_words(trimmed)  # "Total profit" over two lines can save a panel
        split_narrow = None if narrow is None else _panels(chosen, narrow, width, panels)
        if split_narrow is not None and (split is None or len(split_narrow) < len(split)):
            split, trimmed = split_narrow, narrow
        if split is not None:
            out = Text()
            for n, keep_panel in enumerate(split):
                if n:
                    out.append("\n\n")
                cols, cells = _pick(chosen, trimmed, keep_panel)
                # rows with nothing in this panel but their label are left out of it
                kept = [i for i, row in enumerate(cells) if any(_split(c)[0].strip() for c in row[panels:])]
                moved = tuple(next(k for k, i in enumerate(kept) if i >= r) for r in rules if kept and kept[-1] >= r)
                out.append_text(_layout(_title(title, width) if n == 0 else None, cols, [cells[i] for i in kept],
                                        moved))
            return out
    # narrowest: the columns the caller would drop first stay dropped, the rest is stacked
    first = steps[1] if len(steps) > 1 else ()
    chosen, trimmed = _pick(columns, rows, [i for i in range(len(columns)) if i not in first])
    return stacked(_title(title, width), chosen, trimmed, width)


def _wrap_first(columns, rows, width) -> list | None:
    """The rows with the first column's text wrapped so the table fits, or None if it cannot."""
    if columns[0][1] != "left" or len(columns) < 2:
        return None
    rest = sum(_widths(columns, rows)[1:]) + len(GAP) * (len(columns) - 1)
    room = width - rest
    if room < MIN_LABEL or any(cell_len(line) > room for line in columns[0][0].split("\n")):
        return None
    out = []
    for row in rows:
        text, style = _split(row[0])
        folded = "\n".join(wrap.lines(text, room))
        if any(cell_len(line) > room for line in folded.split("\n")):
            return None
        out.append([(folded, style) if style else folded, *row[1:]])
    return out


WRAPPED_LABEL_LINES = 2
"""A label may take two lines to save a panel; more reads as a column of single words."""


def _wrap_words(rows) -> list | None:
    """The rows with the first column's text as narrow as its longest word (a run of CJK
    characters counts as one word), or None when a label would take more than two lines."""
    room = max(cell_len(word) for row in rows for word in _split(row[0])[0].split())
    out = []
    for row in rows:
        text, style = _split(row[0])
        folded = "\n".join(wrap.lines(text, room)) if cell_len(text) > room and " " in text else text
        if folded.count("\n") >= WRAPPED_LABEL_LINES:
            return None
        out.append([(folded, style) if style else folded, *row[1:]])
    return out


def _panels(columns, rows, width, repeat) -> list[list[int]] | None:
    """Column indices of each panel: the first ``repeat`` columns, then a run of the others. As
    few panels as fit, the columns spread evenly over them (then the widest as narrow as can be)."""
    from itertools import combinations

    widths = _widths(columns, rows)
    base = sum(widths[:repeat]) + len(GAP) * (repeat - 1)
    body = list(range(repeat, len(columns)))
    if any(base + len(GAP) + widths[i] > width for i in body):
        return None

    def span(run) -> int:
        return base + sum(len(GAP) + widths[i] for i in run)

    for count in range(1, len(body) + 1):
        best = None
        for cuts in combinations(range(1, len(body)), count - 1):
            runs = [body[a:b] for a, b in zip((0, *cuts), (*cuts, len(body)))]
            widest = max(span(run) for run in runs)
            score = (max(len(run) for run in runs), widest)
            if widest <= width and (best is None or score < best[0]):
                best = (score, runs)
        if best is not None:
            return [list(range(repeat)) + run for run in best[1]]
    return None


def _layout(title: str | None, columns: list[tuple[str, str]], rows: list, rules: tuple = ()) -> Text:
    headers = [header.split("\n") for header, _ in columns]
    depth = max(len(h) for h in headers)
    headers = [[""] * (depth - len(h)) + h for h in headers]
    widths = _widths(columns, rows)

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
        cells = [_split(cell) for cell in row]
        parts = [text.split("\n") for text, _ in cells]
        for level in range(max(len(p) for p in parts)):
            segments = []
            for i, ((_, style), part, width, (_, align)) in enumerate(zip(cells, parts, widths, columns)):
                text = part[level] if level < len(part) else ""
                last = i == len(columns) - 1
                segments.append(((GAP if i else "") + (text if last and align == "left" else pad(text, width, align)),
                                 style))
            while segments and not segments[-1][0].strip():  # no trailing blanks
                segments.pop()
            if segments:
                segments[-1] = (segments[-1][0].rstrip(), segments[-1][1])
            for text, style in segments:
                out.append(text, style=style)
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
        for label_line in wrap.lines(" ".join(first.split("\n")), width):
            out.append(label_line + "\n", style=style or "bold")
        line = Text("  ")
        for label, cell in zip(labels[1:], row[1:]):
            text, style = _split(cell)
            text = " ".join(text.split("\n"))
            if not text.strip():
                continue
            pair = f"{label} {text}" if label else text
            if cell_len(line.plain) + cell_len(pair) + 3 > width and line.plain.strip():
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
