"""Scoring many shops: profile files and tables in, one result row per shop out.

Work is cut into chunks of a fixed size (so results never depend on ``--jobs``), each chunk is
parsed, validated and scored by one vectorised model call, and chunks run on a process pool
(``advisor.workers``). At most ``2 x jobs`` chunks are in flight, so a table of any size
streams in bounded memory. A bad file or row becomes findings; it never stops the batch. An
unexpected exception costs the file or row it came from (an ``internal-error`` finding), and a
chunk whose worker died twice is reported as lost; everything else is still scored.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from itertools import chain, islice

from advisor.advice.ranking import Results, score_block, score_profiles
from advisor.errors import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK
from advisor.profile import tablefile, tables
from advisor.profile.findings import ERROR, NOTE, Finding
from advisor.profile.load import read_file, unreadable

FILES_PER_CHUNK = 1000
ROWS_PER_CHUNK = 5000


@dataclass
class BatchRun:
    """What a batch produced; it decides the exit code (like ``ValidationRun``)."""

    parts: list = field(default_factory=list)  # ranking.Results of each chunk, in input order
    findings: list = field(default_factory=list)
    invalid_sources: int = 0
    sources: int = 0
    fail_under: int | None = None
    worker_deaths: int = 0  # workers that died; their chunks were retried once, then reported

    @property
    def rows(self) -> Results:
        """Every shop's result, in input order."""
        if len(self.parts) != 1:
            self.parts = [Results.concat(self.parts)]
        return self.parts[0]

    @property
    def below(self) -> Results:
        """The shops whose health score is under ``fail_under``."""
        if self.fail_under is None:
            return Results.empty()
        return self.rows.below(self.fail_under)

    @property
    def internal_errors(self) -> int:
        return sum(1 for f in self.findings if f.rule == "internal-error")

    @property
    def exit_code(self) -> int:
        """2 when the tool failed on some input (its other inputs are still scored and written),
        1 when any input was invalid or any shop scores under ``fail_under``, else 0."""
        if self.internal_errors:
            return EXIT_INTERNAL
        return EXIT_FINDINGS if self.invalid_sources or self.below else EXIT_OK


def _score(good: list, places: list) -> tuple[Results, list]:
    """Result rows of ``good`` [(source, profile)] and internal-error findings: when the
    vectorised call fails, each shop is scored alone, so that only the one at fault is lost.
    ``places``: the (file, line) of each shop, to report it."""
    try:
        return score_profiles(good, places), []
    except Exception as exc:
        if len(good) == 1:
            path, line = places[0]
            return Results.empty(), [tables.internal_error(path, line, exc)]
    parts, findings = [], []
    for item, place in zip(good, places):
        scored, lost = _score([item], [place])
        parts.append(scored)
        findings += lost
    return Results.concat(parts), findings


def _score_file_chunk(paths: list[str], encoding: str | None = None, found_in_folders: tuple = ()):
    """``found_in_folders``: per path, was it found in a folder (a file that is not a profile is
    then skipped with a note, not counted invalid) rather than named by the user."""
    good, places, findings, skipped = [], [], [], 0
    for index, path in enumerate(paths):
        p, found = read_file(path, warnings=False, encoding=encoding,
                             only_profiles=bool(found_in_folders and found_in_folders[index]))
        if found and found[0].severity == NOTE:
            findings += found
            skipped += 1
            continue
        findings += [f for f in found if f.is_error]
        if p is not None:
            good.append((path, p))
            places.append((path, 0))
    rows, lost = _score(good, places)
    return rows, findings + lost, len(paths) - len(rows) - skipped, len(paths)


def _score_table_chunk(path: str, kind: str, header, rows):
    """A chunk of table rows: CSV columns checked and scored as arrays, and the rows that fail a
    fast check (or a JSONL line) through the full validator, for their exact findings."""
    from advisor.profile import columns

    total = len(rows)
    scored = Results.empty()
    plan = columns.compile_header(header) if kind == "csv" else None
    if plan is not None:
        try:
            block, left = columns.check_block(plan, rows)
            if block is not None:
                scored = score_block(path, block)
            rows = left
        except Exception:  # a bug in the column path: every row takes the full validator instead
            scored = Results.empty()
    return _validated(path, kind, header, rows, scored, total)


def score_table(path: str, header: list, lines: list, table: list):
    """The scoring core of a table of shops, whatever engine runs it: ``table`` holds one column
    per ``header`` name (cell texts, or ``columns.Numbers``), its rows at ``lines`` of ``path``.
    Returns (results, findings, invalid rows, rows): the rows that pass the column checks are
    scored as arrays, the others go through the full validator, which reports their problems.
    Pure: the same table gives the same results, in any process."""
    from advisor.profile import columns, parquet

    total = len(lines)
    scored = Results.empty()
    failed: list = list(range(total))
    plan = columns.compile_header(header)
    if plan is not None:
        try:
            block, failed = columns.check_columns(plan, lines, table)
            if block is not None:
                scored = score_block(path, block)
        except Exception:  # a bug in the column path: every row takes the full validator instead
            scored, failed = Results.empty(), list(range(total))
    rows = [(lines[i], parquet.row_cells(table, i)) for i in failed]
    return _validated(path, "csv", header, rows, scored, total)


def _validated(path: str, kind: str, header, rows: list, scored: Results, total: int):
    """``scored`` with the ``rows`` the column checks did not take, through the full validator."""
    good, places, findings = [], [], []
    for (line, _), (source, p, found) in zip(rows, tables.parse_chunk(path, kind, header, rows)):
        findings += [f for f in found if f.is_error]
        if p is not None:
            good.append((source, p))
            places.append((path, line))
    more: Results
    more, lost = _score(good, places)
    if len(more) and len(scored):  # rows the fast checks sent on but the validator accepted: back in file order
        scored = Results.concat([scored, more]).in_file_order()
    elif len(more):
        scored = more
    return scored, findings + lost, total - len(scored), total


def score_parquet_part(part, storage_options: dict | None = None):
    """A part of a Parquet file (``parquet.split``), read by the worker that scores it."""
    from advisor.profile import parquet

    parts, findings, invalid, total = [], [], 0, 0
    try:
        for lines, batch in parquet.read_part(part, storage_options):
            scored, found, lost, count = score_table(part.path, batch.schema.names, lines, parquet.columns_of(batch))
            parts.append(scored)
            findings += found
            invalid += lost
            total += count
    except (OSError, ImportError):
        raise
    except Exception as exc:  # damaged pages: the rest of the part cannot be read
        done = total
        first, last = part.first_row + done, part.first_row + (part.stop - part.start) - 1
        findings.append(Finding(part.path, first, 1, ERROR, "parquet", "parquet-rows-unreadable",
                                {"first": first, "last": last, "reason": f"{type(exc).__name__}: {str(exc)[:200]}"}))
        invalid += last - first + 1
        total += last - first + 1
    return Results.concat(parts), findings, invalid, total


def _score_table_range(path: str, kind: str, encoding: str, header, start: int, end: int, first_line: int,
                       last_line: int):
    """A range of a table's lines (``tablefile.split``), read by the worker itself: only the
    range's place in the file crosses the process boundary, not its rows."""
    parts, findings, invalid, total = [], [], 0, 0
    for chunk_kind, chunk_header, rows in tablefile.read_range(path, kind, encoding, header, start, end, first_line,
                                                                ROWS_PER_CHUNK):
        if chunk_kind == "header":  # the file has no rows at all: its problem, as one input
            findings += rows
            invalid += 1
            total += 1
            continue
        scored, found, lost, count = _score_table_chunk(path, chunk_kind, chunk_header, rows)
        parts.append(scored)
        findings += found
        invalid += lost
        total += count
    return Results.concat(parts), findings, invalid, total


def _lost(fn, args, message_key: str, params: dict) -> tuple:
    """The outcome of a chunk that could not be run: its inputs reported, none scored."""
    if fn is score_parquet_part:
        part = args[0]
        first, last = part.first_row, part.first_row + part.stop - part.start - 1
        finding = Finding(part.path, first, 1, ERROR, "internal-error", message_key + "-rows",
                          dict(params, first=first, last=last))
        return Results.empty(), [finding], last - first + 1, last - first + 1
    if fn is _score_table_range:
        path, first, last = args[0], args[6], args[7]
        finding = Finding(path, first, 1, ERROR, "internal-error", message_key + "-rows",
                          dict(params, first=first, last=last))
        return Results.empty(), [finding], last - first + 1, last - first + 1
    if fn is _score_table_chunk:
        path, _, _, rows = args
        first, last = rows[0][0], rows[-1][0]
        finding = Finding(path, first, 1, ERROR, "internal-error", message_key + "-rows",
                          dict(params, first=first, last=last))
        return Results.empty(), [finding], len(rows), len(rows)
    paths = args[0]
    return (Results.empty(), [Finding(p, 0, 0, ERROR, "internal-error", message_key, params) for p in paths],
            len(paths), len(paths))


def _outcome(fn, args, outcome: tuple) -> tuple:
    status, value = outcome
    if status == "ok":
        return value
    if status == "died":
        return _lost(fn, args, "worker-died", {"reason": value})
    return _lost(fn, args, "internal-error", {"error": value})  # raised outside every boundary: a bug


def _parquet_tasks(path: str, storage_options: dict | None, part_rows: int | None = None):
    """A Parquet file's parts as tasks (its schema's problems as one invalid input)."""
    from advisor.profile import parquet

    _header, problems, parts = parquet.split(path, storage_options, part_rows or parquet.PART_ROWS)
    if problems:
        yield None, (Results.empty(), problems, 1, 1)
        return
    for part in parts:
        yield score_parquet_part, (part, storage_options)


def _tasks(files: list[str], encoding: str | None = None, named=None, storage_options: dict | None = None,
           part_rows: int | None = None):
    """(function, args) per chunk, lazily, in input order; table problems become findings.
    ``named``: the files the user named; the others were found in folders."""

    def found(paths):
        return tuple(path not in named for path in paths) if named is not None else ()

    from advisor.profile.parquet import is_parquet

    pending: list[str] = []
    for path in files:
        if is_parquet(path):
            if pending:
                yield _score_file_chunk, (pending, encoding, found(pending))
                pending = []
            try:
                yield from _parquet_tasks(path, storage_options, part_rows)
            except OSError as exc:
                yield None, (Results.empty(), [unreadable(path, exc)], 1, 1)
            continue
        if not tables.is_table(path):
            pending.append(path)
            if len(pending) >= FILES_PER_CHUNK:
                yield _score_file_chunk, (pending, encoding, found(pending))
                pending = []
            continue
        if pending:
            yield _score_file_chunk, (pending, encoding, found(pending))
            pending = []
        try:
            cut = tablefile.split(path, encoding)
            if cut is not None:
                if cut.header is not None:
                    problems = tables.csv_header(path, cut.header)
                    if problems:
                        yield None, (Results.empty(), problems, 1, 1)
                        continue
                kind = "csv" if cut.header is not None else "jsonl"
                for start, end, first, last in cut.ranges:
                    yield _score_table_range, (path, kind, cut.encoding, cut.header, start, end, first, last)
                continue
            for kind, header, rows in tables.read_rows(path, ROWS_PER_CHUNK, encoding):
                if kind == "header":
                    problems = rows or tables.csv_header(path, header)
                    if problems:
                        yield None, (Results.empty(), problems, 1, 1)
                        break
                    continue
                yield _score_table_chunk, (path, kind, header, rows)
        except OSError as exc:
            yield None, (Results.empty(), [unreadable(path, exc)], 1, 1)
        except Exception as exc:  # a bug in reading one table must not cost the others
            yield None, (Results.empty(), [tables.internal_error(path, 0, exc)], 1, 1)
    if pending:
        yield _score_file_chunk, (pending, encoding, found(pending))


def run_batch(files: list[str], jobs: int = 1, progress=None, fail_under: int | None = None,
              encoding: str | None = None, problems: list | None = None, prepare=None, named=None,
              storage_options: dict | None = None, part_rows: int | None = None) -> BatchRun:
    """Score every shop in ``files`` (profile files and tables). ``progress(sources_done)`` is
    called after each chunk. ``jobs`` is capped at the processors available, and a batch of a
    single chunk runs in this process. ``encoding`` (None: detected per file) applies to all.
    ``problems``: findings met before (discovery), each an invalid input. ``prepare(results)``:
    what the chosen output can make of each chunk's results as they come in (kept on them as
    ``lines``), while the workers go on scoring. ``named``: the files the user named (None: all
    of them); a file found in a folder that is not a profile is skipped with a note.
    ``storage_options``: for Parquet paths with a scheme (``s3://``), given to fsspec;
    ``part_rows``: rows of a Parquet part (default ``parquet.PART_ROWS``)."""
    from advisor import workers
    from advisor.runtime import keep_freed_memory

    keep_freed_memory()  # workers fork from here and keep it
    import gc

    gc.freeze()  # what start-up made lives to the end: no collection needs to scan it again
    result = BatchRun(fail_under=fail_under)
    for problem in problems or ():
        result.findings.append(problem)
        result.invalid_sources += 1
        result.sources += 1

    def collect(outcome):
        rows, findings, invalid, count = outcome
        if prepare is not None and len(rows):
            rows.lines = prepare(rows)
        result.parts.append(rows)
        result.findings += findings
        result.invalid_sources += invalid
        result.sources += count
        if progress:
            progress(result.sources)

    tasks = _tasks(files, encoding, named, storage_options, part_rows)
    jobs = max(1, min(jobs, workers.cores()))
    if jobs > 1:
        head = list(islice(tasks, 2))
        tasks = chain(head, tasks)
        if len(head) < 2:
            jobs = 1
    if jobs == 1:
        for fn, args in tasks:
            collect(_outcome(fn, args, workers.run_here(fn, args) if fn else ("ok", args)))
        return result
    given: deque = deque()  # the tasks handed to the pool, to report one that could not run

    def remembered():
        for task in tasks:
            given.append(task)
            yield task

    with workers.Pool(jobs) as pool:
        for outcome in pool.ordered(remembered()):
            fn, args = given.popleft()
            collect(_outcome(fn, args, outcome))
        result.worker_deaths = pool.deaths
    return result


def default_jobs() -> int:
    from advisor.workers import cores

    return cores()
