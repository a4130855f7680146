"""Opening and decoding input files of unknown quality: the first thing a bad file meets.

Only regular files are opened (a FIFO named ``x.yaml`` would block a read forever, a device
never ends). The encoding is UTF-8 unless a byte-order mark or the content says otherwise, or
the user names one. Bytes the encoding cannot read are not fatal: they decode to markers
(lone surrogates, which no decoder ever produces from valid input) so that a table can report
the one row that holds them, at its real line, and read on.
"""

from __future__ import annotations

import codecs
import os
import stat

BAD_BYTES = "advisor-mark-bad-bytes"
"""The codecs error handler that turns each undecodable byte into a marker character."""

SAMPLE_BYTES = 1 << 20
"""How much of a file the encoding guess looks at: enough for thousands of rows."""

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


bad_bytes_seen = [0]
"""How many bytes ``BAD_BYTES`` has marked in this process: while it does not change, a reader
need not look for markers."""


def _mark_bad_bytes(exc: UnicodeError) -> tuple[str, int]:
    """One marker for the first bad byte, then decoding resumes right after it (never past a
    newline: a multi-byte error range may hold the line break that follows the bad byte)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad_bytes_seen[0] += 1
    return chr(0xDC00 + exc.object[exc.start]), exc.start + 1


codecs.register_error(BAD_BYTES, _mark_bad_bytes)


class NotRegularFile(OSError):
    """A FIFO, socket or device where a file was expected."""


def open_regular(path: str):
    """``path`` opened for binary reading, only if it is a regular file (symlinks followed).

    The type is checked before opening (a FIFO is never opened: opening one for reading blocks
    until a writer comes) and again on the open descriptor, in case the path changed meanwhile.
    Raises ``IsADirectoryError``, ``NotRegularFile`` or another ``OSError``.
    """
    mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(path)
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
                 | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(path)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


_HIGH_BYTES = bytes(range(0x80, 0x100))


def guess_encoding(sample: bytes, complete: bool = False) -> str:
    """The encoding of a file that starts with ``sample`` (``complete``: it is the whole file).

    A byte-order mark decides (UTF-8, UTF-16, UTF-32); then valid UTF-8 is UTF-8; then text
    that reads as GB18030 (the Chinese national encoding, a superset of GBK and GB2312) and not
    as UTF-8 -- at least one in twenty of its non-ASCII bytes invalid there -- is GB18030.
    Anything else is taken as UTF-8, so that each bad byte is reported where it is. UTF-16
    without a mark is recognised by its NUL bytes beside ASCII.
    """
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    if len(sample) >= 4 and sample[0] == 0 and sample[1] != 0 and sample[2] == 0:
        return "utf-16-be"
    if len(sample) >= 4 and sample[0] != 0 and sample[1] == 0 and sample[3] == 0 and sample[2] != 0:
        return "utf-16-le"
    if sample.isascii():
        return "utf-8"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass  # perhaps only a character cut at the sample's end: look closer
    text = codecs.getincrementaldecoder("utf-8")(BAD_BYTES).decode(sample, final=complete)
    bad = sum(1 for char in text if "\udc00" <= char <= "\udcff")
    if not bad:
        return "utf-8"
    # A UTF-8 file with a stray byte or two has a few bad bytes among many good ones; GB18030 text
    # read as UTF-8 breaks on a good share of its bytes (some of its byte pairs happen to be valid
    # UTF-8, so "mostly" would miss short Chinese names): one in twenty is the line.
    non_ascii = len(sample) - len(sample.translate(None, _HIGH_BYTES))
    if bad * 20 >= non_ascii:  # not a stray byte in UTF-8: is it GB18030?
        try:
            codecs.getincrementaldecoder("gb18030")("strict").decode(sample, final=complete)
        except UnicodeDecodeError:
            return "utf-8"
        return "gb18030"
    return "utf-8"


def check_encoding(name: str) -> str | None:
    """The codec's canonical name, or None when Python knows no such text encoding."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None


