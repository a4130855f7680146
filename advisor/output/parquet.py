"""The batch's result table as Parquet: one file (``--output ranking.parquet``), or the parts of a
Dask run, all with one schema generated from ``ranking.KINDS``.

Parquet is a data format: numbers are kept whole (not rounded as in CSV), a missing value is
null, booleans are booleans, and text is the exact text (as in JSON: no escaping, no formula
defusing -- a Parquet reader does not run cells). Rows are written in row groups of
``GROUP_ROWS``. pyarrow is imported only when a Parquet file is written.
"""

from __future__ import annotations

import os

from advisor.advice.ranking import COLUMNS, KINDS

GROUP_ROWS = 100_000
"""Rows a row group holds: the unit a reader (or ``advisor batch --engine dask``) takes at once."""


def schema():
    """The Arrow schema of the result table."""
    import pyarrow as pa

    types = {"int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_(), "string": pa.string()}
    return pa.schema([pa.field(column, types[KINDS[column]]) for column in COLUMNS])


def table(rows, start: int = 0, stop: int | None = None):
    """Rows ``start:stop`` of a result table (``ranking.Results``) as an Arrow table."""
    import pyarrow as pa

    shape = schema()
    arrays = [pa.array(values, type=shape.field(column).type, mask=missing)
              for column, (values, missing) in rows.arrays(start, stop).items()]
    return pa.Table.from_arrays(arrays, schema=shape)


def to_parquet(rows, t, out) -> None:
    """The batch writer: the ranked rows to a binary stream."""
    import pyarrow.parquet as pq

    with pq.ParquetWriter(out, schema()) as writer:
        for start in range(0, max(len(rows), 1), GROUP_ROWS):
            writer.write_table(table(rows, start, start + GROUP_ROWS))


def write_frame(frame, path: str) -> None:
    """A Dask partition of results (a pandas frame of the result columns) to the file ``path``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = pa.Table.from_pandas(frame[list(COLUMNS)], schema=schema(), preserve_index=False)
    pq.write_table(arrow, path, row_group_size=GROUP_ROWS)


def rank_part(path: str, offsets) -> None:
    """Fill in the ``rank`` of a written part: a row of health score ``h`` ranks
    ``offsets[h]`` plus the number of rows of that score before it in the part (ties keep input
    order, as ``Results.ranked`` does). The part is replaced atomically."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    part = pq.read_table(path, schema=schema())
    health = part.column("health_score").to_numpy()
    order = np.argsort(health, kind="stable")
    sorted_health = health[order]
    starts = np.flatnonzero(np.r_[True, sorted_health[1:] != sorted_health[:-1]])
    run = np.repeat(starts, np.diff(np.r_[starts, len(health)]))
    rank = np.empty(len(health), dtype=np.int64)
    rank[order] = np.asarray(offsets, dtype=np.int64)[sorted_health] + np.arange(len(health)) - run
    part = part.set_column(COLUMNS.index("rank"), schema().field("rank"), pa.array(rank))
    temporary = path + ".ranked"
    pq.write_table(part, temporary, row_group_size=GROUP_ROWS)
    os.replace(temporary, path)
