"""A block of CSV rows checked column by column with numpy, straight into model inputs.

The batch reads a table in blocks; this module converts and bounds-checks every column of a block
at once (blanks, percent strings and range columns included) with the same rules as the full
validator (``check.py``: ``Field.number_problem``, ``Field.choice``, ``parse_currency``). A row
that fails any fast check is handed back, whole, to the full validator, which reports its
problems with their positions; the rows that pass become columns of values, with every default
filled in -- no per-row profile is built.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from advisor.profile import fields as F
from advisor.profile.reader import MAX_NUMBER_CHARS

RANGE_PARTS = ("low", "mode", "high", "mean", "sd")
RANGE_FORMS = {("high", "low"): "uniform", ("high", "low", "mode"): "triangular", ("mean", "sd"): "normal"}
MAX_CELL = 10_000
"""As for a row: a cell longer than this is not a profile value (the full validator says so)."""


class Block(NamedTuple):
    """The valid rows of a block, as columns (one element per row)."""

    lines: list  # each row's line in the file
    names: list
    platforms: list
    categories: list
    currencies: list
    values: dict  # numeric path -> float array, every default filled in
    given: dict  # numeric path -> bool array: set by the row (not a default); ranges excluded
    other_variable: np.ndarray  # the row's variable other costs, summed
    other_fixed: np.ndarray  # and its fixed ones


class Plan(NamedTuple):
    """How each header column is read: compiled once per table."""

    fields: dict  # path -> column index (plain numeric and text fields)
    others: list  # (column index, fixed column index or None) per other cost share
    ranges: dict  # path -> {part: column index}
    width: int


def compile_header(header: list[str]) -> Plan | None:
    """The reading plan of a header, or None when a column is not one the fast path reads."""
    names = [name.strip() for name in header]
    if len(set(names)) != len(names):
        return None
    fields: dict = {}
    others: dict = {}
    fixed_of: dict = {}
    ranges: dict = {}
    for index, name in enumerate(names):
        keys = name.split(".")
        if name in F.BY_PATH:
            fields[name] = index
        elif len(keys) == 3 and keys[:2] == ["costs", "other"]:
            others[keys[2]] = index
        elif len(keys) == 4 and keys[:2] == ["costs", "other"] and keys[3] == "share":
            others[keys[2]] = index
        elif len(keys) == 4 and keys[:2] == ["costs", "other"] and keys[3] == "fixed":
            fixed_of[keys[2]] = index
        elif len(keys) == 3 and keys[2] in RANGE_PARTS and F.BY_PATH.get(".".join(keys[:2])) is not None:
            ranges.setdefault(".".join(keys[:2]), {})[keys[2]] = index
        else:
            return None
    if set(fixed_of) - set(others):
        return None
    for path in ranges:
        if not F.BY_PATH[path].uncertain or path in fields:
            return None  # a range on a fact, or a plain column beside it: the validator explains
    if any(f.required and f.path not in fields for f in F.FIELDS):
        return None
    return Plan(fields, [(index, fixed_of.get(name)) for name, index in others.items()], ranges, len(names))


class Numbers:
    """A column that is numbers already (a Parquet column of integers or floats): its values as
    floats, where it is null, and -- only when a row must go to the full validator, or the column
    is read as text -- its cells as a CSV would hold them (Python's ``repr`` of each number, which
    reads back to the same float; empty for null)."""

    def __init__(self, values: np.ndarray, null: np.ndarray, cells) -> None:
        self.values = values
        self.null = null
        self._cells = cells  # () -> list[str], called at most once

    def __len__(self) -> int:
        return len(self.values)

    def texts(self) -> list:
        if callable(self._cells):
            self._cells = self._cells()
        return self._cells


def texts(column) -> list:
    """A column as cell texts, whatever it holds."""
    return column.texts() if isinstance(column, Numbers) else column


_PLAIN_NUMBER = str.maketrans("", "", "0123456789.eE+-")
"""Deletes every character a plain number is written with: what is left is something else."""


def _numbers(cells, field: F.Field, bad: np.ndarray) -> np.ndarray:
    """A column of cells as floats (NaN where blank); rows with a cell the full validator would
    refuse are marked in ``bad``."""
    if isinstance(cells, Numbers):  # numbers already: blank where null, refused where not finite
        values = np.where(cells.null, np.nan, cells.values)
        with np.errstate(invalid="ignore"):
            usable = ~cells.null & np.isfinite(values)
        bad |= ~cells.null & ~usable
        values[~usable] = np.nan
        bad |= usable & _problems(field, values, np.zeros(len(values), dtype=bool))
        return values
    if all(cells):
        joined = "".join(cells)
        # the common column: every cell a plain number (digits, a sign, a point, an exponent).
        # There Python's float() reads exactly what the validator's pattern reads.
        if not joined.translate(_PLAIN_NUMBER) and max(map(len, cells)) <= MAX_NUMBER_CHARS:
            try:
                values = np.array([float(c) for c in cells])
            except ValueError:
                pass
            else:
                bad |= ~np.isfinite(values)
                bad |= _problems(field, values, np.zeros(len(cells), dtype=bool))
                return values
    text = np.strings.strip(np.array(cells, dtype=str))
    blank = text == ""
    long = np.strings.str_len(text) > MAX_NUMBER_CHARS  # the validator reports it (number-too-large)
    percent = np.strings.endswith(text, "%")
    if percent.any():
        if field.kind not in (F.SHARE, F.RATE):
            bad |= percent
            percent[:] = False
        else:
            for i in np.flatnonzero(percent):  # only the validator's percent forms ("1e2%" is not one)
                if F.parse_percent(str(text[i])) is None:
                    bad[i] = True
            text = np.where(percent, np.strings.strip(np.strings.rstrip(text, "%")), text)
    values = np.full(len(cells), np.nan)
    usable = ~blank & ~long
    joined = "".join(text[usable].tolist())
    if joined.isascii() and "_" not in joined:  # numpy reads what the validator's pattern reads
        try:
            values[usable] = text[usable].astype(np.float64)
        except ValueError:
            usable = _cell_by_cell(text, usable, values, bad)
    else:
        usable = _cell_by_cell(text, usable, values, bad)
    values[percent] /= 100
    bad |= long | (usable & ~np.isfinite(values))
    checked = usable & np.isfinite(values)
    bad |= checked & _problems(field, values, percent)
    return values


def _cell_by_cell(text: np.ndarray, usable: np.ndarray, values: np.ndarray, bad: np.ndarray) -> np.ndarray:
    """The slow way, for a column with something unusual in it: the validator's own pattern."""
    from advisor.profile.tables import _FLOAT, _INT

    ok = usable.copy()
    for i in np.flatnonzero(usable):
        cell = str(text[i])
        if _INT.match(cell) or _FLOAT.match(cell):
            values[i] = float(cell)
        else:
            bad[i] = True
            ok[i] = False
    return ok


def _problems(field: F.Field, values: np.ndarray, percent: np.ndarray) -> np.ndarray:
    """``Field.number_problem`` for a whole column: True where it would report one."""
    with np.errstate(invalid="ignore"):
        problem = np.zeros(values.shape, dtype=bool)
        if field.kind == F.INTEGER:
            problem |= values != np.floor(values)
        if field.low is None or field.low >= 0:
            problem |= values < 0
        if field.kind == F.SHARE:
            problem |= (values > 1) & (values <= 100) & ~percent
        if field.low is not None:
            problem |= (values < field.low) | ((values == field.low) if field.low_open else False)
        if field.high is not None:
            problem |= (values > field.high) | ((values == field.high) if field.high_open else False)
    return problem


def _choices(cells, field: F.Field, bad: np.ndarray) -> list:
    seen: dict = {}
    out = []
    for i, cell in enumerate(cells):
        if cell not in seen:
            seen[cell] = field.choice(cell) if cell.strip() else field.default
        value = seen[cell]
        if value is None:
            bad[i] = True
        out.append(value)
    return out


def check_block(plan: Plan, rows: list) -> tuple[Block | None, list]:
    """``rows``: [(line, cells)]. Returns the block of rows that pass (None if none does) and the
    rows that do not, for the full validator."""
    # a row the reader could not take (a Finding in place of its cells) or of the wrong width
    # goes to the full validator, which reports it
    shaped = [(line, cells) for line, cells in rows if isinstance(cells, list) and len(cells) == plan.width]
    misshapen = [(line, cells) for line, cells in rows if not (isinstance(cells, list) and len(cells) == plan.width)]
    if not shaped:
        return None, misshapen
    block, failed = check_columns(plan, [line for line, _ in shaped], list(zip(*(cells for _, cells in shaped))))
    return block, misshapen + [shaped[i] for i in failed]


def check_columns(plan: Plan, lines: list, columns: list) -> tuple[Block | None, list]:
    """The same checks over a table given as columns (one per header name, each a sequence of
    cell texts or ``Numbers``) whose rows are at ``lines``. Returns the block of rows that pass
    (None if none does) and the indices of the rows that do not, for the full validator."""
    n = len(lines)
    bad = np.zeros(n, dtype=bool)
    values: dict = {}
    given: dict = {}
    texts_of: dict = {}
    for path, index in plan.fields.items():
        field = F.BY_PATH[path]
        cells = columns[index]
        if field.kind not in F.NUMERIC_KINDS:
            cells = texts(cells)
        if field.kind == F.TEXT:
            stripped = [c.strip() for c in cells]
            if path == "shop.currency":
                codes = [F.parse_currency(c) if c else F.BY_PATH[path].default for c in stripped]
                bad |= np.array([c is None for c in codes], dtype=bool)
                texts_of[path] = codes
            else:
                bad |= np.array([len(c) > MAX_CELL for c in cells], dtype=bool)
                texts_of[path] = stripped
                if field.required:
                    bad |= np.array([not c for c in stripped], dtype=bool)
        elif field.kind == F.CHOICE:
            texts_of[path] = _choices(cells, field, bad)
        elif field.kind == F.BOOL:
            lowered = [c.strip().lower() for c in cells]
            bad |= np.array([c not in ("", "true", "false") for c in lowered], dtype=bool)
            values[path] = np.array([field.default if c == "" else c == "true" for c in lowered], dtype=float)
            given[path] = np.array([c != "" for c in lowered], dtype=bool)
        else:
            column = _numbers(cells, field, bad)
            if field.required:
                bad |= np.isnan(column)
            given[path] = ~np.isnan(column)
            values[path] = column
    for path, parts in plan.ranges.items():
        values[path] = _range(path, parts, columns, bad)
        given[path] = np.zeros(n, dtype=bool)  # a range is not a pinned number
    other_variable, other_fixed = np.zeros(n), np.zeros(n)
    for index, fixed_index in plan.others:
        share = _numbers(columns[index], F.OTHER_COST, bad)
        if fixed_index is None:
            fixed = np.zeros(n, dtype=bool)
        else:
            flags = [c.strip().lower() for c in texts(columns[fixed_index])]
            bad |= np.array([f not in ("", "true", "false") for f in flags], dtype=bool)
            fixed = np.array([f == "true" for f in flags], dtype=bool)
            bad |= np.isnan(share) & np.array([f != "" for f in flags], dtype=bool)  # fixed without a share
        share = np.nan_to_num(share, nan=0.0)
        other_variable += np.where(fixed, 0.0, share)
        other_fixed += np.where(fixed, share, 0.0)

    good = np.flatnonzero(~bad)
    failed = np.flatnonzero(bad).tolist()
    if good.size == 0:
        return None, failed
    pick = [int(i) for i in good]
    texts_of = {path: [column[i] for i in pick] for path, column in texts_of.items()}
    values = {path: column[good] for path, column in values.items()}
    given = {path: mask[good] for path, mask in given.items()}
    platforms = texts_of.get("shop.platform") or ["other"] * len(pick)
    _defaults(values, given, platforms, len(pick))
    block = Block([lines[i] for i in pick], texts_of["shop.name"], platforms,
                  texts_of.get("shop.category") or ["other"] * len(pick),
                  texts_of.get("shop.currency") or ["CNY"] * len(pick),
                  values, given, other_variable[good], other_fixed[good])
    return block, failed


def _range(path: str, parts: dict, columns: list, bad: np.ndarray) -> np.ndarray:
    """The point value of a range given in part columns; rows with a malformed range are bad."""
    field = F.BY_PATH[path]
    bounds = F.Field(path, field.kind, "", low=field.low, high=field.high)
    unbounded = F.Field(path, F.NUMBER, "", low=0)
    got = {part: _numbers(columns[index], unbounded if part == "sd" else bounds, bad)
           for part, index in parts.items()}
    n = len(bad)
    present = {part: ~np.isnan(column) for part, column in got.items()}
    point = np.full(n, np.nan)
    for i in range(n):
        form = tuple(sorted(part for part in got if present[part][i]))
        if not form:
            continue
        if form not in RANGE_FORMS:
            bad[i] = True
            continue
        v = {part: got[part][i] for part in form}
        if form == ("mean", "sd"):
            point[i] = v["mean"]
        elif v["low"] > v["high"] or ("mode" in v and not v["low"] <= v["mode"] <= v["high"]):
            bad[i] = True
        else:
            point[i] = v.get("mode", (v["low"] + v["high"]) / 2)
    return point


def _defaults(values: dict, given: dict, platforms: list, n: int) -> None:
    """Every default of ``check.build_profile``, for whole columns (in FIELDS order: a scaled
    default reads a base that comes earlier)."""
    for f in F.FIELDS:
        if f.kind not in F.NUMERIC_KINDS + (F.BOOL,):
            continue
        column = values.get(f.path)
        missing = np.ones(n, dtype=bool) if column is None else np.isnan(column)
        if f.path not in given:
            given[f.path] = np.zeros(n, dtype=bool)
        if not missing.any():
            continue
        if column is None:
            column = np.full(n, np.nan)
        if f.default is None:
            pass  # optional with no default (a measured override, a cap): stays NaN
        elif isinstance(f.default, tuple):
            base, factor = f.default
            column = np.where(missing, values[base] * factor, column)
        elif isinstance(f.default, F.ByChannel):
            channel = np.array([f.default.value(p) for p in platforms], dtype=float)
            column = np.where(missing, channel, column)
        else:
            column = np.where(missing, float(f.default), column)  # type: ignore[arg-type]
        values[f.path] = column


def outside_plausible(block: Block) -> list:
    """Per row, the assumptions it pins to a number outside their documented plausible range."""
    n = len(block.lines)
    flags: list = [[] for _ in range(n)]
    for f in F.ASSUMPTIONS:
        pinned = block.given.get(f.path)
        if pinned is None or not pinned.any():
            continue
        assert f.plausible is not None
        scale = block.values[f.default[0]] if isinstance(f.default, tuple) else 1.0
        value = block.values[f.path]
        with np.errstate(invalid="ignore"):
            outside = pinned & ((value < f.plausible[0] * scale - 1e-12) | (value > f.plausible[2] * scale + 1e-12))
        for i in np.flatnonzero(outside):
            flags[i].append(f.path)
    return flags


def fixed_and_variable(block: Block) -> tuple[np.ndarray, np.ndarray]:
    """v and the fixed share of each row, as ``Profile.variable_share`` / ``fixed_share`` add them."""
    v = block.values
    staff = v["costs.staff"]
    variable = v["costs.product"] + v["costs.logistics"] + v["costs.platform_fees"]
    variable = variable + staff * v["costs.staff_variable_share"] + block.other_variable
    fixed = staff * (1 - v["costs.staff_variable_share"]) + block.other_fixed
    return variable, fixed


def take(block: Block, start: int, stop: int) -> Block:
    """Rows ``start`` to ``stop`` of a block."""
    part = slice(start, stop)
    return Block(block.lines[part], block.names[part], block.platforms[part], block.categories[part],
                 block.currencies[part], {k: v[part] for k, v in block.values.items()},
                 {k: v[part] for k, v in block.given.items()}, block.other_variable[part], block.other_fixed[part])
