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


def _csv_chunks(path: str, stream, encoding: str, chunk_rows: int):
    lines = _Lines(stream)
    reader = csv.reader(iter(lines))
    header: list[str] | None = None
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


def _jsonl_chunks(path: str, stream, encoding: str, chunk_rows: int):
    lines = _Lines(stream)
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
    elif not rows:  # (the "header" of a table that has none: its problems)
        yield "header", None, [Finding(path, 0, 0, ERROR, "empty-file", "empty-file", {})]
