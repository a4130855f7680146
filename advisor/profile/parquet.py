"""Parquet tables of shops: one shop a row, columns named by the profile's dotted paths.

A Parquet table is read as the CSV table of the same cells would be: a number column holds
numbers (each read as the float Python's ``repr`` of it reads back to), a null is an empty cell
(the default applies), a boolean column holds ``true`` / ``false`` and a text column holds text
-- ``"30%"`` is a share there as in a CSV. So a shop has the same result whichever of the two
formats it came in, and the full validator reports a bad row exactly as it would for CSV.
Rows are numbered from 1 (the first shop) within their file; a finding is ``file:ROW:COLUMN``,
the column by its position in the file's schema. Problems of the schema itself (an unknown or
doubled column, a column of lists or dates) concern the whole file, which is skipped.

The parent reads only footers (``split``): a file is cut into parts of at most ``PART_ROWS``
rows along its row groups, and each part is read by the worker that scores it, in record
batches of ``BATCH_ROWS`` (``read_part``). pyarrow is an optional extra, imported only here.
Paths with a scheme (``s3://``, ``gs://``, ``file://``) are read through fsspec with the given
``storage_options``.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import NamedTuple

import numpy as np

from advisor.errors import UsageError
from advisor.profile.columns import Numbers
from advisor.profile.findings import ERROR, Finding

SUFFIXES = (".parquet",)
PART_ROWS = 100_000
"""Rows a part holds at most: one task of a worker (local pool or Dask). Large enough that a
part's overhead (a task, a footer read, a file written) is under 1% of scoring it (~30 us a
shop), small enough that a part's inputs and results take a few tens of MB. A row group larger
than this is cut into several parts; each reads the row group up to its own rows (decoding is
a few hundred times cheaper than scoring)."""
BATCH_ROWS = 5_000
"""Rows checked and scored at once inside a part (as the CSV path's chunks)."""


class Part(NamedTuple):
    """Rows ``start`` to ``stop`` of row group ``row_group`` of ``path``; ``first_row`` is the
    number (from 1) in the file of the part's first row."""

    path: str
    row_group: int
    start: int
    stop: int
    first_row: int


def is_parquet(path: str) -> bool:
    return path.lower().endswith(SUFFIXES)


def is_url(path: str) -> bool:
    """A path with a scheme (``s3://bucket/key``) rather than a local file."""
    scheme, sep, _ = path.partition("://")
    return bool(sep) and scheme.isascii() and scheme.replace("+", "").replace("-", "").isalnum() and len(scheme) > 1


def require() -> None:
    """Raise a usage error saying how to install pyarrow, when it is not installed."""
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise UsageError("missing-extra", what="Parquet", extra="parquet", packages="pyarrow") from None


@contextmanager
def _open(path: str, storage_options: dict | None):
    """The ``pyarrow.parquet.ParquetFile`` of a local path or a URL (closed with the block)."""
    import pyarrow.parquet as pq

    if is_url(path):
        try:
            import fsspec
        except ImportError:
            raise UsageError("missing-extra", what=path, extra="dask", packages="fsspec") from None
        try:
            fs, inner = fsspec.core.url_to_fs(path, **(storage_options or {}))
        except ImportError as exc:  # the scheme's own package: s3fs, gcsfs ...
            raise UsageError("missing-filesystem", path=path, reason=str(exc)[:200]) from None
        raw = fs.open(inner, "rb")
    else:
        from advisor.profile.textfile import open_regular

        raw = open_regular(path)
    with raw:
        yield pq.ParquetFile(raw)


def _kind(arrow_type) -> str | None:
    """How a column of this Arrow type is read: "number", "bool", "text", or None (refused)."""
    import pyarrow.types as pt

    if pt.is_integer(arrow_type) or pt.is_floating(arrow_type) or pt.is_decimal(arrow_type):
        return "number"
    if pt.is_boolean(arrow_type):
        return "bool"
    if pt.is_string(arrow_type) or pt.is_large_string(arrow_type) or pt.is_null(arrow_type):
        return "text"
    if pt.is_dictionary(arrow_type):
        return _kind(arrow_type.value_type)
    return None


def unreadable(path: str, exc: BaseException) -> Finding:
    return Finding(path, 0, 0, ERROR, "parquet", "parquet-unreadable", {"reason": f"{type(exc).__name__}: {str(exc)[:200]}"})


def schema_problems(path: str, schema) -> list[Finding]:
    """Problems of the columns themselves: unknown or doubled names (as a CSV header's), and
    types no profile value has. Each concerns the whole file (no row position)."""
    from advisor.profile.tables import csv_header

    names = list(schema.names)
    problems = [Finding(f.file, 0, 0, f.severity, f.rule, f.message_key, f.params) for f in csv_header(path, names)]
    for position, field in enumerate(schema, start=1):
        if _kind(field.type) is None:
            problems.append(Finding(path, 0, 0, ERROR, "parquet", "parquet-column-type",
                                    {"key": field.name, "column": position, "type": str(field.type)}))
    return problems


def split(path: str, storage_options: dict | None = None, part_rows: int = PART_ROWS):
    """(header, problems, parts) of a Parquet file from its footer alone. ``problems`` (the file
    cannot be read, or its schema is refused) means the file is skipped."""
    try:
        with _open(path, storage_options) as meta:
            schema = meta.schema_arrow
            groups = [meta.metadata.row_group(i).num_rows for i in range(meta.metadata.num_row_groups)]
    except (OSError, ImportError):
        raise
    except Exception as exc:  # not Parquet, a damaged footer
        return [], [unreadable(path, exc)], []
    problems = schema_problems(path, schema)
    if problems:
        return list(schema.names), problems, []
    parts, row = [], 1
    for group, count in enumerate(groups):
        for start in range(0, count, part_rows):
            stop = min(count, start + part_rows)
            parts.append(Part(path, group, start, stop, row + start))
        row += count
    return list(schema.names), [], parts


def read_part(part: Part, storage_options: dict | None = None):
    """Yield (row numbers, record batch) of a part, ``BATCH_ROWS`` rows at a time."""
    with _open(part.path, storage_options) as source:
        at = 0  # the row group's row the next batch starts at
        for batch in source.iter_batches(batch_size=BATCH_ROWS, row_groups=[part.row_group], use_threads=False):
            begin, end = max(part.start, at), min(part.stop, at + batch.num_rows)
            if begin < end:
                rows = batch.slice(begin - at, end - begin)
                first = part.first_row + begin - part.start
                yield list(range(first, first + rows.num_rows)), rows
            at += batch.num_rows
            if at >= part.stop:
                break


def columns_of(batch) -> list:
    """A record batch's columns as the column checks take them: ``Numbers`` for number columns,
    cell texts for the others."""
    return [_column(batch.column(i)) for i in range(batch.num_columns)]


def _column(array):
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = _kind(array.type)
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if kind == "number":
        null = np.asarray(array.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        floats = pc.cast(array, pa.float64(), safe=False).fill_null(0.0)
        values = np.asarray(floats.to_numpy(zero_copy_only=False), dtype=float)
        return Numbers(values, null, lambda: [_number_text(v) for v in array.to_pylist()])
    if kind == "bool":
        return ["" if v is None else ("true" if v else "false") for v in array.to_pylist()]
    return ["" if v is None else v for v in array.to_pylist()]


def _number_text(value) -> str:
    """A number as a CSV cell holds it: ``repr`` reads back to the very float."""
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def row_cells(columns: list, index: int) -> list[str]:
    """Row ``index`` of ``columns`` as CSV cells, for the full validator."""
    from advisor.profile.columns import texts

    return [texts(column)[index] for column in columns]


def expand(url: str, storage_options: dict | None = None) -> tuple[list[str], list[Finding]]:
    """The Parquet files a URL names: itself, the files below it (a folder, a prefix), or the
    files a pattern matches; problems (nothing there) as findings."""
    if is_parquet(url) and not any(ch in url for ch in "*?["):
        return [url], []
    require()
    try:
        import fsspec

        fs, inner = fsspec.core.url_to_fs(url, **(storage_options or {}))
    except ImportError as exc:
        raise UsageError("missing-filesystem", path=url, reason=str(exc)[:200]) from None
    try:
        found = fs.glob(inner) if any(ch in inner for ch in "*?[") else fs.find(inner)
    except OSError:
        found = []
    files = [fs.unstrip_protocol(p) for p in sorted(found) if is_parquet(p)]
    if not files:
        if found:
            raise UsageError("url-needs-parquet", path=url)
        return [], [Finding(url, 0, 0, ERROR, "unreadable", "file-not-found", {})]
    return files, []
