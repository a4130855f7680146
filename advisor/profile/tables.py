"""Tables of shops: CSV and JSONL files with one shop per row.

Columns (CSV header names, or JSONL keys) are the profile's dotted paths: ``shop.name``,
``costs.product``, ``pool.join_rate``, ``costs.other.returns``, ``pool.join_rate.low`` ... A
JSONL line may also hold the nested profile itself. Empty CSV cells mean "not given" (the
default applies). A row's problems are reported as ``file:line:column``: the row's line in the
file and the column's position (1 for JSONL).
"""

from __future__ import annotations

import csv
import json
import re

from advisor.profile import fields as F
from advisor.profile.check import check_document
from advisor.profile.findings import ERROR, Finding
from advisor.profile.reader import Document

TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson")
MAX_CELL = 10_000
"""A cell longer than this is not a profile value: refuse instead of carrying it around."""

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
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    lowered = value.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in (".nan", "nan"):
        return float("nan")
    if lowered in (".inf", "inf", "+inf", "-inf", "-.inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    return value


def _nest(pairs, line: int) -> Document:
    """(dotted path, value, column number) triples -> a Document with positions."""
    data: dict = {}
    doc = Document(data)
    for path, value, col in pairs:
        keys = tuple(path.split("."))
        node = data
        for depth, key in enumerate(keys[:-1]):
            child = node.get(key)
            if not isinstance(child, dict):
                child = node[key] = {}
                doc.key_pos.setdefault(keys[: depth + 1], (line, col))
            node = child
        node[keys[-1]] = value
        doc.key_pos[keys] = (line, col)
        doc.value_pos[keys] = (line, col)
    doc.key_pos[()] = (line, 1)
    doc.value_pos[()] = (line, 1)
    return doc


def csv_header(path: str, header: list[str]) -> list[Finding]:
    problems = []
    for col, name in enumerate(header, start=1):
        if not known_column(name.strip()):
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
    return check_document(_nest(pairs, line), path)


def _flatten(obj: dict, prefix: str = "") -> list:
    items = []
    for key, value in obj.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict) and not (set(value) <= _RANGE_PARTS and value) and not path.startswith("costs.other."):
            items += _flatten(value, path)
        else:
            items.append((path, value))
    return items


def jsonl_row(path: str, line: int, text: str):
    """One JSONL line -> (profile or None, findings)."""
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError) as exc:
        col = getattr(exc, "colno", 1)
        return None, [Finding(path, line, col, ERROR, "yaml-syntax", "json-syntax", {"problem": str(exc).split(":")[0]})]
    if not isinstance(obj, dict):
        return None, [Finding(path, line, 1, ERROR, "not-a-mapping", "not-a-mapping", {"key": ""})]
    pairs = [(p, v, 1) for p, v in _flatten(obj)]
    return check_document(_nest(pairs, line), path)


def read_rows(path: str, chunk_rows: int):
    """Yield ("csv"|"jsonl", header, [(line, row), ...]) chunks; raises OSError if unreadable.

    Chunks stream from the file, so memory stays bounded whatever the table's size.
    """
    with open(path, newline="", encoding="utf-8-sig", errors="strict") as fh:
        if path.lower().endswith(".csv"):
            reader = csv.reader(fh)
            header = next(reader, None)
            chunk: list
            if header is None:
                return
            yield "header", header, []
            chunk = []
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                chunk.append((reader.line_num, row))
                if len(chunk) >= chunk_rows:
                    yield "csv", header, chunk
                    chunk = []
            if chunk:
                yield "csv", header, chunk
        else:
            chunk = []
            for line_no, text in enumerate(fh, start=1):
                if text.strip():
                    chunk.append((line_no, text))
                    if len(chunk) >= chunk_rows:
                        yield "jsonl", None, chunk
                        chunk = []
            if chunk:
                yield "jsonl", None, chunk


def parse_chunk(path: str, kind: str, header, rows) -> list:
    """Rows of one chunk -> [(source, profile or None, findings)]."""
    out: list = []
    for line, row in rows:
        source = f"{path}:{line}"
        profile, findings = csv_row(path, header, line, row) if kind == "csv" else jsonl_row(path, line, row)
        if profile is not None:
            profile.source = source
        out.append((source, profile, findings))
    return out
