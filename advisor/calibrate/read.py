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
        for name in self.NAMES:
            if self.parts[name]:
                setattr(out, name, np.concatenate(self.parts[name]))


def read_export(path: str, platform: str, columns: dict, salt: bytes) -> ExportRows:
    """Read one export; raises ``ExportError`` for anything that keeps it from being measured."""
    src = source.open_source(path)
    try:
        return _read(src, platform, columns, salt)
    except source.RestartAsGB18030:
        src.encoding = "gb18030"
        return _read(src, platform, columns, salt)


def _read(src: source.Source, platform: str, columns: dict, salt: bytes) -> ExportRows:
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
        pick = itemgetter(*indices) if len(indices) > 1 else (lambda row: (row[indices[0]],))
        width = len(header)

        def locate(data_row: int) -> int:
            return source.line_of_row(src, header_rows + data_row)

        converter = _Converter(out, mapping, positions, salt, locate)
        chunks = _Chunks()
        seen = 0  # data rows read so far, blank ones included
        collecting = gc.isenabled()
        gc.disable()  # rows are short-lived and acyclic: collecting while a chunk fills only costs time
        try:
            while True:
                picked: list = []
                append = picked.append
                blank: list = []  # data-row numbers of blank rows, skipped
                try:
                    for index, row in enumerate(islice(reader, CHUNK_ROWS), seen):
                        if len(row) != width and not _keep(row, width, src.path, index, locate):
                            blank.append(index)
                            continue
                        append(pick(row))
                except csv.Error:  # the record that began after the last one read
                    raise source.cell_too_long(lines, locate(seen + len(picked) + len(blank) - 1) + 1) from None
                size = len(picked) + len(blank)
                if not size:
                    break
                if picked:
                    skipped = set(blank)
                    where = [i for i in range(seen, seen + size) if i not in skipped] if blank else range(seen, seen + size)
                    converter.convert(picked, where, chunks)
                seen += size
        finally:
            if collecting:
                gc.enable()
        chunks.join(out)
        return out
    finally:
        lines.close()


def _keep(row: list, width: int, path: str, data_row: int, locate) -> bool:
    """For a row whose width differs from the header's: False for a blank row (skipped), True for
    one padded with empty cells; raises for a row with more or fewer cells than the header.

    Trailing empty cells past the header's width are fine (some exports end every row with a comma).
    """
    if len(row) > width and not any(cell.strip() for cell in row[width:]):
        return True
    if not any(cell.strip() for cell in row):
        return False
    raise ExportError(path, locate(data_row), 1, "export-ragged-row", "export-ragged-row", got=len(row), expected=width)


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

    def _fail(self, error: cells.CellError, role: str, where) -> ExportError:
        index = self.mapping.roles[role][0]
        name = self.mapping.names[role]
        return ExportError(self.out.file, self.locate(where[error.index]), index + 1, f"export-{error.problem}",
                           f"export-{error.problem}", column=name, **error.params)

    def convert(self, rows: list, where, chunks: _Chunks) -> None:
        """Convert picked rows; ``where[i]`` is row i's data-row number, for error positions."""
        out, roles = self.out, self.mapping.roles
        columns = list(zip(*rows))
        count = len(rows)
        out.rows += count
        order, present = cells.order_ids(columns[self.positions["order"][0]], self.namespace)
        try:
            amount = cells.money(columns[self.positions["amount"][0]])
        except cells.CellError as error:
            raise self._fail(error, "amount", where) from None
        negative = np.flatnonzero(amount < 0)
        if negative.size:
            raise self._fail(cells.CellError(int(negative[0]), "negative"), "amount", where)
        try:
            time = self.dates.parse(columns[self.positions["time"][0]])
        except cells.CellError as error:
            raise self._fail(error, "time", where) from None
        if "refund" in roles:
            try:
                refund = np.abs(cells.money(columns[self.positions["refund"][0]]))
            except cells.CellError as error:
                raise self._fail(error, "refund", where) from None
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
        out.without_order_id += int(count - present.sum())
        keep = present if not present.all() else slice(None)
        chunks.add(order=order[keep], customer=customer[keep], masked=masked[keep], visible=visible[keep],
                   amount=amount[keep], refund=refund[keep], time=time[keep], status=status[keep])
