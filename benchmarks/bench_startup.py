"""Start-up cost: `advisor evaluate` on a shipped profile against Python importing typer, rich,
yaml and numpy (the declared stack), in the same run.

    python benchmarks/bench_startup.py [--runs 10]

Target (design.md section 6): evaluate within 1.3x the bare imports. Best of RUNS each.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
CROWN = ROOT / "profiles" / "taobao-womenswear-crown.yaml"


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""Bytecode caching on, as for any installed program: with PYTHONDONTWRITEBYTECODE set, every run
would compile every module from source and the benchmark would measure the compiler."""


def best(commands: list[list[str]], runs: int) -> list[float]:
    """Best time of each command over ``runs`` rounds, the commands interleaved in each round so
    that a noisy neighbour slows all of them alike. One warm-up round first writes the bytecode."""
    times: list[list[float]] = [[] for _ in commands]
    for round_ in range(runs + 1):
        for i, cmd in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=ENV)
            if round_:
                times[i].append(time.perf_counter() - start)
    return [min(t) for t in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    imports, text, json_out = best([
        [sys.executable, "-c", "import typer, rich, yaml, numpy"],
        [sys.executable, "-m", "advisor", "evaluate", str(CROWN)],
        [sys.executable, "-m", "advisor", "evaluate", str(CROWN), "--format", "json"],
    ], args.runs)
    print(f"import typer, rich, yaml, numpy: {imports * 1000:.0f} ms")
    print(f"advisor evaluate (text):         {text * 1000:.0f} ms -> {text / imports:.2f}x (target <= 1.3x)")
    print(f"advisor evaluate (json):         {json_out * 1000:.0f} ms -> {json_out / imports:.2f}x")


if __name__ == "__main__":
    main()
