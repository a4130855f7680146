"""User text made safe to show: in a terminal, in a spreadsheet, in a report.

Shop names, keys and file names come from files nobody vetted. Printed as they are, a name
holding ``ESC [2J`` clears the screen, one holding a newline forges a line of the report, and
``=HYPERLINK(...)`` runs as a formula when the CSV is opened in a spreadsheet. (Rich markup
such as ``[link=...]`` is the third risk: user text goes to rich only as ``Text``, never as
markup.)
"""

from __future__ import annotations

import re

SHOWN_CHARS = 200
"""Text quoted in a message is cut to this many characters (a 100 KB key is not worth repeating)."""

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\udc00-\udcff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_CHARS = frozenset("=+-@\t\r")


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC00 <= code <= 0xDCFF:  # an undecodable byte, as the readers mark it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, limit: int | None = SHOWN_CHARS) -> str:
    """``text`` with control characters shown as escapes (``\\x1b``, ``\\n``), cut at ``limit``."""
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return _CONTROL.sub(_escape, text) if _CONTROL.search(text) else text


def spreadsheet_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run: text starting with = + - @ tab or CR gets a
    leading apostrophe, as OWASP recommends for CSV injection; control characters are escaped.
    Numbers are left alone (a negative margin stays a number)."""
    if not isinstance(value, str):
        return value
    text = printable(value, None)
    if value.startswith(_FORMULA_START):
        return "'" + text
    return text


def spreadsheet_column(values: list) -> list:
    """``spreadsheet_cell`` for a column of text, checked as a whole first: a million plain
    names cost one scan, not a million calls."""
    if not _CONTROL.search("".join(values)) and not any(value[:1] in _FORMULA_CHARS for value in values):
        return values
    return [spreadsheet_cell(value) for value in values]


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def markdown_text(text: str) -> str:
    """User text that Markdown shows as written (a shop called *Best* | Co stays that), with
    control characters escaped."""
    return printable(text, None).translate(_MARKDOWN)


def html_text(text: str, quote: bool = True) -> str:
    """``html.escape``, with control characters escaped first (an ESC byte in a shop's name must
    not reach the page)."""
    import html

    return html.escape(printable(text, None), quote)
