"""Vectorised model vs the scalar reference, in the same run.

    python benchmarks/bench_model.py [--shops 100000] [--months 36] [--sample 200]

Times one vectorised projection of SHOPS shops x MONTHS months (both pure strategies and the
best-mix search), and the plain-Python reference (tests/reference_model.py) on a SAMPLE of the
same shops, scaled to per shop. Prints the speed-up; the target is at least 50x. Each side is timed as the best of five runs.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from advisor.model.assumptions import Assumptions  # noqa: E402
from advisor.model.projection import project  # noqa: E402
from advisor.model.strategies import run  # noqa: E402

from _timing import best_of  # noqa: E402
from reference_model import project_one  # noqa: E402


def random_shops(n: int, months: int, seed: int = 0) -> Assumptions:
    rng = np.random.default_rng(seed)
    u = lambda lo, hi: rng.uniform(lo, hi, n)  # noqa: E731
    return Assumptions(
        revenue=u(5e4, 5e6), order_value=u(30, 800), repeat_share=u(0.05, 0.5), variable_share=u(0.3, 0.6),
        fixed_share=u(0.05, 0.2), marketing_share=u(0.05, 0.45), cac_growth=u(0, 0.4), elasticity=u(0, 0.6),
        retention=u(0.6, 0.95), budget_shift=u(0, 0.6), join_rate=u(0.02, 0.3), churn=u(0.02, 0.1),
        member_orders=u(0.1, 1), member_discount=u(0, 0.1), referrals=u(0, 0.05), referral_reward=u(0, 20),
        membership_fee=u(0, 5), setup_cost=u(0, 5e4), operating_cost=u(0, 1e4), discount_rate=u(0, 0.2),
        horizon=np.full(n, months),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shops", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--sample", type=int, default=200)
    args = parser.parse_args()

    a = random_shops(args.shops, args.months)
    rows = [{name: float(getattr(a, name)[i]) for name in a._fields} for i in range(args.sample)]

    def scalar_loop():
        for row in rows:
            project_one(row, args.months, row["budget_shift"], True)

    # best of five for both sides, so a noisy neighbour on a shared machine hurts neither
    vector_pool = best_of(lambda: project(a, args.months, a.budget_shift, 1.0))
    scalar = best_of(scalar_loop) / args.sample

    start = time.perf_counter()
    run(a, args.months)
    vector_all = time.perf_counter() - start

    per_shop = vector_pool / args.shops
    print(f"vectorised projection: {args.shops:,} shops x {args.months} months in {vector_pool:.3f} s "
          f"({per_shop * 1e6:.2f} us/shop)")
    print(f"scalar reference:      {scalar * 1e6:.1f} us/shop (sample of {args.sample})")
    print(f"speed-up:              {scalar / per_shop:.0f}x (target >= 50x)")
    print(f"all three strategies incl. best-mix search: {vector_all:.2f} s for {args.shops:,} shops")


if __name__ == "__main__":
    main()
