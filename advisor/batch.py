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

from advisor import profile as profiles
from advisor import tables

FILES_PER_CHUNK = 1000
ROWS_PER_CHUNK = 5000
MARGIN_MONTHS = 12
"""The batch table compares strategies on their first-year margin: profit / revenue over
months 1-12 (a whole year, so a setup-cost month or a seasonal blip does not dominate)."""

COLUMNS = ("rank", "name", "source", "health_score", "net_margin", "margin_12m_platform_ads",
           "margin_12m_private_pool", "margin_12m_best_mix", "best_budget_shift", "runs_pool",
           "pool_overtakes_ads_month", "social_mode", "recommendations")
INDEX = {name: i for i, name in enumerate(COLUMNS)}
RANK, HEALTH = INDEX["rank"], INDEX["health_score"]


@dataclass
class BatchResult:
    rows: list = field(default_factory=list)  # lists in COLUMNS order (rank filled by ``rank``)
    findings: list = field(default_factory=list)
    invalid_sources: int = 0
    sources: int = 0


def score_profiles(items: list) -> list[list]:
    """[(source, Profile)] -> result rows (in COLUMNS order), one vectorised model call for all."""
    if not items:
        return []
    import numpy as np

    from advisor import facts as shop_facts
    from advisor import inputs, rules, score
    from advisor.model import MARGIN_LIMIT, MIN_REVENUE
    from advisor.strategies import run

    shop_list = [p for _, p in items]
    a = inputs.assumptions(shop_list)
    months = max(int(np.max(a.horizon)), MARGIN_MONTHS)
    outcome = run(a, months)
    facts = shop_facts.compute(a, outcome, months, solve_join_rate=False)
    health = score.health_score(facts)
    codes = rules.top_codes(facts)
    first_year = {}
    for name, strategy in outcome.strategies.items():
        p = strategy.projection
        revenue = np.maximum(p.revenue[..., :MARGIN_MONTHS].sum(axis=-1), MIN_REVENUE)
        with np.errstate(over="ignore"):
            first_year[name] = np.clip(p.profit[..., :MARGIN_MONTHS].sum(axis=-1) / revenue, -MARGIN_LIMIT, MARGIN_LIMIT)
    mix = outcome["best_mix"]
    rows = []
    for i, (source, p) in enumerate(items):
        mode, _ = rules.social_mode(p.category, p["sales.repeat_order_share"], p["sales.average_order_value"])
        overtake = int(outcome.overtake_month[i])
        rows.append([  # in COLUMNS order; a list (not a dict) keeps a million rows small
            0, p.name, source, int(health[i]), float(facts["net_margin"][i]),
            float(first_year["platform_ads"][i]), float(first_year["private_pool"][i]),
            float(first_year["best_mix"][i]), float(mix.budget_shift[i]), bool(mix.runs_pool[i]),
            overtake or None, mode, codes[i],
        ])
    return rows


def _score_file_chunk(paths: list[str]):
    good, findings = [], []
    for path in paths:
        p, found = profiles.read_file(path)
        findings += [f for f in found if f.is_error]
        if p is not None:
            good.append((path, p))
    return score_profiles(good), findings, len(paths) - len(good), len(paths)


def _score_table_chunk(path: str, kind: str, header, rows):
    good, findings = [], []
    for source, p, found in tables.parse_chunk(path, kind, header, rows):
        findings += [f for f in found if f.is_error]
        if p is not None:
            good.append((source, p))
    return score_profiles(good), findings, len(rows) - len(good), len(rows)


def _tasks(files: list[str]):
    """(function, args) per chunk, lazily, in input order; table problems become findings."""
    from advisor.findings import ERROR, Finding

    pending: list[str] = []
    for path in files:
        if not tables.is_table(path):
            pending.append(path)
            if len(pending) >= FILES_PER_CHUNK:
                yield _score_file_chunk, (pending,)
                pending = []
            continue
        if pending:
            yield _score_file_chunk, (pending,)
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
        yield _score_file_chunk, (pending,)


def _context():
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def run_batch(files: list[str], jobs: int = 1, progress=None) -> BatchResult:
    """Score every shop in ``files`` (profile files and tables). ``progress(sources_done)`` is
    called after each chunk."""
    result = BatchResult()

    def collect(outcome):
        rows, findings, invalid, count = outcome
        result.rows += rows
        result.findings += findings
        result.invalid_sources += invalid
        result.sources += count
        if progress:
            progress(result.sources)

    tasks = _tasks(files)
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


def rank(rows: list, sort: str = "-health_score") -> list:
    """Number the rows by health (1 = healthiest), then order them by ``sort``
    (a column name; a leading ``-`` sorts descending). Ties keep input order."""
    by_health = sorted(range(len(rows)), key=lambda i: -rows[i][HEALTH])
    for position, i in enumerate(by_health, start=1):
        rows[i][RANK] = position
    descending = sort.startswith("-")
    column = INDEX[sort.lstrip("-")]
    present = [r for r in rows if r[column] is not None]
    missing = [r for r in rows if r[column] is None]  # "never" overtakes etc.: always last
    present.sort(key=lambda r: r[column], reverse=descending)  # stable either way
    return present + missing


def as_dict(row: list) -> dict:
    return dict(zip(COLUMNS, row))


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
