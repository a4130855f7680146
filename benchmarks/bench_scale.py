"""advisor batch past one machine: the local engine against Dask on a LocalCluster, on Parquet.

    python benchmarks/bench_scale.py [--shops 1000000 --shops 10000000] [--workers 2]
                                     [--engines local,dask] [--keep DIR]

For each size, a table of that many generated shops (the columns and distributions of
bench_batch.py, drawn with numpy a column at a time) is written as one Parquet file with row
groups of 100,000 rows; then

- local: `advisor batch shops.parquet --output ranking.parquet --jobs WORKERS` (the process
  pool; the parent holds every result to rank and sort them, then writes one file);
- dask: `advisor batch shops.parquet --engine dask --jobs WORKERS --output parts/` (a
  LocalCluster of WORKERS processes, one thread each; each worker writes its parts).

Each run is one process tree, sampled every 0.2 s (psutil, a dependency of distributed): wall
seconds, shops per second, and the peak resident memory of the parent and of the largest
worker. Needs the dask extra: pip install -e '.[dask]'. Sizes are arguments: on two shared
cores 10M shops take about ten minutes per engine.
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_batch import CATEGORIES, COLUMNS, PLATFORMS  # noqa: E402

GROUP_ROWS = 100_000
WRITE_ROWS = 1_000_000


def make_parquet(path: pathlib.Path, shops: int, seed: int = 11) -> None:
    """``shops`` generated shops, written a million rows at a time (bounded memory)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    writer = None
    for start in range(0, shops, WRITE_ROWS):
        n = min(WRITE_ROWS, shops - start)
        index = np.arange(start, start + n)

        def u(low, high, digits=3, n=n):
            return np.round(rng.uniform(low, high, n), digits)

        columns = {
            "shop.name": pa.array([f"Shop {i:08d}" for i in index.tolist()]),
            "shop.platform": pa.DictionaryArray.from_arrays(pa.array(index % len(PLATFORMS), pa.int32()),
                                                            pa.array(PLATFORMS)),
            "shop.category": pa.DictionaryArray.from_arrays(pa.array(index % len(CATEGORIES), pa.int32()),
                                                            pa.array(CATEGORIES)),
            "sales.monthly_revenue": pa.array(np.round(rng.uniform(3e4, 5e6, n)).astype(np.int64)),
            "sales.average_order_value": pa.array(u(20, 800, 1)), "sales.repeat_order_share": pa.array(u(0.05, 0.6)),
            "costs.product": pa.array(u(0.2, 0.55)), "costs.marketing": pa.array(u(0.05, 0.45)),
            "costs.staff": pa.array(u(0.03, 0.15)), "costs.logistics": pa.array(u(0.03, 0.12)),
            "costs.platform_fees": pa.array(u(0.0, 0.08)), "costs.other.returns": pa.array(u(0.0, 0.06)),
            "ads.cac_growth_per_year": pa.array(u(0.0, 0.4)), "pool.budget_shift": pa.array(u(0.0, 0.6)),
            "pool.join_rate": pa.array(u(0.02, 0.3)), "pool.monthly_churn": pa.array(u(0.02, 0.1)),
            "pool.orders_per_member_per_month": pa.array(u(0.1, 1.0)),
        }
        assert list(columns) == COLUMNS
        table = pa.table(columns)
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema)
        writer.write_table(table, row_group_size=GROUP_ROWS)
    assert writer is not None
    writer.close()


def run_tree(cmd: list) -> dict:
    """Run ``cmd``; wall seconds and each process's peak resident memory (MB), sampled."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks: dict = {}
    names: dict = {}
    done = threading.Event()

    def sample():
        root = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                tree = [root] + root.children(recursive=True)
            except psutil.NoSuchProcess:
                return
            for p in tree:
                try:
                    rss = p.memory_info().rss / 2**20
                    names.setdefault(p.pid, " ".join(p.cmdline()[1:4]))
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                peaks[p.pid] = max(peaks.get(p.pid, 0.0), rss)
            done.wait(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    thread.join()
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{err}")
    parent = peaks.pop(proc.pid, 0.0)
    # workers: the processes that scored (a Dask nanny only watches its worker: left out)
    workers = {pid: mb for pid, mb in peaks.items() if "nanny" not in names.get(pid, "") or mb > 200}
    return {"wall": wall, "parent": parent, "worker": max(workers.values(), default=0.0),
            "processes": len(peaks), "summary": err.strip().splitlines()[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shops", type=int, action="append", help="table sizes (repeatable); default 1000000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engines", default="local,dask")
    parser.add_argument("--keep", help="a folder to keep the tables in (and reuse them)")
    args = parser.parse_args()
    sizes = args.shops or [1_000_000]
    folder = pathlib.Path(args.keep) if args.keep else pathlib.Path(tempfile.mkdtemp(prefix="bench-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    advisor = [sys.executable, "-m", "advisor", "batch"]
    print("| shops | engine | wall s | shops/s | peak MB, parent | peak MB, largest worker | result |")
    print("|---:|---|---:|---:|---:|---:|---|")
    for shops in sizes:
        table = folder / f"shops-{shops}.parquet"
        if not table.exists():
            started = time.perf_counter()
            make_parquet(table, shops)
            print(f"(generated {shops:,} shops in {time.perf_counter() - started:.0f} s: "
                  f"{table.stat().st_size / 2**20:,.0f} MB)", file=sys.stderr)
        walls = {}
        for engine in args.engines.split(","):
            out = folder / f"out-{engine}-{shops}" if engine == "dask" else folder / f"ranking-{shops}.parquet"
            cmd = advisor + [table, "--jobs", str(args.workers), "--output", out, "--force"]
            if engine == "dask":
                cmd += ["--engine", "dask"]
            got = run_tree(cmd)
            walls[engine] = got["wall"]
            print(f"| {shops:,} | {engine} | {got['wall']:.1f} | {shops / got['wall']:,.0f} | {got['parent']:,.0f} | "
                  f"{got['worker']:,.0f} | {got['summary']} |", flush=True)
        if len(walls) == 2:
            print(f"({shops:,} shops: dask / local wall ratio {walls['dask'] / walls['local']:.2f}x)", flush=True)
    if not args.keep:
        import shutil

        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
