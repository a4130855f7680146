"""Tables of shops: CSV and JSONL files with one shop per row.

Columns (CSV header names, or JSONL keys) are the profile's dotted paths: ``shop.name``,
``costs.product``, ``pool.join_rate``, ``costs.other.returns``, ``pool.join_rate.low`` ... A
JSONL line may also hold the nested profile itself. Empty CSV cells mean "not given" (the
default applies). A row's problems are reported as ``file:line:column``: the row's line in the
file and the column's position (1 for JSONL). Reading the file itself -- encodings, line
caps, stray quotes -- is ``tablefile``'s job; a row it could not read arrives as a ``Finding``.
"""

from __future__ import annotations

import json
import re

from advisor.profile import fields as F
from advisor.profile import tablefile
from advisor.profile.check import check_document
from advisor.profile.findings import ERROR, Finding
from advisor.profile.reader import MAX_NUMBER_CHARS, Document, NumberTooLarge, number_or_too_large

TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson")
MAX_CELL = 10_000
"""A cell longer than this is not a profile value: refuse instead of carrying it around."""
MAX_KEY_CHARS = 200
"""A column name or JSON key longer than this is no profile path (the longest is ~40 characters
plus an other-cost name): refused before it is split and nested."""
MAX_KEY_PARTS = 6
"""Profile paths have at most four parts (``costs.other.NAME.share``); nesting a key of
thousands of dots would cost time and memory quadratic in its length."""

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_RANGE_PARTS = {"low", "high", "mode", "mean", "sd"}


def is_table(path: str) -> bool:
    return path.lower().endswith(TABLE_SUFFIXES)


def known_column(column: str) -> bool:
    """Is this dotted path a place a profile value can go?"""
    keys = column.split(".")
    if column in F.BY_PATH:
        return True
    if len(keys) == 3 and keys[:2] == ["costs", "other"]:
        return True
    if len(keys) == 4 and keys[:2] == ["costs", "other"] and keys[3] in ("share", "fixed"):
        return True
    if len(keys) == 3 and keys[2] in _RANGE_PARTS:
        field = F.BY_PATH.get(".".join(keys[:2]))
        return field is not None and field.uncertain
    return False


def cell_value(text: str) -> object:
    """A CSV cell as YAML would read it: numbers, true/false, else text."""
    value = text.strip()
    if _INT.match(value):
        if len(value) > MAX_NUMBER_CHARS:  # int() refuses past 4,300 digits; no float holds 309
            return NumberTooLarge(value)
        return number_or_too_large(int(value), value)
    if _FLOAT.match(value):
        return number_or_too_large(float(value), value)
    lowered = value.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in (".nan", "nan"):
        return float("nan")
    if lowered in (".inf", "inf", "+inf", "-inf", "-.inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    return value


def _nest(pairs, line: int, clashes: list | None = None) -> Document:
    """(dotted path, value, column number) triples -> a Document with positions.

    A path given twice, or given a value where another path needs a section (``pool.join_rate``
    and ``pool.join_rate.low``), keeps the first and is appended to ``clashes`` as (path, column).
    """
    data: dict = {}
    doc = Document(data)
    for path, value, col in pairs:
        keys = tuple(path.split("."))
        node: dict | None = data
        for depth, key in enumerate(keys[:-1]):
            assert node is not None
            child = node.get(key, _MISSING)
            if child is _MISSING:
                child = node[key] = {}
                doc.key_pos.setdefault(keys[: depth + 1], (line, col))
            elif not isinstance(child, dict) or keys[: depth + 1] in doc.value_pos:
                node = None
                break
            node = child
        if node is None or keys[-1] in node:
            if clashes is not None:
                clashes.append((path, col))
            continue
        node[keys[-1]] = value
        doc.key_pos[keys] = (line, col)
        doc.value_pos[keys] = (line, col)
    doc.key_pos[()] = (line, 1)
    doc.value_pos[()] = (line, 1)
    return doc


_MISSING = object()


def _clash_findings(path: str, line: int, clashes: list) -> list[Finding]:
    return [Finding(path, line, col, ERROR, "duplicate-key", "duplicate-in-row", {"key": key}) for key, col in clashes]


def csv_header(path: str, header: list[str]) -> list[Finding]:
    problems = []
    first: dict[str, int] = {}
    for col, name in enumerate(header, start=1):
        name = name.strip()
        if name in first:
            problems.append(Finding(path, 1, col, ERROR, "duplicate-key", "duplicate-column",
                                    {"key": name, "first": first[name]}))
            continue
        first[name] = col
        if len(name) > MAX_KEY_CHARS or name.count(".") >= MAX_KEY_PARTS:
            problems.append(Finding(path, 1, col, ERROR, "unknown-key", "unknown-column", {"key": name}))
        elif not known_column(name):
            import difflib

            close = difflib.get_close_matches(name.strip(), list(F.BY_PATH), n=1, cutoff=0.6)
            key = "unknown-column-hint" if close else "unknown-column"
            problems.append(Finding(path, 1, col, ERROR, "unknown-key", key,
                                    {"key": name, "hint": close[0] if close else ""}))
    return problems


def csv_row(path: str, header: list[str], line: int, cells: list[str]):
    """One CSV data row -> (profile or None, findings)."""
    if len(cells) != len(header):
        return None, [Finding(path, line, 1, ERROR, "table-row", "row-width",
                              {"got": len(cells), "expected": len(header)})]
    pairs = []
    for col, (name, text) in enumerate(zip(header, cells), start=1):
        if text.strip() == "":
            continue
        if len(text) > MAX_CELL:
            return None, [Finding(path, line, col, ERROR, "table-row", "cell-too-long", {"limit": MAX_CELL})]
        pairs.append((name.strip(), cell_value(text), col))
    clashes: list = []
    doc = _nest(pairs, line, clashes)
    if clashes:
        return None, _clash_findings(path, line, clashes)
    return check_document(doc, path)


def _flatten(obj: dict, prefix: str = "", depth: int = 1) -> list:
    items = []
    for key, value in obj.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if (isinstance(value, dict) and not (set(value) <= _RANGE_PARTS and value) and not path.startswith("costs.other.")
                and depth < MAX_KEY_PARTS):
            items += _flatten(value, path, depth + 1)
        else:
            items.append((path, value))
    return items


def _json_int(text: str) -> object:
    return NumberTooLarge(text) if len(text) > MAX_NUMBER_CHARS else number_or_too_large(int(text), text)


def _json_float(text: str) -> object:
    return number_or_too_large(float(text), text)


def _json_object(pairs: list, duplicates: list) -> dict:
    obj: dict = {}
    for key, value in pairs:
        if key in obj:
            duplicates.append(key)
        else:
            obj[key] = value
    return obj


def jsonl_row(path: str, line: int, text: str):
    """One JSONL line -> (profile or None, findings)."""
    duplicates: list = []
    try:
        obj = json.loads(text, parse_int=_json_int, parse_float=_json_float,
                         object_pairs_hook=lambda pairs: _json_object(pairs, duplicates))
    except (ValueError, RecursionError) as exc:
        col = getattr(exc, "colno", 1)
        return None, [Finding(path, line, col, ERROR, "yaml-syntax", "json-syntax", {"problem": str(exc).split(":")[0]})]
    if not isinstance(obj, dict):
        return None, [Finding(path, line, 1, ERROR, "not-a-mapping", "not-a-mapping", {"key": ""})]
    if duplicates:
        return None, _clash_findings(path, line, [(key, 1) for key in duplicates])
    pairs = _flatten(obj)
    long_keys = [p for p, _ in pairs if len(p) > MAX_KEY_CHARS or p.count(".") >= MAX_KEY_PARTS]
    if long_keys:
        return None, [Finding(path, line, 1, ERROR, "unknown-key", "unknown-column", {"key": p}) for p in long_keys]
    if any("\x00" in v for _, v in pairs if isinstance(v, str)):
        return None, [Finding(path, line, 1, ERROR, "table-row", "nul-in-row", {})]
    clashes: list = []
    doc = _nest([(p, v, 1) for p, v in pairs], line, clashes)
    if clashes:
        return None, _clash_findings(path, line, clashes)
    return check_document(doc, path)


def read_rows(path: str, chunk_rows: int, encoding: str | None = None):
    """Yield ("header", header, [problems]) for a CSV, then ("csv"|"jsonl", header, [(line, row),
    ...]) chunks; raises OSError if the file cannot be opened (see ``tablefile.read_rows``)."""
    return tablefile.read_rows(path, chunk_rows, encoding)


def parse_chunk(path: str, kind: str, header, rows) -> list:
    """Rows of one chunk -> [(source, profile or None, findings)]. A row that could not be read
    is already its finding; an unexpected exception costs its row, reported as an internal error."""
    out: list = []
    for line, row in rows:
        source = f"{path}:{line}"
        if isinstance(row, Finding):
            out.append((source, None, [row]))
            continue
        try:
            profile, findings = csv_row(path, header, line, row) if kind == "csv" else jsonl_row(path, line, row)
        except Exception as exc:  # a bug must cost one row, not the batch
            profile, findings = None, [internal_error(path, line, exc)]
        if profile is not None:
            profile.source = source
        out.append((source, profile, findings))
    return out


def internal_error(path: str, line: int, exc: BaseException) -> Finding:
    """An unexpected exception while reading one input, as a finding of that input."""
    return Finding(path, line, 1 if line else 0, ERROR, "internal-error", "internal-error",
                   {"error": f"{type(exc).__name__}: {str(exc)[:200]}"})
