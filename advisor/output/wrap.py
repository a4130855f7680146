"""Line breaking for terminal text in English and Chinese, measured in terminal cells.

rich breaks lines only at spaces. Chinese has no spaces between words, so a Chinese sentence is
one long "word" to rich, which then breaks early at the thin spaces the catalogues put around
numbers ("在当前的 20% 到 69% 之间" ends a half-empty line after "69%"). Here:

- a line may break between any two Chinese characters (as Chinese typesetting does), except
  before closing punctuation (，。）% ...) or after opening punctuation (（《 ...);
- a space between a Chinese character and a figure (a word with a digit: "20%", "¥2,000") is not
  a break: a number stays with the words around it, so a line never starts or ends with a figure
  cut off from its sentence; beside a plain word ("pyproject.toml 的") a space is a break;
- a figure and its unit stay together: no break between a digit and a Chinese character, nor
  inside the first two Chinese characters after a number ("24 个月", "1.2 倍");
- other spaces are breaks (English words, and figures between them, stay whole);
- a single token wider than the line (a long path) is cut by cells, the only case of folding.
"""

from __future__ import annotations

from rich.cells import cell_len

NO_LINE_START = set("，。、；：！？）》」』】〉,.;:!?)%％…")
"""Closing punctuation never starts a line."""
NO_LINE_END = set("（《「『【〈(")
"""Opening punctuation never ends a line."""


def is_cjk(char: str) -> bool:
    """Chinese, Japanese and Korean characters and full-width punctuation (two cells wide)."""
    code = ord(char)
    return (0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
            or 0xFE30 <= code <= 0xFE4F or 0xFF00 <= code <= 0xFFEF)


UNIT_CHARACTERS = 2
"""A figure keeps this many Chinese characters after it on its line: "24 个月", "3 倍", "500 位"
(a measure word and its noun) never break apart, nor from the number."""


def _figure_beside(text: str, i: int, before: str, after: str) -> bool:
    """Is the word on the other side of this space (beside a Chinese character) a figure -- a
    word with a digit ("20%", "¥2,000", "16")? Then the space binds it to the sentence; beside a
    plain word ("pyproject.toml 的") it is an ordinary break."""
    if is_cjk(before) and is_cjk(after):
        return True  # "的 的": keep as it was
    if is_cjk(before):
        end = i + 1
        while end < len(text) and text[end] != " " and not is_cjk(text[end]):
            end += 1
        word = text[i + 1:end]
    else:
        start = i
        while start > 0 and text[start - 1] != " " and not is_cjk(text[start - 1]):
            start -= 1
        word = text[start:i]
    return any(ch.isdigit() for ch in word)


def _in_figure(text: str, i: int) -> bool:
    """Would a break before ``text[i]`` split a number from its unit, or a unit in two?"""
    before, here = text[i - 1], text[i]
    if before.isdigit() or before in "%.":
        return True  # "16个", "¥240.0万"
    if here.isdigit():
        return before not in NO_LINE_START  # "第16" stays whole; after "，" a number may start a line
    start = i - 1
    while start > 0 and is_cjk(text[start - 1]) and text[start - 1] not in NO_LINE_START:
        start -= 1
    lead = start - 1
    if lead >= 0 and text[lead] == " ":
        lead -= 1
    return lead >= 0 and (text[lead].isdigit() or text[lead] == "%") and i - start < UNIT_CHARACTERS


def _breaks(text: str) -> list[tuple[int, int]]:
    """Break opportunities as (end of this line, start of the next) character offsets."""
    found = []
    for i in range(1, len(text)):
        before, here = text[i - 1], text[i]
        if here == " ":
            after = text[i + 1] if i + 1 < len(text) else ""
            beside_chinese = is_cjk(before) or is_cjk(after)
            if before != " " and (not beside_chinese or not _figure_beside(text, i, before, after)):
                end = i
                start = i
                while start < len(text) and text[start] == " ":
                    start += 1
                found.append((end, start))
        elif before != " " and (is_cjk(before) or is_cjk(here)):
            if here not in NO_LINE_START and before not in NO_LINE_END and not _in_figure(text, i):
                found.append((i, i))
    return found


def spans(text: str, width: int, indent: int = 0) -> list[tuple[int, int]]:
    """(start, end) offsets of each line of ``text`` wrapped to ``width`` cells; lines after the
    first are ``indent`` cells narrower (a hanging indent the caller adds)."""
    if not text:
        return [(0, 0)]
    breaks = _breaks(text)
    lines = []
    start, k = 0, 0
    room = max(1, width)
    while start < len(text):
        if cell_len(text[start:]) <= room:
            lines.append((start, len(text)))
            break
        best = None
        while k < len(breaks) and breaks[k][0] <= start:
            k += 1
        j = k
        while j < len(breaks) and cell_len(text[start:breaks[j][0]]) <= room:
            best = breaks[j]
            j += 1
        if best is None:  # one token wider than the line: cut it by cells
            end = start + 1
            while end < len(text) and cell_len(text[start:end + 1]) <= room:
                end += 1
            best = (end, end)
        lines.append((start, best[0]))
        start = best[1]
        room = max(1, width - indent)
    return lines


def lines(text: str, width: int, indent: int = 0) -> list[str]:
    """``text`` as lines of at most ``width`` cells; each line of the text wrapped on its own."""
    out = []
    for paragraph in text.split("\n"):
        out += [paragraph[a:b] for a, b in spans(paragraph, width, indent)]
    return out


def fill(text: str, width: int, first: str = "", indent: str = "") -> str:
    """One paragraph wrapped to ``width``: ``first`` before the first line, ``indent`` before the others."""
    room = width - cell_len(first)
    parts = lines(text, room, cell_len(indent) - cell_len(first))
    return "\n".join([first + parts[0]] + [indent + part for part in parts[1:]])


def fill_text(text, width: int, indent: str = ""):
    """A styled rich ``Text`` wrapped the same way, styles kept; continuation lines get ``indent``."""
    from rich.text import Text

    plain = text.plain
    out = Text()
    for n, (a, b) in enumerate(spans(plain, width, cell_len(indent))):
        if n:
            out.append("\n" + indent)
        out.append_text(text[a:b])
    return out
