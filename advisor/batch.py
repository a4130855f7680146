"""Scoring many shops: profile files and tables in, one result row per shop out.

Work is cut into chunks of a fixed size (so results never depend on ``--jobs``), each chunk is
parsed, validated and scored by one vectorised model call, and chunks run on a process pool.
At most ``2 x jobs`` chunks are in flight, so a table of any size streams in bounded memory.
A bad file or row becomes findings; it never stops the batch.
"""

from __future__ import annotations

import csv
import os
from collections import deque
from dataclasses import dataclass, field

from advisor.advice.ranking import HEALTH, INDEX, score_block, score_profiles
from advisor.errors import EXIT_FINDINGS, EXIT_OK
from advisor.profile import tables
from advisor.profile.load import read_file

SOURCE = INDEX["source"]
FILES_PER_CHUNK = 1000
ROWS_PER_CHUNK = 5000


@dataclass
class BatchRun:
    """What a batch produced; it decides the exit code (like ``ValidationRun``)."""

    rows: list = field(default_factory=list)  # lists in ranking.COLUMNS order
    findings: list = field(default_factory=list)
    invalid_sources: int = 0
    sources: int = 0
    fail_under: int | None = None

    @property
    def below(self) -> list:
        """Rows whose health score is under ``fail_under``."""
        if self.fail_under is None:
            return []
        return [r for r in self.rows if r[HEALTH] < self.fail_under]

    @property
    def exit_code(self) -> int:
        """1 when any input was invalid or any shop scores under ``fail_under``, else 0."""
        return EXIT_FINDINGS if self.invalid_sources or self.below else EXIT_OK


def _score_file_chunk(paths: list[str], found_in_folders: tuple = ()):
    """``found_in_folders``: per path, was it found in a folder (a file that is not a profile is
    then skipped with a note, not counted invalid) rather than named by the user."""
    good, findings, skipped = [], [], 0
    for index, path in enumerate(paths):
        p, found = read_file(path, warnings=False, only_profiles=bool(found_in_folders and found_in_folders[index]))
        if found and found[0].severity == "note":
            findings += found
            skipped += 1
            continue
        findings += [f for f in found if f.is_error]
        if p is not None:
            good.append((path, p))
    return score_profiles(good), findings, len(paths) - len(good) - skipped, len(paths)


def _score_table_chunk(path: str, kind: str, header, rows):
    """A chunk of table rows: CSV columns checked and scored as arrays, and the rows that fail a
    fast check (or a JSONL line) through the full validator, for their exact findings."""
    from advisor.profile import columns

    total = len(rows)
    scored: list = []
    plan = columns.compile_header(header) if kind == "csv" else None
    if plan is not None:
        block, rows = columns.check_block(plan, rows)
        if block is not None:
            scored = score_block(path, block)
    good, findings = [], []
    for source, p, found in tables.parse_chunk(path, kind, header, rows):
        findings += [f for f in found if f.is_error]
        if p is not None:
            good.append((source, p))
    if good and scored:  # rows the fast checks sent on but the validator accepted: back in file order
        scored = sorted(scored + score_profiles(good), key=lambda row: int(row[SOURCE].rsplit(":", 1)[1]))
    elif good:
        scored = score_profiles(good)
    return scored, findings, len(rows) - len(good), total


def _tasks(files: list[str], named=None):
    """(function, args) per chunk, lazily, in input order; table problems become findings.
    ``named``: the files the user named; the others were found in folders."""
    from advisor.profile.findings import ERROR, Finding

    def found(paths):
        return tuple(path not in named for path in paths) if named is not None else ()

    pending: list[str] = []
    for path in files:
        if not tables.is_table(path):
            pending.append(path)
            if len(pending) >= FILES_PER_CHUNK:
                yield _score_file_chunk, (pending, found(pending))
                pending = []
            continue
        if pending:
            yield _score_file_chunk, (pending, found(pending))
            pending = []
        try:
            for kind, header, rows in tables.read_rows(path, ROWS_PER_CHUNK):
                if kind == "header":
                    problems = tables.csv_header(path, header)
                    if problems:
                        yield None, (problems, 1)
                        break
                    continue
                yield _score_table_chunk, (path, kind, header, rows)
        except (OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:
            reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
            yield None, ([Finding(path, 0, 0, ERROR, "unreadable", "unreadable", {"reason": reason})], 1)
    if pending:
        yield _score_file_chunk, (pending, found(pending))


def _context():
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def run_batch(files: list[str], jobs: int = 1, progress=None, fail_under: int | None = None, named=None) -> BatchRun:
    """Score every shop in ``files`` (profile files and tables). ``progress(sources_done)`` is
    called after each chunk. ``named``: the files the user named (None: all of them); a file
    found in a folder that is not a profile is skipped with a note (a NOTE finding)."""
    result = BatchRun(fail_under=fail_under)

    def collect(outcome):
        rows, findings, invalid, count = outcome
        result.rows += rows
        result.findings += findings
        result.invalid_sources += invalid
        result.sources += count
        if progress:
            progress(result.sources)

    tasks = _tasks(files, named)
    if jobs <= 1:
        for fn, args in tasks:
            collect(fn(*args) if fn else ([], args[0], args[1], args[1]))
        return result
    with _context().Pool(jobs) as pool:
        in_flight: deque = deque()
        for fn, args in tasks:
            if fn is None:
                in_flight.append(args)  # already a result: table problems, kept in order
            else:
                in_flight.append(pool.apply_async(fn, args))
            while len(in_flight) > 2 * jobs:
                collect(_resolve(in_flight.popleft()))
        while in_flight:
            collect(_resolve(in_flight.popleft()))
    return result


def _resolve(item):
    if isinstance(item, tuple):
        problems, count = item
        return [], problems, count, count
    return item.get()


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
