"""Opening an export: refuse what is not a text table, detect the encoding and the delimiter, read
lines of bounded length, and find the header row.

Encodings: UTF-16 and UTF-8 with a byte-order mark are taken from the mark; otherwise the first
``SNIFF_BYTES`` decide between UTF-8 and GB18030 (the superset of GBK and GB2312 that exports from
China use). A file whose first part is plain ASCII and whose later part is not UTF-8 is read
again as GB18030.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from dataclasses import dataclass

from advisor.calibrate import layouts
from advisor.calibrate.problems import ExportError

SNIFF_BYTES = 1 << 18
"""256 KiB: a few thousand rows, enough to tell UTF-8 from GB18030 and to find the delimiter."""

MAX_LINE = 1 << 20
"""No export row is a megabyte long; a longer line is a broken or hostile file, refused before it
is held in memory (a 1 GB line costs at most this much)."""

MAX_CELL = csv.field_size_limit()
"""csv's own cell limit (128 Ki characters) also stops an unclosed quote swallowing the file."""

HEADER_SEARCH = 10
"""Some exports put a title or a date range above the header: the header is looked for in the
first ten rows."""

DELIMITERS = (",", "\t", ";")

MAGIC = {b"PK\x03\x04": "xlsx", b"\xd0\xcf\x11\xe0": "xls"}


class RestartAsGB18030(Exception):
    """Raised when a file that started as ASCII turns out not to be UTF-8 further on."""


@dataclass
class Source:
    path: str
    encoding: str
    delimiter: str
    ascii_head: bool


def _error(path: str, line: int, rule: str, key: str, **params) -> ExportError:
    return ExportError(path, line, 1 if line else 0, rule, key, **params)


def _read_head(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(SNIFF_BYTES)
    except FileNotFoundError:
        raise _error(path, 0, "export-unreadable", "file-not-found") from None
    except IsADirectoryError:
        raise _error(path, 0, "export-unreadable", "export-is-a-directory") from None
    except OSError as exc:
        raise _error(path, 0, "export-unreadable", "unreadable", reason=exc.strerror or str(exc)) from None


def _decodes(head: bytes, encoding: str) -> int | None:
    """None when ``head`` decodes (a character cut at the end is fine), else the bad byte's offset."""
    try:
        codecs.getincrementaldecoder(encoding)().decode(head, final=len(head) < SNIFF_BYTES)
        return None
    except UnicodeDecodeError as exc:
        return exc.start


def open_source(path: str) -> Source:
    """Check a file is a text table and decide how to read it; raises ``ExportError``."""
    head = _read_head(path)
    if not head.strip():
        raise _error(path, 1, "export-empty", "export-empty")
    for magic, kind in MAGIC.items():
        if head.startswith(magic):
            raise _error(path, 0, "export-format", "export-spreadsheet", kind=kind)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif b"\x00" in head:
        raise _error(path, head[: head.index(b"\x00")].count(b"\n") + 1, "export-binary", "export-binary")
    elif _decodes(head, "utf-8") is None:
        encoding = "utf-8"
    elif _decodes(head, "gb18030") is None:
        encoding = "gb18030"
    else:
        bad = _decodes(head, "utf-8") or 0
        raise _error(path, head[:bad].count(b"\n") + 1, "export-encoding", "export-encoding")
    text = head.decode(encoding, errors="ignore")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(DELIMITERS, key=first.count)
    return Source(path, encoding, delimiter if first.count(delimiter) else ",", head.isascii())


def bad_byte_line(path: str, encoding: str) -> int:
    """The line of the first byte that is not ``encoding`` (decoding errors surface a buffer early)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 1
    with open(path, "rb") as fh:
        while block := fh.read(1 << 16):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                start = max(0, exc.start - (len(exc.object) - len(block)))
                return lines + block[:start].count(b"\n")
            lines += block.count(b"\n")
    return lines


_OTHER_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
"""Characters ``str.splitlines`` breaks at but csv does not: a block holding one is split the slow way."""


class Lines:
    """The decoded lines of a source, none longer than ``MAX_LINE`` characters.

    The file is read and decoded in blocks of ``MAX_LINE`` bytes and each block is split into lines
    in one C call, so iterating costs no Python call per line. A line still open at the end of a
    block is carried into the next; one that outgrows the limit is refused before more of it is read.
    """

    def __init__(self, source: Source) -> None:
        self.source = source
        self.lines_before = 0  # complete lines handed out before the current block
        try:
            self.raw = open(source.path, "rb")  # closed by close()
        except OSError as exc:
            raise _error(source.path, 0, "export-unreadable", "unreadable", reason=exc.strerror or str(exc)) from None

    def __iter__(self):
        return itertools.chain.from_iterable(self._blocks())

    def _blocks(self):
        read, limit, path = self.raw.read, MAX_LINE, self.source.path
        decode = codecs.getincrementaldecoder(self.source.encoding)().decode
        carry = ""
        while True:
            raw = read(limit)
            try:
                block = decode(raw, final=not raw)
            except UnicodeDecodeError:
                if self.source.encoding == "utf-8" and self.source.ascii_head:
                    raise RestartAsGB18030() from None
                raise _error(path, bad_byte_line(path, self.source.encoding), "export-encoding",
                             "export-encoding-mixed", encoding=self.source.encoding) from None
            if not raw:
                if carry or block:
                    yield (carry + block,)
                return
            if "\x00" in block:
                raise _error(path, self.lines_before + (carry + block)[: len(carry) + block.index("\x00")].count("\n") + 1,
                             "export-binary", "export-binary")
            cut = block.rfind("\n")
            if cut < 0 and "\r" in block:  # old Mac line ends
                cut = block.rfind("\r")
            if cut < 0:
                carry += block
                if len(carry) > limit:
                    raise _error(path, self.lines_before + 1, "export-line-too-long", "export-line-too-long", limit=limit)
                continue
            first = block.find("\n")
            if len(carry) + (first if first >= 0 else cut) > limit:
                raise _error(path, self.lines_before + 1, "export-line-too-long", "export-line-too-long", limit=limit)
            complete, carry = carry + block[: cut + 1], block[cut + 1:]
            self.lines_before += complete.count("\n")
            if any(mark in complete for mark in _OTHER_BREAKS):
                yield io.StringIO(complete, newline="")
            else:
                yield complete.splitlines(keepends=True)

    def close(self) -> None:
        self.raw.close()


def cell_too_long(lines: Lines, line: int) -> ExportError:
    """csv's error for a cell over ``MAX_CELL`` (the only one it raises in its default dialect)."""
    return _error(lines.source.path, line, "export-cell-too-long", "export-cell-too-long", limit=MAX_CELL)


def find_header(reader, lines: Lines, platform: str, columns: dict):
    """The header's mapping and cells, and how many rows were read up to it; data rows follow."""
    path = lines.source.path
    missing = None
    for consumed in range(1, HEADER_SEARCH + 1):
        try:
            row = next(reader, None)
        except csv.Error:
            raise cell_too_long(lines, reader.line_num) from None
        if row is None:
            break
        if not any(cell.strip() for cell in row):
            continue
        try:
            mapping = layouts.detect(row, platform, columns)
        except KeyError as exc:
            missing = missing or str(exc.args[0])
            continue
        if mapping is not None:
            return mapping, row, consumed
    if missing is not None:
        raise _error(path, 1, "export-layout", "export-column-missing", column=missing)
    raise layouts.unknown_layout(path, 1, platform, lines.source.encoding)


def _reopened(src: Source):
    lines = Lines(src)
    return lines, csv.reader(lines, delimiter=src.delimiter)


def row_at(src: Source, header_rows: int, data_row: int, is_row=None) -> tuple[int, list]:
    """The line on which data row ``data_row`` ends (0-based; rows ``is_row`` rejects, by default
    blank lines, not counted) and its cells: read again from the start, only to place an error."""
    lines, reader = _reopened(src)
    try:
        for _ in range(header_rows):
            next(reader, None)
        for index, row in enumerate(filter(is_row, reader)):
            if index == data_row:
                return reader.line_num, row
        return reader.line_num, []
    finally:
        lines.close()


def row_ending_at(src: Source, line: int) -> tuple[int, list]:
    """The row whose last line is ``line`` (or the first one past it), read again from the start."""
    lines, reader = _reopened(src)
    try:
        for row in reader:
            if reader.line_num >= line:
                return reader.line_num, row
        return reader.line_num, []
    finally:
        lines.close()


def broken_record_line(src: Source) -> int:
    """The line where the record csv cannot read (a cell over ``MAX_CELL``) begins."""
    lines, reader = _reopened(src)
    last = 0
    try:
        for _ in reader:
            last = reader.line_num
    except csv.Error:
        pass
    finally:
        lines.close()
    return last + 1
