"""advisor batch against a bare YAML parse loop, in the same run.

    python benchmarks/bench_batch.py [--files 10000] [--rows 1000000] [--jobs N]

1. Generates FILES varied profile files and times `advisor batch DIR --format csv --output F`
   (a real process, start-up included) against a loop that only reads and parses the same
   files with yaml's C loader. Target: ratio at most 1.5 (below 1.0 with two cores).
2. Generates a ROWS-row CSV table and times `advisor batch TABLE.csv --format csv --output F`,
   with the peak memory of the process. Target: under 2 minutes and 2 GB for 1,000,000 rows.
"""

from __future__ import annotations

import argparse
import csv
import os
import pathlib
import resource
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


def bare_parse(paths) -> float:
    start = time.perf_counter()
    for path in paths:
        with open(path, "rb") as fh:
            yaml.load(fh.read(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def advisor_batch(*args) -> tuple[float, float]:
    """Seconds and peak memory (MB) of one `advisor batch` process (and its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "advisor", "batch", *map(str, args)], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"advisor batch failed: {proc.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024, proc.stderr.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []

    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        if args.files:
            data = tmp / "profiles"
            data.mkdir()
            paths = make_files(data, args.files)
            bare_parse(paths[:200])  # warm the page cache for both sides alike
            bare_times, batch_runs = [], []
            for i in range(3):  # interleaved, best of three each: a noisy neighbour hurts neither side
                bare_times.append(bare_parse(paths))
                batch_runs.append(advisor_batch(data, "--format", "csv", "--output", tmp / f"out{i}.csv", *jobs))
            bare = min(bare_times)
            batch_s, _, summary = min(batch_runs)
            print(f"{args.files:,} files: bare C-loader parse loop {bare:.2f} s, advisor batch {batch_s:.2f} s "
                  f"-> ratio {batch_s / bare:.2f} (target <= 1.5, goal < 1.0)   [{summary}]")
        if args.rows:
            table = tmp / "shops.csv"
            start = time.perf_counter()
            make_table(table, args.rows)
            made = time.perf_counter() - start
            seconds, peak_mb, summary = advisor_batch(table, "--format", "csv", "--output", tmp / "table-out.csv", *jobs)
            print(f"{args.rows:,}-row CSV ({table.stat().st_size / 1e6:.0f} MB, generated in {made:.0f} s): "
                  f"advisor batch {seconds:.1f} s, peak memory {peak_mb:.0f} MB (targets < 120 s, < 2048 MB)   [{summary}]")


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
