"""``advisor batch --engine dask``: the batch past one machine.

The inputs are Parquet files (local, or ``s3://...`` through fsspec). The client reads only their
footers and cuts them into parts (``parquet.split``: at most ``PART_ROWS`` rows, along row
groups); ``dask.dataframe.from_map`` makes one partition of each part, read on the worker, and
``map_partitions`` maps ``batch.score_table`` -- the very function the local engine runs -- over
them, with an explicit ``meta`` generated from the result schema (``ranking.KINDS``). Each
partition's results are written by the worker as one Parquet part, in input order by name
(``part-FILE-ROW.parquet``); a partition hands back only its findings, counts and a histogram
of health scores. From the histograms the client knows every shop's rank (health is an integer
from 0 to 100; ties keep input order, as in the local engine) and a second pass writes it into
each part. Nothing the size of the table ever reaches the client.

A row's problems are findings, never fatal; a worker that dies is replaced by Dask and its
partition retried (``distributed.scheduler.allowed-failures``); when it keeps dying, the run
ends with one ``EngineError``. Writing the parts under a temporary directory and renaming it
into place is the caller's (``output.atomic.directory``): this module never imports output;
the functions that write a part and rank it are handed in.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

import numpy as np

from advisor.errors import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, AdvisorError, UsageError
from advisor.profile.findings import Finding

HEALTH_SCORES = 101
"""Health scores run from 0 to 100 (``advice.score``): the ranks come from their histogram."""
FILE, ROW, PROBLEMS = "__advisor_file", "__advisor_row", "__advisor_problems"
"""The columns the engine adds: an input row's file (by index) and row number; and, on one
bookkeeping row per partition, its findings and counts."""


CONNECT_TIMEOUT = "10s"
"""How long to try reaching a given scheduler before saying it cannot be reached."""


class EngineError(AdvisorError):
    """The cluster failed (not a row): a worker that kept dying, a scheduler out of reach."""

    exit_code = EXIT_INTERNAL


def require() -> None:
    """Raise a usage error saying how to install the extra, when dask is missing."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        raise UsageError("missing-extra", what="--engine dask", extra="dask",
                         packages="dask[dataframe], distributed, pyarrow") from None


@dataclass
class ScaleRun:
    findings: list = field(default_factory=list)
    invalid_sources: int = 0
    sources: int = 0
    scored: int = 0
    parts: int = 0
    histogram: np.ndarray = field(default_factory=lambda: np.zeros(HEALTH_SCORES, dtype=np.int64))
    fail_under: int | None = None

    @property
    def below(self) -> int:
        return 0 if self.fail_under is None else int(self.histogram[: self.fail_under].sum())

    @property
    def exit_code(self) -> int:
        if any(f.rule == "internal-error" for f in self.findings):
            return EXIT_INTERNAL
        return EXIT_FINDINGS if self.invalid_sources or self.below else EXIT_OK


def result_meta():
    """The pandas frame a scored partition is: the result columns, typed by ``ranking.KINDS``
    (nullable), and the bookkeeping column."""
    import pandas as pd
    import pyarrow as pa

    from advisor.advice.ranking import COLUMNS, KINDS

    types = {"int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_(), "string": pa.string()}
    columns = {c: pd.Series([], dtype=pd.ArrowDtype(types[KINDS[c]])) for c in COLUMNS}
    columns[PROBLEMS] = pd.Series([], dtype=pd.ArrowDtype(pa.string()))
    return pd.DataFrame(columns)


def summary_meta():
    import pandas as pd

    return pd.DataFrame({"part": pd.Series([], dtype=object), "summary": pd.Series([], dtype=object)})


def read_part(item, storage_options):
    """One partition: a part's rows as a pandas frame (Arrow-backed: nulls stay nulls, numbers
    keep their type), with the file index and row number of each row."""
    import pandas as pd
    import pyarrow as pa

    from advisor.profile import parquet

    index, part = item
    batches = [batch.append_column(FILE, pa.array([index] * batch.num_rows, type=pa.int64()))
                    .append_column(ROW, pa.array(lines, type=pa.int64()))
               for lines, batch in parquet.read_part(part, storage_options)]
    if not batches:
        return pd.DataFrame({FILE: pd.Series([], dtype="int64"), ROW: pd.Series([], dtype="int64")})
    return pa.Table.from_batches(batches).to_pandas(types_mapper=pd.ArrowDtype)


def score_partition(frame, files: list):
    """``batch.score_table`` over a partition, as a frame of ``result_meta``'s columns: one row a
    scored shop, then one bookkeeping row (findings, counts, the part's place)."""
    import pandas as pd
    import pyarrow as pa

    from advisor.advice.ranking import Results
    from advisor.batch import score_table
    from advisor.profile import parquet

    meta = result_meta()
    table = pa.Table.from_pandas(frame, preserve_index=False)
    n = table.num_rows
    index = table.column(FILE)[0].as_py() if n else -1
    rows = table.column(ROW).to_pylist()
    data = table.drop_columns([FILE, ROW]).combine_chunks()
    path = files[index] if n else ""
    parts, findings, invalid = [], [], 0
    for start in range(0, n, parquet.BATCH_ROWS):
        batch = data.slice(start, parquet.BATCH_ROWS).to_batches()[0]
        scored, found, lost, _ = score_table(path, batch.schema.names, rows[start:start + parquet.BATCH_ROWS],
                                             parquet.columns_of(batch))
        parts.append(scored)
        findings += found
        invalid += lost
    results = Results.concat(parts)
    book = {"file": index, "first": rows[0] if rows else 0, "invalid": invalid, "total": n,
            "findings": [[f.file, f.line, f.column, f.severity, f.rule, f.message_key, f.params] for f in findings]}
    columns = {}
    for column, (values, missing) in results.arrays().items():
        arrow_type = meta[column].dtype.pyarrow_dtype
        filled = pa.array(values, type=arrow_type, mask=missing)
        columns[column] = pd.array(pa.concat_arrays([filled, pa.nulls(1, arrow_type)]), dtype=meta[column].dtype)
    columns[PROBLEMS] = pd.array([None] * len(results) + [json.dumps(book, ensure_ascii=False, default=str)],
                                 dtype=meta[PROBLEMS].dtype)
    return pd.DataFrame(columns)


def write_partition(frame, directory: str, write_part):
    """Write a scored partition's shops as one part; hand back its bookkeeping and histogram."""
    import pandas as pd

    book_rows = frame[frame[PROBLEMS].notna()]
    shops = frame[frame[PROBLEMS].isna()]
    book = json.loads(book_rows[PROBLEMS].iloc[-1]) if len(book_rows) else {"file": -1, "first": 0, "invalid": 0,
                                                                            "total": 0, "findings": []}
    name = f"part-{book['file']:05d}-{book['first']:012d}.parquet"
    health = shops["health_score"].to_numpy(dtype=np.int64)
    histogram = np.bincount(health, minlength=HEALTH_SCORES)[:HEALTH_SCORES] if len(health) else np.zeros(HEALTH_SCORES)
    if len(shops):
        write_part(shops.drop(columns=PROBLEMS), os.path.join(directory, name))
    book["histogram"] = [int(v) for v in histogram]
    book["scored"] = len(shops)
    return pd.DataFrame({"part": [name if len(shops) else ""], "summary": [json.dumps(book, ensure_ascii=False)]})


def plan(files: list[str], storage_options: dict | None, part_rows: int):
    """(parts as (file index, part), findings of files that are skipped) from the footers."""
    from advisor.profile import parquet
    from advisor.profile.load import unreadable

    parts, problems = [], []
    for index, path in enumerate(files):
        try:
            _header, found, cut = parquet.split(path, storage_options, part_rows)
        except OSError as exc:
            found, cut = [unreadable(path, exc)], []
        problems += found
        parts += [(index, part) for part in cut]
    return parts, problems


def run_dask(files: list[str], directory: str, *, write_part, rank_part, scheduler: str | None = None,
             workers: int = 1, storage_options: dict | None = None, fail_under: int | None = None,
             part_rows: int | None = None, score=None) -> ScaleRun:
    """Score the Parquet ``files`` on a Dask cluster (the scheduler at ``scheduler``, else a
    local one of ``workers`` processes), writing the result parts into ``directory``.
    ``write_part(frame, path)`` writes one partition's results; ``rank_part(path, offsets)``
    fills in its ranks. ``score``: the partition function (tests hand in a failing one)."""
    import dask
    import dask.dataframe as dd

    from advisor.profile import parquet

    result = ScaleRun(fail_under=fail_under)
    parts, problems = plan(files, storage_options, part_rows or parquet.PART_ROWS)
    result.findings += problems
    skipped = len({f.file for f in problems})  # files whose schema (or footer) was refused: one input each
    result.invalid_sources += skipped
    result.sources += skipped
    if not parts:
        return result
    with _client(scheduler, workers):
        inputs = dd.from_map(read_part, parts, args=[storage_options], meta=_input_meta(), enforce_metadata=False,
                             label="read-parquet-part")
        scored = inputs.map_partitions(score or score_partition, files, meta=result_meta(), enforce_metadata=False)
        written = scored.map_partitions(write_partition, directory, write_part, meta=summary_meta(),
                                        enforce_metadata=False)
        summaries = _compute(written, scheduler)
        books = sorted((json.loads(text) for text in summaries["summary"]), key=lambda b: (b["file"], b["first"]))
        ranks = _offsets(books)
        part_of = {(b["file"], b["first"]): f"part-{b['file']:05d}-{b['first']:012d}.parquet" for b in books}
        tasks = [dask.delayed(rank_part)(os.path.join(directory, part_of[(b["file"], b["first"])]), offsets)
                 for b, offsets in zip(books, ranks) if b["scored"]]
        _compute(tasks, scheduler)
    for book in books:
        result.findings += [Finding(*f) for f in book["findings"]]
        result.invalid_sources += book["invalid"]
        result.sources += book["total"]
        result.scored += book["scored"]
        result.histogram += np.asarray(book["histogram"], dtype=np.int64)
        result.parts += bool(book["scored"])
    return result


def _offsets(books: list) -> list:
    """Per part (in input order), the rank of the first shop of each health score in it."""
    histograms = np.array([b["histogram"] for b in books], dtype=np.int64).reshape(len(books), HEALTH_SCORES)
    total = histograms.sum(axis=0)
    above = np.concatenate([np.cumsum(total[::-1])[::-1][1:], [0]])  # shops of a higher score
    before = np.cumsum(histograms, axis=0) - histograms  # of the same score, in earlier parts
    return [(1 + above + before[k]).tolist() for k in range(len(books))]


def _input_meta():
    import pandas as pd

    return pd.DataFrame({FILE: pd.Series([], dtype="int64"), ROW: pd.Series([], dtype="int64")})


class _client:
    """A distributed client: on the scheduler at ``address``, else on a local cluster of worker
    processes (no dashboard); closed with the block."""

    def __init__(self, address: str | None, workers: int) -> None:
        self.address, self.workers = address, workers
        self.cluster = self.client = None

    def __enter__(self):
        import logging

        from distributed import Client, LocalCluster

        try:
            if self.address:
                self.client = Client(self.address, timeout=CONNECT_TIMEOUT)
            else:
                self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                            dashboard_address=None, silence_logs=logging.CRITICAL)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            self.__exit__()
            raise EngineError("dask-scheduler", address=self.address or "local", reason=str(exc)[:200]) from None
        return self.client

    def __exit__(self, *exc) -> None:
        for thing in (self.client, self.cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # closing after a failure: the failure is what counts
                    pass


def _compute(collection, scheduler: str | None):
    """Compute on the active client; a worker that kept dying or a lost connection becomes one
    ``EngineError``."""
    import dask
    from distributed import KilledWorker

    try:
        if isinstance(collection, list):
            return dask.compute(*collection)
        return collection.compute()
    except KilledWorker as exc:
        raise EngineError("dask-worker-died", task=str(getattr(exc, "task", ""))[:120],
                          workers=scheduler or "local") from None
    except (OSError, TimeoutError) as exc:  # the scheduler went away (CommClosedError is an OSError)
        raise EngineError("dask-lost", address=scheduler or "local", reason=str(exc)[:200]) from None
    except AdvisorError:
        raise
    except Exception as exc:  # raised in a task outside every row's boundary: a bug, said once
        raise EngineError("dask-failed", error=f"{type(exc).__name__}: {str(exc)[:200]}") from None
