"""What to print for a character the output stream's encoding lacks: the nearest character it
has, never a "?" where a fallback exists.

A console in GBK (Windows in Chinese, ``PYTHONIOENCODING=gbk``) has no "¥" (U+00A5), "•", "░"
or no-break space; Latin-1 consoles lack the box drawing. The ``advisor`` codec error handler,
set on standard output and error at start-up, replaces each such character with the first of
its fallbacks the encoding has, else its compatibility form (NFKC: full-width punctuation to
ASCII), and only then with "?". Money is chosen right before the layout (``numbers.for_stream``),
so this is the safety net for everything else.
"""

from __future__ import annotations

import codecs
import unicodedata

from advisor.output.numbers import encodable

HANDLER = "advisor-fallback"

FALLBACKS = {
    "¥": ("￥", "CNY "), "£": ("￡", "GBP "), "€": ("EUR ",), "₩": ("￦", "KRW "),
    "•": ("·", "*"), "·": (".",), "…": ("...",), "–": ("-",), "—": ("-",), "×": ("x",), "°": ("o",),
    "█": ("#",), "░": ("·", ":"), "─": ("-",), "│": ("|",), "┤": ("|",), "└": ("+",), "┬": ("+",),
    "●": ("*",), "○": ("o",), "’": ("'",), "“": ('"',), "”": ('"',),
    "\u00a0": (" ",), "\ufeff": ("",),
}


def replacement(char: str, encoding: str) -> str:
    """The text shown for ``char`` in ``encoding``."""
    for candidate in (*FALLBACKS.get(char, ()), unicodedata.normalize("NFKC", char)):
        if candidate != char and encodable(candidate, encoding):
            return candidate
    return "?"


def _handler(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start:error.end]
    return "".join(replacement(char, error.encoding) for char in text), error.end


def install(streams) -> None:
    """Register the handler and set it on ``streams`` (text streams that can be reconfigured)."""
    codecs.register_error(HANDLER, _handler)
    for stream in streams:
        try:
            stream.reconfigure(errors=HANDLER)
        except (AttributeError, ValueError):
            pass
