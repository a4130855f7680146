"""The long fuzz run: millions of mutated inputs through the loader, the table path and the CLI.

    .venv/bin/python tests/fuzz/run.py --loader 1000000 --tables 200000 --cli 2000 --jobs 2 --seed 1

The inputs come from the generators the test suite fuzzes with (fuzzdata.py), driven by
``random.Random`` instead of hypothesis: a hundred times faster, and reproducible from the seed.
Anything but the tool's own findings -- an exception, a bad finding, an exit code other than 0 or
1, an input that takes over ``--timeout`` seconds -- is written to ``--failures`` as a file to
replay, and the run exits 1. Prints inputs, time and rate per target.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import pathlib
import random
import signal
import sys
import tempfile
import time
import traceback

HERE = pathlib.Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from fuzzdata import Chance, check_profile, check_table, make_csv, make_jsonl, make_profile  # noqa: E402


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


def _cli_case(r: Chance, folder: pathlib.Path) -> None:
    from helpers import cli

    for old in folder.iterdir():
        old.unlink()
    for i in range(r.int(1, 4)):
        suffix, make = r.pick([("yaml", make_profile), ("csv", make_csv), ("jsonl", make_jsonl)])
        (folder / f"f{i}.{suffix}").write_bytes(make(r))
    command = r.pick(["validate", "batch"])
    extra = ["--jobs", "1"] if command == "batch" else []  # (this runs inside a pool worker already)
    result = cli(command, folder, *extra, "--format", r.pick(["json", "junit" if command == "validate" else "csv"]))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr[-2000:])
    assert "internal error" not in result.stdout + result.stderr


def work(target: str, count: int, seed: int, timeout: int, failures: str) -> tuple:
    os.environ.setdefault("NO_COLOR", "1")
    signal.signal(signal.SIGALRM, _alarm)
    rng = random.Random(seed)
    bad = 0
    folder = pathlib.Path(tempfile.mkdtemp(prefix="advisor-fuzz-"))
    started = time.perf_counter()
    for n in range(count):
        case_seed = rng.getrandbits(64)
        r = Chance(rng=random.Random(case_seed))
        raw = b""
        signal.alarm(timeout)
        try:
            if target == "loader":
                raw = make_profile(r)
                check_profile(raw)
            elif target == "tables":
                name = "t.csv" if n % 2 == 0 else "t.jsonl"
                raw = (make_csv if name == "t.csv" else make_jsonl)(r)
                check_table(raw, name)
            else:
                _cli_case(r, folder)
        except BaseException as exc:  # report everything, Hang and KeyboardInterrupt included
            if isinstance(exc, KeyboardInterrupt):
                raise
            bad += 1
            out = pathlib.Path(failures) / f"{target}-{case_seed:016x}"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.with_suffix(".input").write_bytes(raw)
            out.with_suffix(".txt").write_text(f"seed {case_seed}\n" + "".join(traceback.format_exception(exc)))
        finally:
            signal.alarm(0)
    return target, count, bad, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loader", type=int, default=100_000, help="profile files through the loader")
    parser.add_argument("--tables", type=int, default=20_000, help="CSV and JSONL tables through the table path")
    parser.add_argument("--cli", type=int, default=200, help="folders of mutated files through validate / batch")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=10, help="seconds one input may take")
    parser.add_argument("--failures", default="fuzz-failures")
    args = parser.parse_args()
    plan = []
    for target in ("loader", "tables", "cli"):
        total = getattr(args, target)
        for job in range(args.jobs):
            share = total // args.jobs + (1 if job < total % args.jobs else 0)
            if share:
                plan.append((target, share, args.seed * 1000 + job * 10 + ("loader", "tables", "cli").index(target),
                             args.timeout, args.failures))
    started = time.perf_counter()
    with multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn").Pool(
            args.jobs) as pool:
        results = pool.starmap(work, plan)
    totals: dict = {}
    for target, count, bad, seconds in results:
        t = totals.setdefault(target, [0, 0, 0.0])
        t[0] += count
        t[1] += bad
        t[2] += seconds
    for target, (count, bad, seconds) in totals.items():
        print(f"{target:7} {count:>10,} inputs  {bad} escaped  {seconds:8.1f} CPU s  {count / seconds:8.0f} inputs/s per job")
    print(f"wall {time.perf_counter() - started:.1f} s with {args.jobs} jobs, seed {args.seed}")
    return 1 if any(t[1] for t in totals.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
