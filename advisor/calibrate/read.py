"""One export file to compact columns: a streaming pass over its rows, converted a chunk at a time.

Memory grows with the number of rows at about 40 bytes a row (eight numpy columns), never with
the size of a line or of the file: a chunk of ``CHUNK_ROWS`` rows of text is held at a time.
"""

from __future__ import annotations

import csv
import gc
import zlib
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter

import numpy as np

from advisor.calibrate import cells, layouts, source
from advisor.calibrate.problems import ExportError

CHUNK_ROWS = 20_000
"""Rows converted together: large enough that numpy's per-call cost vanishes, small enough that
the chunk's strings stay a few megabytes."""

MAX_CURRENCIES = 8
"""Distinct currency codes remembered per file (one is normal; more is reported as mixed)."""

OPTIONAL_ROLES = ("customer", "status", "aftersale", "cancelled", "refund", "currency")


@dataclass
class ExportRows:
    """The rows of one file, column by column (one element per data row)."""

    file: str
    layout: str
    platform: str
    encoding: str
    line_amounts: bool
    customer_kind: str | None  # layouts.ID, layouts.CONTACT, or None without a customer column
    currency: str | None  # the layout's own currency (Chinese platforms: CNY)
    currencies: set = field(default_factory=set)  # codes found in a currency column
    rows: int = 0
    without_order_id: int = 0
    order: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    customer: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))  # 0: no usable key
    masked: np.ndarray = field(default_factory=lambda: np.empty(0, bool))
    visible: np.ndarray = field(default_factory=lambda: np.empty(0, np.uint8))
    amount: np.ndarray = field(default_factory=lambda: np.empty(0))  # NaN: not given
    refund: np.ndarray = field(default_factory=lambda: np.empty(0))  # NaN: not given
    time: np.ndarray = field(default_factory=lambda: np.empty(0, "datetime64[s]"))  # NaT: not given
    status: np.ndarray = field(default_factory=lambda: np.empty(0, np.int8))


class _Chunks:
    """Collects converted chunks of one file and joins them at the end."""

    NAMES = ("order", "customer", "masked", "visible", "amount", "refund", "time", "status")

    def __init__(self) -> None:
        self.parts: dict[str, list] = {name: [] for name in self.NAMES}

    def add(self, **columns) -> None:
        for name, values in columns.items():
            self.parts[name].append(values)

    def join(self, out: ExportRows) -> None:
        for name in self.NAMES:  # one column at a time, its parts freed before the next
            if self.parts[name]:
                setattr(out, name, np.concatenate(self.parts[name]))
                self.parts[name] = []


def read_export(path: str, platform: str, columns: dict, salt: bytes) -> ExportRows:
    """Read one export; raises ``ExportError`` for anything that keeps it from being measured."""
    src = source.open_source(path)
    try:
        return _read(src, platform, columns, salt)
    except source.RestartAsGB18030:
        src.encoding = "gb18030"
        return _read(src, platform, columns, salt)
    except _BlankShortRow:  # rare: read the file again, skipping rows of blank cells one by one
        return _read(src, platform, columns, salt, careful=True)


class _BlankShortRow(Exception):
    """A row of blank cells too short for the columns read: the fast path cannot skip it."""


def _not_blank(row: list) -> bool:
    return any(cell.strip() for cell in row)


def _read(src: source.Source, platform: str, columns: dict, salt: bytes, careful: bool = False) -> ExportRows:
    lines = source.Lines(src)
    try:
        reader = csv.reader(lines, delimiter=src.delimiter)
        mapping, header, header_rows = source.find_header(reader, lines, platform, columns)
        layout = mapping.layout
        out = ExportRows(src.path, layout.name, layout.platform, src.encoding, layout.line_amounts,
                         mapping.customer_kind if "customer" in mapping.roles else None, layout.currency)
        wanted = [*layouts.REQUIRED, *(r for r in OPTIONAL_ROLES if r in mapping.roles)]
        positions: dict[str, tuple[int, ...]] = {}
        indices: list[int] = []
        for role in wanted:
            positions[role] = tuple(range(len(indices), len(indices) + len(mapping.roles[role])))
            indices.extend(mapping.roles[role])
        width = len(header)
        pick = itemgetter(*indices, slice(width - 1, None))  # the cells read, and the row's tail
        tail = itemgetter(-1)
        is_row = _not_blank if careful else None
        rows = filter(is_row, reader)  # blank lines are no rows (dropped in C)

        def locate_row(data_row: int) -> tuple[int, list]:
            return source.row_at(src, header_rows, data_row, is_row)

        def locate(data_row: int) -> int:
            return locate_row(data_row)[0]

        converter = _Converter(out, mapping, positions, salt, locate)
        chunks = _Chunks()
        seen = 0  # data rows read so far
        collecting = gc.isenabled()
        gc.disable()  # rows are short-lived and acyclic: collecting while a chunk fills only costs time
        try:
            while True:
                try:
                    picked = list(map(pick, islice(rows, CHUNK_ROWS)))
                except IndexError:  # a row too short to hold the columns read
                    line, row = source.row_ending_at(src, reader.line_num)
                    if not careful and not _not_blank(row):
                        raise _BlankShortRow() from None
                    raise _ragged(src.path, line, row, width) from None
                except csv.Error:
                    raise source.cell_too_long(lines, source.broken_record_line(src)) from None
                if not picked:
                    break
                tails = list(map(tail, picked))
                if len(set(map(len, tails))) != 1 or len(tails[0]) != 1:
                    _check_widths(src.path, picked, tails, width, seen, locate_row)
                converter.convert(picked, seen, chunks)
                seen += len(picked)
        finally:
            if collecting:
                gc.enable()
        chunks.join(out)
        return out
    finally:
        lines.close()


def _ragged(path: str, line: int, row: list, width: int) -> ExportError:
    return ExportError(path, line, 1, "export-ragged-row", "export-ragged-row", got=len(row), expected=width)


def _check_widths(path: str, picked: list, tails: list, width: int, seen: int, locate_row) -> None:
    """Raise for the first row with more or fewer cells than the header. Trailing empty cells past
    the header's width are fine (some exports end every row with a comma), and so is a row of empty
    cells only."""
    for index, (cells_read, row_tail) in enumerate(zip(picked, tails)):
        if len(row_tail) == 1 or (len(row_tail) > 1 and not any(c.strip() for c in row_tail[1:])):
            continue
        if not row_tail and not any(c.strip() for c in cells_read[:-1]):
            continue
        line, row = locate_row(seen + index)
        if row and not any(c.strip() for c in row):
            continue
        raise _ragged(path, line, row, width)


class _Converter:
    def __init__(self, out: ExportRows, mapping: layouts.Mapping, positions: dict, salt: bytes, locate) -> None:
        self.out = out
        self.mapping = mapping
        self.positions = positions
        self.salt = salt
        self.locate = locate
        self.dates = cells.Dates()
        self.namespace = zlib.crc32(mapping.layout.platform.encode()) << 20

    def _column(self, columns, role: str):
        return [columns[p] for p in self.positions[role]]

    def _fail(self, error: cells.CellError, role: str, first: int) -> ExportError:
        index = self.mapping.roles[role][0]
        name = self.mapping.names[role]
        return ExportError(self.out.file, self.locate(first + error.index), index + 1, f"export-{error.problem}",
                           f"export-{error.problem}", column=name, **error.params)

    def convert(self, rows: list, first: int, chunks: _Chunks) -> None:
        """Convert picked rows; ``first`` is the data-row number of the first, for error positions."""
        out, roles = self.out, self.mapping.roles
        columns = list(zip(*rows))
        count = len(rows)
        order, present = cells.order_ids(columns[self.positions["order"][0]], self.namespace)
        try:
            amount = cells.money(columns[self.positions["amount"][0]])
        except cells.CellError as error:
            raise self._fail(error, "amount", first) from None
        negative = np.flatnonzero(amount < 0)
        if negative.size:
            raise self._fail(cells.CellError(int(negative[0]), "negative"), "amount", first)
        try:
            time = self.dates.parse(columns[self.positions["time"][0]])
        except cells.CellError as error:
            raise self._fail(error, "time", first) from None
        if "refund" in roles:
            try:
                refund = np.abs(cells.money(columns[self.positions["refund"][0]]))
            except cells.CellError as error:
                raise self._fail(error, "refund", first) from None
        else:
            refund = np.full(count, np.nan)
        if "customer" in roles:
            customer, masked, visible = cells.customer_keys(self._column(columns, "customer"), self.salt)
        else:
            customer, masked, visible = np.zeros(count, np.int64), np.zeros(count, bool), np.zeros(count, np.uint8)
        status = cells.statuses(columns[self.positions["status"][0]]) if "status" in roles else np.zeros(count, np.int8)
        if "aftersale" in roles:
            status[cells.statuses(columns[self.positions["aftersale"][0]], aftersale=True) == cells.REFUNDED] = cells.REFUNDED
        if "cancelled" in roles:
            status[cells.filled(columns[self.positions["cancelled"][0]])] = cells.DROP
        if "currency" in roles and len(out.currencies) <= MAX_CURRENCIES:
            found = {cells.unwrap(c).upper() for c in set(columns[self.positions["currency"][0]])}
            out.currencies |= {c for c in found if c.lower() not in cells.EMPTY}
        if present.all():
            keep: slice | np.ndarray = slice(None)
            out.rows += count
        else:  # rows without an order id are left out; rows of empty cells only are no rows at all
            blank = ~present & np.isnan(amount) & np.isnat(time)
            out.rows += int(count - blank.sum())
            out.without_order_id += int((~present & ~blank).sum())
            keep = present
        chunks.add(order=order[keep], customer=customer[keep], masked=masked[keep], visible=visible[keep],
                   amount=amount[keep], refund=refund[keep], time=time[keep], status=status[keep])
