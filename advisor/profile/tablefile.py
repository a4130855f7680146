"""Reading a table file row by row, so that one bad row costs that row and nothing else.

A consultant's tables come from many tools: exports in GB18030, a stray Latin-1 byte, a cell
pasted with a whole document in it, an unclosed quote. Each of these is reported at its real
line and skipped; the rows around it are read as usual:

- bytes the file's encoding cannot read: the row is reported (with the CSV column) and skipped;
- a line longer than ``MAX_LINE_CHARS``: reported and skipped, never held in memory whole;
- a CSV cell that opens a quote and does not close it on its line: reported, and reading goes
  on at the next line (a profile value never needs a line break, so a quoted cell never spans
  lines: this is what keeps a stray quote from swallowing the rest of the file);
- a NUL character: the row is binary garbage, reported and skipped.

Rows come in chunks of ``(line, cells or text)``; a row that could not be read comes as
``(line, Finding)`` in its place, so problems keep their order and count among the rows.
"""

from __future__ import annotations

import csv
import io
import re
from typing import NamedTuple

from advisor.profile import textfile
from advisor.profile.findings import ERROR, Finding

MAX_LINE_CHARS = 100_000
"""A row of a hundred columns of a thousand characters; a profile row is a few hundred. Longer
lines are reported and skipped in bounded memory (this also keeps every CSV cell under the csv
module's own field limit of 131,072)."""

CHUNK_CHARS = 4_000_000
"""A chunk also ends after this many characters of rows, whatever its row count: 5,000 rows of
100,000 characters would otherwise make a 500 MB chunk (and a copy for the worker)."""

_MARKER = re.compile("[\udc00-\udcff]")
_UNCLOSED = '"\n'  # given to the csv reader in place of a continuation line: closes the quote


class _Lines:
    """Physical lines for the csv reader, one record at a time (see the module docstring)."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.number = 0  # the physical line last read
        self.chars = 0  # characters read so far
        self.taken = 0  # lines taken by the record being read
        self.unclosed = False  # the record's quote was still open at its line's end
        self.closing = False  # the last record was reported unclosed: a next line that closes
        # its quote is the rest of that cell (a line break inside quotes, as a spreadsheet writes
        # it), not a row of its own
        self.problem: tuple | None = None  # (message key, params) of a line that was not given out

    def __iter__(self):
        readline = self.stream.readline
        while True:
            if self.taken:  # the reader wants the record's next line: its quote is open
                self.unclosed = True
                yield _UNCLOSED
                continue
            line = readline(MAX_LINE_CHARS + 1)
            if not line:
                return
            self.number += 1
            if self.closing:
                self.closing = False
                if line.count('"') % 2:  # the rest of the cell: part of the row already reported
                    self.chars += len(line)
                    continue
            self.taken = 1
            self.chars += len(line)
            if len(line) > MAX_LINE_CHARS:
                while line and not line.endswith(("\n", "\r")):
                    line = readline(MAX_LINE_CHARS)
                self.problem = ("line-too-long", {"limit": MAX_LINE_CHARS})
                yield "\n"
            elif "\x00" in line:
                self.problem = ("nul-in-row", {})
                yield "\n"
            else:
                yield line


def _bad_bytes(path: str, line: int, column: int, text: str, encoding: str) -> Finding:
    at = _MARKER.search(text)
    byte = ord(at.group()) - 0xDC00 if at else 0
    return Finding(path, line, column, ERROR, "encoding", "bad-bytes",
                   {"encoding": encoding.upper(), "byte": f"0x{byte:02X}"})


def read_rows(path: str, chunk_rows: int, encoding: str | None = None):
    """Yield ("header", header, [problems]) then ("csv"|"jsonl", header, [(line, row), ...])
    chunks. Raises OSError (``textfile.NotRegularFile`` included) if the file cannot be opened.

    Chunks stream from the file, so memory stays bounded whatever the table's size.
    """
    with textfile.open_regular(path) as raw:
        yield from read_stream(raw, path, chunk_rows, encoding)


def read_stream(raw, path: str, chunk_rows: int, encoding: str | None = None):
    """``read_rows`` over an open binary stream (seekable when ``encoding`` is None); ``path``
    names it in findings and, by its suffix, tells CSV from JSONL."""
    if encoding is None:
        sample = raw.read(textfile.SAMPLE_BYTES)
        encoding = textfile.guess_encoding(sample, complete=len(sample) < textfile.SAMPLE_BYTES)
        raw.seek(0)
    stream = io.TextIOWrapper(raw, encoding=encoding, errors=textfile.BAD_BYTES, newline="")
    try:
        if path.lower().endswith(".csv"):
            yield from _csv_chunks(path, stream, encoding, chunk_rows)
        else:
            yield from _jsonl_chunks(path, stream, encoding, chunk_rows)
    finally:
        stream.detach()  # the caller owns ``raw``


def _csv_chunks(path: str, stream, encoding: str, chunk_rows: int, header: list[str] | None = None,
                before: int = 0):
    """``header``: already read (a range of the file's rows); ``before``: the physical lines
    before the stream's first, so that rows keep their line in the file."""
    lines = _Lines(stream)
    lines.number = before
    reader = csv.reader(iter(lines))
    chunk: list = []
    seen = textfile.bad_bytes_seen
    clean = seen[0]  # no marker can be in a row while this holds
    start = 0  # lines.chars where the chunk began
    while True:
        lines.taken = 0  # a new record (the rest of the record's state is reset when it is used)
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # not expected after the line checks; the row is lost, not the file
            cells, lines.problem = [], ("csv-error", {"problem": str(exc)})
            reader = csv.reader(iter(lines))
        if lines.problem is None and not lines.unclosed and seen[0] == clean and header is not None:
            if cells and (cells[0].strip() or any(cell.strip() for cell in cells)):  # the common case
                chunk.append((lines.number, cells))
                if len(chunk) >= chunk_rows or lines.chars - start > CHUNK_CHARS:
                    yield "csv", header, chunk
                    chunk, start = [], lines.chars
            continue
        line = lines.number
        problem: Finding | None = None
        if lines.problem is not None:
            key, params = lines.problem
            problem = Finding(path, line, 1, ERROR, "table-row", key, params)
        elif lines.unclosed:
            problem = Finding(path, line, len(cells), ERROR, "table-row", "unclosed-quote", {})
            lines.closing = True
        elif seen[0] != clean and any(_MARKER.search(cell) for cell in cells):
            column = next(i for i, cell in enumerate(cells, start=1) if _MARKER.search(cell))
            problem = _bad_bytes(path, line, column, cells[column - 1], encoding)
        lines.problem, lines.unclosed = None, False
        if header is None:
            if problem is None and not any(cell.strip() for cell in cells):
                continue  # blank lines before the header
            if problem is not None:  # without its header a table cannot be read
                yield "header", None, [problem]
                return
            if cells and cells[0].startswith("\ufeff"):  # a byte-order mark left by --encoding utf-8
                cells[0] = cells[0][1:]
            header = cells
            yield "header", header, []
            continue
        if problem is not None:
            chunk.append((line, problem))
        elif any(cell.strip() for cell in cells):
            chunk.append((line, cells))
        else:
            continue
        if len(chunk) >= chunk_rows or lines.chars - start > CHUNK_CHARS:
            yield "csv", header, chunk
            chunk, start = [], lines.chars
    if header is None:
        yield "header", None, [Finding(path, 0, 0, ERROR, "empty-file", "empty-file", {})]
    elif chunk:
        yield "csv", header, chunk


def _jsonl_chunks(path: str, stream, encoding: str, chunk_rows: int, before: int = 0):
    lines = _Lines(stream)
    lines.number = before
    chunk: list = []
    rows = start = 0
    seen = textfile.bad_bytes_seen
    clean = seen[0]
    for text in lines:
        line = lines.number
        lines.taken = 0  # every line is a record of its own
        if lines.problem is not None:
            key, params = lines.problem
            lines.problem = None
            chunk.append((line, Finding(path, line, 1, ERROR, "table-row", key, params)))
        elif seen[0] != clean and _MARKER.search(text):
            at = _MARKER.search(text)
            chunk.append((line, _bad_bytes(path, line, at.start() + 1 if at else 1, text, encoding)))
        elif text.strip():
            chunk.append((line, text))
        else:
            continue
        rows += 1
        if len(chunk) >= chunk_rows or lines.chars - start > CHUNK_CHARS:
            yield "jsonl", None, chunk
            chunk, start = [], lines.chars
    if chunk:
        yield "jsonl", None, chunk
    elif not rows and not before:  # (the "header" of a table that has none: its problems)
        yield "header", None, [Finding(path, 0, 0, ERROR, "empty-file", "empty-file", {})]


RANGE_BYTES = 4 << 20
"""A worker reads a table in ranges of about this many bytes (some 35,000 rows), cut at line ends:
the parent process only finds the cuts and counts lines, and no row crosses a process boundary."""

LINE_ENCODINGS = frozenset({"utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312", "big5", "ascii", "cp1252",
                            "latin-1", "iso8859-1", "shift_jis"})
"""Encodings in which the byte 0x0A only ever ends a line (never part of a character), so a
table in one of them can be cut at line ends in bytes. UTF-16 and UTF-32 are read whole."""


class Ranges(NamedTuple):
    """A table cut for the workers: its encoding, its CSV header (None for JSON lines), and
    (start byte, end byte, first line, last line) of each range of rows."""

    encoding: str
    header: list | None
    ranges: list


def split(path: str, encoding: str | None = None, range_bytes: int | None = None) -> Ranges | None:
    """The table at ``path`` cut into ranges of whole lines, or None when it must be read as one
    stream (``read_rows``): an encoding whose bytes cannot be cut at 0x0A, line ends of a lone CR,
    or a header line that is not plain (the stream reader reports it). Raises OSError if the file
    cannot be opened."""
    import codecs

    range_bytes = range_bytes or RANGE_BYTES
    with textfile.open_regular(path) as raw:
        sample = raw.read(textfile.SAMPLE_BYTES)
        if encoding is None:
            encoding = textfile.guess_encoding(sample, complete=len(sample) < textfile.SAMPLE_BYTES)
        if codecs.lookup(encoding).name not in {codecs.lookup(e).name for e in LINE_ENCODINGS}:
            return None
        if sample.count(b"\r") != sample.count(b"\r\n"):  # old Mac line ends: the stream reader copes
            return None
        raw.seek(0)
        header = None
        line = 0
        if path.lower().endswith(".csv"):
            while True:  # the header: the first line that is not blank
                text = raw.readline(MAX_LINE_CHARS + 1)
                if not text:
                    return None  # no header: the stream reader reports the empty file
                line += 1
                try:
                    decoded = text.decode(encoding)
                except UnicodeDecodeError:
                    return None
                if line == 1 and decoded.startswith("\ufeff"):
                    decoded = decoded[1:]
                if not decoded.strip():
                    continue
                if (len(text) > MAX_LINE_CHARS or not text.endswith(b"\n") or "\x00" in decoded
                        or decoded.count('"') % 2):
                    return None
                header = next(csv.reader([decoded]))
                break
        ranges = []
        start = raw.tell()
        while True:
            data = raw.read(range_bytes)
            if not data:
                break
            count = data.count(b"\n")
            end = start + len(data)
            while not data.endswith(b"\n"):  # on to the end of the line (not kept: only counted)
                data = raw.readline(1 << 20)
                if not data:
                    break
                end += len(data)
                count += data.count(b"\n")
            ranges.append((start, end, line + 1, line + max(count, 1)))
            line += count
            start = end
    if header is None and not ranges:
        return None  # an empty JSON-lines file: the stream reader reports it
    return Ranges(encoding, header, ranges)


def read_range(path: str, kind: str, encoding: str, header: list | None, start: int, end: int, first_line: int,
               chunk_rows: int):
    """The rows of one range of ``split``, in chunks as ``read_rows`` gives them, at their lines in
    the file."""
    with textfile.open_regular(path) as raw:
        raw.seek(start)
        data = raw.read(end - start)
    rows = _plain_rows(data, kind, encoding, first_line - 1)
    if rows is not None:
        for k in range(0, len(rows), chunk_rows):
            yield kind, header, rows[k:k + chunk_rows]
        return
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors=textfile.BAD_BYTES, newline="")
    if kind == "csv":
        yield from _csv_chunks(path, stream, encoding, chunk_rows, header=header, before=first_line - 1)
    else:
        yield from _jsonl_chunks(path, stream, encoding, chunk_rows, before=first_line - 1)


def _plain_rows(data: bytes, kind: str, encoding: str, before: int) -> list | None:
    """The rows of a range with nothing unusual in it -- every byte readable, no NUL, no line
    over the limit, every CSV line closing the quotes it opens (so each line is one record) --
    read in one go; None sends the range to the line-by-line reader, which reports what is
    unusual at its line."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if "\r" in text:
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
        if any("\r" in line for line in lines):
            return None
    if max(map(len, lines), default=0) >= MAX_LINE_CHARS:
        return None
    if kind != "csv":
        rows = [(number, line) for number, line in enumerate(lines, start=before + 1) if line.strip()]
        return rows if rows or before else None  # a file of blank lines: the reader reports it
    if '"' in text and any(line.count('"') % 2 for line in lines):
        return None
    try:
        return [(number, cells) for number, cells in enumerate(csv.reader(lines), start=before + 1)
                if cells and (cells[0].strip() or any(cell.strip() for cell in cells))]
    except csv.Error:
        return None
