"""Monte Carlo speed: 10,000 draws x 36 months for one shop, against one deterministic
evaluation of the same shop in the same run.

    python benchmarks/bench_uncertainty.py [--draws 10000] [--months 36]

Target: the whole Monte Carlo (sampling, three strategies, percentiles) well under one second.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advisor.evaluation import evaluate  # noqa: E402
from advisor.model.assumptions import from_profiles  # noqa: E402
from advisor.model.strategies import run  # noqa: E402
from advisor.model.uncertainty import simulate  # noqa: E402
from advisor.profile.load import read_file  # noqa: E402

from _timing import best_of  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=36)
    args = parser.parse_args()
    p, _ = read_file(str(ROOT / "profiles" / "wechat-niche-snacks.yaml"))
    deterministic = best_of(lambda: evaluate(p, horizon=args.months))
    decision = run(from_profiles([p], horizon=args.months), args.months).decision  # the plans the draws test
    monte_carlo = best_of(lambda: simulate(p, args.draws, 0, decision, horizon=args.months))
    print(f"deterministic evaluation: {deterministic * 1000:.1f} ms")
    print(f"Monte Carlo, {args.draws:,} draws x {args.months} months: {monte_carlo * 1000:.1f} ms "
          f"({monte_carlo / deterministic:.1f}x one deterministic evaluation; target well under 1 s)")


if __name__ == "__main__":
    main()
