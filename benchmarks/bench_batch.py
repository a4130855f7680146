"""advisor batch against bare baselines, in the same run.

    python benchmarks/bench_batch.py [--files 10000] [--rows 1000000] [--runs 3]

1. FILES varied profile files: `advisor batch DIR --jobs 1` against a bare process that walks the
   same directory and parses every file with PyYAML's C loader (nothing else). Both are processes
   and pay the interpreter's start-up; CPU seconds (user + system) for CPU seconds, since a shared
   machine stretches wall time. Goal (issue 18): ratio below 1.0 -- advisor reads, checks and
   scores faster than PyYAML alone parses. RUNS paired rounds, medians.
2. A ROWS-row CSV table: `advisor batch TABLE.csv` with `--jobs 2` and `--jobs 1`, wall seconds
   and the peak resident memory of the largest process (parent or worker). Goals: < 20 s with two
   jobs, < 30 s with one, < 1 GB. Then the same table with a range column pair (a low and a high
   for pool.churn_ratio on every row) against it without: goal within 1.2x (medians of paired
   runs at a tenth of ROWS).
"""

from __future__ import annotations

import argparse
import csv
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
CATEGORIES = ["womenswear", "cosmetics", "fresh-food", "snacks", "daily-necessities", "electronics", "home", "other"]
PLATFORMS = ["taobao", "tmall", "pinduoduo", "jd", "douyin", "wechat", "amazon"]
COLUMNS = ["shop.name", "shop.platform", "shop.category", "sales.monthly_revenue", "sales.average_order_value",
           "sales.repeat_order_share", "costs.product", "costs.marketing", "costs.staff", "costs.logistics",
           "costs.platform_fees", "costs.other.returns", "ads.cac_growth_per_year", "pool.budget_shift",
           "pool.join_rate", "pool.monthly_churn", "pool.orders_per_member_per_month"]


def shop_values(rng: np.random.Generator, i: int) -> list:
    product = rng.uniform(0.2, 0.55)
    marketing = rng.uniform(0.05, 0.45)
    return [f"Shop {i:07d}", PLATFORMS[i % len(PLATFORMS)], CATEGORIES[i % len(CATEGORIES)],
            round(rng.uniform(3e4, 5e6)), round(rng.uniform(20, 800), 1), round(rng.uniform(0.05, 0.6), 3),
            round(product, 3), round(marketing, 3), round(rng.uniform(0.03, 0.15), 3), round(rng.uniform(0.03, 0.12), 3),
            round(rng.uniform(0.0, 0.08), 3), round(rng.uniform(0.0, 0.06), 3), round(rng.uniform(0.0, 0.4), 3),
            round(rng.uniform(0.0, 0.6), 3), round(rng.uniform(0.02, 0.3), 3), round(rng.uniform(0.02, 0.1), 3),
            round(rng.uniform(0.1, 1.0), 3)]


def profile_yaml(values: list) -> str:
    nested: dict = {"version": 1}
    for column, value in zip(COLUMNS, values):
        node = nested
        keys = column.split(".")
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = value
    return "# generated benchmark profile\n" + yaml.safe_dump(nested, sort_keys=False, allow_unicode=True)


def make_files(directory: pathlib.Path, count: int) -> list[pathlib.Path]:
    rng = np.random.default_rng(7)
    paths = []
    for i in range(count):
        sub = directory / f"group{i % 20:02d}"
        sub.mkdir(exist_ok=True)
        path = sub / f"shop{i:06d}.yaml"
        path.write_text(profile_yaml(shop_values(rng, i)), encoding="utf-8")
        paths.append(path)
    return paths


def make_table(path: pathlib.Path, rows: int) -> None:
    rng = np.random.default_rng(11)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for i in range(rows):
            writer.writerow(shop_values(rng, i))


BARE_PARSE = """
import os, sys, yaml
for root, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        if name.endswith(('.yaml', '.yml')):
            with open(os.path.join(root, name), 'rb') as fh:
                yaml.load(fh.read(), Loader=yaml.CSafeLoader)
"""


def measured(cmd: list) -> tuple[float, float, float, subprocess.CompletedProcess]:
    """Wall seconds, CPU seconds (user + system, the process and its workers) and the peak
    resident memory in MB of the largest of them, for one process run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024, proc


def advisor_batch(*args) -> tuple[float, float, float, str]:
    wall, cpu, peak, proc = measured([sys.executable, "-m", "advisor", "batch", *map(str, args)])
    if proc.returncode not in (0, 1):
        sys.exit(f"advisor batch failed: {proc.stderr}")
    return wall, cpu, peak, proc.stderr.strip().splitlines()[-1]


def peak_of(*args) -> float:
    """Peak memory of one `advisor batch` run in a fresh child (ru_maxrss of RUSAGE_CHILDREN
    only ever grows, so each peak is measured from a process of its own)."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "advisor", "batch", *map(str, args)],
                         capture_output=True, text=True, check=True).stdout
    return int(out.strip()) / 1024


def with_range_columns(source: pathlib.Path, target: pathlib.Path) -> None:
    """The same table plus pool.churn_ratio.low / .high on every row."""
    with source.open(newline="", encoding="utf-8") as fin, target.open("w", newline="", encoding="utf-8") as fout:
        reader, writer = csv.reader(fin), csv.writer(fout)
        writer.writerow(next(reader) + ["pool.churn_ratio.low", "pool.churn_ratio.high"])
        for row in reader:
            writer.writerow(row + ["0.5", "0.9"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        if args.files:
            data = tmp / "profiles"
            data.mkdir()
            make_files(data, args.files)
            measured([sys.executable, "-c", BARE_PARSE, str(data)])  # warm the page cache for both sides
            ratios, bare_cpu, advisor_cpu = [], [], []
            for i in range(args.runs):  # paired rounds: a noisy neighbour slows both sides of a round
                _, bare, _, _ = measured([sys.executable, "-c", BARE_PARSE, str(data)])
                _, cpu, _, summary = advisor_batch(data, "--format", "csv", "--output", tmp / f"out{i}.csv",
                                                   "--force", "--jobs", "1")
                ratios.append(cpu / bare)
                bare_cpu.append(bare)
                advisor_cpu.append(cpu)
            print(f"{args.files:,} files, CPU seconds: bare C-loader parse process {statistics.median(bare_cpu):.2f} s, "
                  f"advisor batch --jobs 1 {statistics.median(advisor_cpu):.2f} s -> ratio "
                  f"{statistics.median(ratios):.2f} (goal < 1.0)   [{summary}]")
        if args.rows:
            table = tmp / "shops.csv"
            start = time.perf_counter()
            make_table(table, args.rows)
            made = time.perf_counter() - start
            size = table.stat().st_size / 1e6
            for jobs, goal in ((2, 20), (1, 30)):
                wall, cpu, _, summary = advisor_batch(table, "--format", "csv", "--output", tmp / "table-out.csv",
                                                      "--force", "--jobs", str(jobs))
                peak = peak_of(table, "--format", "csv", "--output", tmp / "table-out.csv", "--force", "--jobs", str(jobs))
                print(f"{args.rows:,}-row CSV ({size:.0f} MB, generated in {made:.0f} s), --jobs {jobs}: "
                      f"{wall:.1f} s wall, {cpu:.1f} s CPU, {wall / args.rows * 1e6:.1f} us/row, "
                      f"peak memory {peak:.0f} MB (goals < {goal} s, < 1024 MB)   [{summary}]")
            # range columns: a tenth of the rows, paired rounds
            small, ranged = tmp / "small.csv", tmp / "ranged.csv"
            with table.open(encoding="utf-8") as fin, small.open("w", encoding="utf-8") as fout:
                for k, line in enumerate(fin):
                    if k > args.rows // 10:
                        break
                    fout.write(line)
            with_range_columns(small, ranged)
            ratios = []
            for _ in range(args.runs):
                _, plain_cpu, _, _ = advisor_batch(small, "--output", tmp / "p.csv", "--force", "--jobs", "1")
                _, range_cpu, _, summary = advisor_batch(ranged, "--output", tmp / "r.csv", "--force", "--jobs", "1")
                ratios.append(range_cpu / plain_cpu)
            print(f"{args.rows // 10:,} rows with a range column pair against without: CPU ratio "
                  f"{statistics.median(ratios):.2f} (goal <= 1.2)   [{summary}]")


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
