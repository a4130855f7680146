"""advisor calibrate on a large export against a bare csv.reader pass over the same file, in one run.

    python benchmarks/bench_calibrate.py [--rows 1000000] [--encoding utf-8|gb18030] [--layout taobao|shopify]

Generates a ROWS-row order export in a platform's layout (Taobao: one row per order, 19 columns,
``="..."`` ids; Shopify: one row per line item with the order's cells on its first row), then
times, as separate processes:

1. the baseline: ``csv.reader`` over the file, decoding it and counting rows, nothing else;
2. ``advisor calibrate FILE --format json``, start-up included, with its peak memory.

Targets (issue 13): 1,000,000 rows "in seconds" and bounded memory. The ratio to the baseline says
what the measuring costs on top of merely reading the file on this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

import numpy as np

TAOBAO = ["订单编号", "买家会员名", "买家支付宝账号", "买家应付货款", "买家应付邮费", "总金额", "买家实际支付金额", "订单状态",
          "买家留言", "收货人姓名", "收货地址", "联系手机", "订单创建时间", "订单付款时间", "宝贝标题", "宝贝种类", "订单备注",
          "宝贝总数量", "退款金额"]
SHOPIFY = ["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Currency", "Subtotal", "Total",
           "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Billing Name", "Cancelled at",
           "Refunded Amount"]
PEAK = ("import atexit, resource, sys\n"
        "def _peak():\n"
        "    try:\n"  # the high-water mark of this process's own memory (Linux)
        "        kb = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
        "    except (OSError, StopIteration):\n"
        "        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "    sys.stderr.write(f'\\npeak-kb {kb}\\n')\n"
        "atexit.register(_peak)\n")
"""Prepended to each child: reports its own peak memory. (The children's ru_maxrss would include
the parent's pages, which a child shares until it executes Python.)"""
BASELINE = PEAK + ("import csv\n"
                   "with open(sys.argv[1], encoding=sys.argv[2], newline='') as fh:\n"
                   "    print(sum(1 for _ in csv.reader(fh)))\n")
CALIBRATE = PEAK + ("import runpy\n"
                    "sys.argv = ['advisor', 'calibrate', *sys.argv[1:]]\n"
                    "runpy.run_module('advisor', run_name='__main__')\n")


def make_export(path: pathlib.Path, rows: int, layout: str, encoding: str) -> int:
    """Write ``rows`` data rows; returns the number of orders. Vectorised, a block at a time."""
    rng = np.random.default_rng(3)
    customers = max(1, rows // 3)
    start = np.datetime64("2022-01-01T00:00:00")
    span = 24 * 30 * 86400
    header = TAOBAO if layout == "taobao" else SHOPIFY
    orders = 0
    with path.open("w", encoding=encoding, newline="") as fh:
        fh.write(",".join(header) + "\r\n")
        written, block = 0, 100_000
        while written < rows:
            n = min(block, rows - written)
            who = rng.integers(0, customers, n)
            when = np.sort(start + rng.integers(0, span, n).astype("timedelta64[s]"))
            stamps = np.datetime_as_string(when).tolist()
            amounts = np.round(rng.lognormal(np.log(150), 0.6, n), 2).tolist()
            fate = rng.random(n)
            lines = []
            if layout == "taobao":
                for i in range(n):
                    status = "交易成功" if fate[i] > 0.07 else ("交易关闭" if fate[i] > 0.03 else "等待买家付款")
                    stamp = stamps[i].replace("T", " ")
                    refund = f"{amounts[i] * 0.2:.2f}" if 0.07 < fate[i] < 0.12 else "0.00"
                    lines.append(f'="{3000000000000 + written + i}",买家{who[i]:07d},buyer{who[i]}@example.com,'
                                 f"{amounts[i]:.2f},0.00,{amounts[i]:.2f},{amounts[i]:.2f},{status},,收货人{who[i] % 9973},"
                                 f"浙江省 杭州市 西湖区 文三路{who[i] % 500}号,'138{who[i]:08d},{stamp},{stamp},"
                                 f"春季新款连衣裙 女 宽松,1,,1,{refund}")
                orders += n
            else:
                i = 0
                while i < n:
                    items = min(n - i, 1 + int(fate[i] * 3))
                    name, email = f"#{1000 + written + i}", f"buyer{who[i]}@example.com"
                    stamp = stamps[i].replace("T", " ") + " +0800"
                    status = "paid" if fate[i] > 0.05 else "pending"
                    for j in range(items):
                        first = j == 0
                        lines.append(f"{name},{email},{status if first else ''},{stamp if first else ''},"
                                     f"{'fulfilled' if first else ''},USD,{amounts[i]:.2f},"
                                     f"{f'{amounts[i]:.2f}' if first else ''},{stamp},1,Green tea,{amounts[i]:.2f},"
                                     f"{'Buyer ' + str(who[i]) if first else ''},,{'0.00' if first else ''}")
                    i += items
                    orders += 1
            fh.write("\r\n".join(lines) + "\r\n")
            written += n
    return orders


def run(args: list[str]) -> tuple[float, float, str]:
    """Seconds, peak memory (MB) of one child process, and its standard output."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(args[:3])}: {proc.stderr}")
    peak_kb = int(proc.stderr.rsplit("peak-kb ", 1)[1])
    return seconds, peak_kb / 1024, proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--encoding", default="utf-8", choices=("utf-8", "gb18030"))
    parser.add_argument("--layout", default="taobao", choices=("taobao", "shopify"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / f"orders-{args.layout}.csv"
        started = time.perf_counter()
        orders = make_export(path, args.rows, args.layout, args.encoding)
        made = time.perf_counter() - started
        size = path.stat().st_size / 1e6
        print(f"{args.rows:,}-row {args.layout} export ({orders:,} orders, {size:.0f} MB, {args.encoding}), "
              f"generated in {made:.0f} s")
        baseline, base_mb, _ = run(["-c", BASELINE, str(path), args.encoding])  # also warms the page cache
        baseline, base_mb, _ = run(["-c", BASELINE, str(path), args.encoding])
        seconds, peak_mb, out = run(["-c", CALIBRATE, str(path), "--format", "json"])
        quality = json.loads(out)["quality"]
        print(f"baseline csv.reader pass: {baseline:.2f} s ({args.rows / baseline:,.0f} rows/s), peak {base_mb:.0f} MB")
        print(f"advisor calibrate:        {seconds:.2f} s ({args.rows / seconds:,.0f} rows/s), peak {peak_mb:.0f} MB "
              f"-> {seconds / baseline:.2f}x the bare read   [{quality['orders']:,} paid orders, "
              f"{quality['customers']:,} customers]")


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
