"""Start-up cost: advisor's commands against Python importing the declared stack (typer,
rich.console, yaml and numpy), in the same run.

    python benchmarks/bench_startup.py [--runs 15]

Goals (issue 18): `advisor evaluate` on a shipped profile within 1.3x the import floor;
`validate`, `schema` and `--help` within 0.6x (they need neither numpy nor the model).

Each round runs the floor and every command once, interleaved, so a noisy neighbour slows a
round's commands alike; a command's ratio is the median over rounds of its time over the same
round's floor. One warm-up round first writes the bytecode.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
CROWN = ROOT / "profiles" / "taobao-womenswear-crown.yaml"

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""Bytecode caching on, as for any installed program: with PYTHONDONTWRITEBYTECODE set, every run
would compile every module from source and the benchmark would measure the compiler."""

ADVISOR = [sys.executable, "-m", "advisor"]
COMMANDS = {
    "import typer, rich.console, yaml, numpy": ([sys.executable, "-c", "import typer, rich.console, yaml, numpy"], None),
    "advisor evaluate (text)": (ADVISOR + ["evaluate", str(CROWN)], 1.3),
    "advisor evaluate (json)": (ADVISOR + ["evaluate", str(CROWN), "--format", "json"], 1.3),
    "advisor validate": (ADVISOR + ["validate", str(CROWN)], 0.6),
    "advisor schema": (ADVISOR + ["schema"], 0.6),
    "advisor --help": (ADVISOR + ["--help"], 0.6),
}


def paired(commands: list[list[str]], runs: int) -> list[list[float]]:
    """Wall times of each command over ``runs`` rounds, the commands interleaved in each round."""
    times: list[list[float]] = [[] for _ in commands]
    for round_ in range(runs + 1):
        for i, cmd in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=ENV)
            if round_:
                times[i].append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    names = list(COMMANDS)
    times = paired([COMMANDS[name][0] for name in names], args.runs)
    floor = times[0]
    print(f"{'':42} {'median':>8} {'ratio':>6}  goal")
    for name, samples in zip(names, times):
        goal = COMMANDS[name][1]
        if goal is None:
            print(f"{name:42} {statistics.median(samples) * 1e3:6.0f} ms  {'1.00':>6}  (the floor)")
            continue
        ratio = statistics.median(s / f for s, f in zip(samples, floor))
        verdict = "ok" if ratio <= goal else "MISSED"
        print(f"{name:42} {statistics.median(samples) * 1e3:6.0f} ms {ratio:6.2f}x  <= {goal}x {verdict}")


if __name__ == "__main__":
    main()
