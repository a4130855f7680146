"""The vectorised model against the scalar reference, in the same run.

    python benchmarks/bench_model.py [--shops 100000] [--months 36] [--sample 100]

Times the full job of `advisor batch` on SHOPS random shops x MONTHS months -- the search for the
best ad plan with and without the pool, and the four strategies recorded month by month
(`advisor.model.strategies.run`) -- and the plain-Python reference (tests/reference_model.py)
doing the same work on a SAMPLE of the same shops: valuing the same number of plans per shop
that the search values. Reports both per shop, the speed-up
(target design.md section 6: at least 100x) and the peak memory of the vectorised run: medians
of paired rounds (each round times both sides), so a noisy neighbour slows both alike.
"""

from __future__ import annotations

import argparse
import pathlib
import resource
import statistics
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from advisor.advice.ranking import SUB_BATCH  # noqa: E402
from advisor.model import strategies  # noqa: E402
from advisor.model.assumptions import Assumptions  # noqa: E402
from advisor.runtime import keep_freed_memory  # noqa: E402

from _timing import best_of  # noqa: E402
from reference_model import value  # noqa: E402

PLANS_PER_SEARCH = 2 * strategies.GRID_POINTS + 2 * strategies.FINE_POINTS + 2 + 2 + 1
"""Plans the search values per shop and pool setting: the grid and the new fine points in both
families, the vertices of two successive parabolas in both, and today's (or the profile's own
pool) plan. The vectorised
side records the monthly figures of the plans it keeps in its last projection; the scalar
reference computes every plan's months anyway, so it is not charged again for them."""


def random_shops(n: int, months: int, seed: int = 0) -> Assumptions:
    rng = np.random.default_rng(seed)

    def u(lo, hi):
        return rng.uniform(lo, hi, n)

    nan = np.full(n, np.nan)
    return Assumptions(
        revenue=u(5e4, 5e6), order_value=u(30, 800), repeat_share=u(0.05, 0.5), variable_share=u(0.3, 0.6),
        platform_fee_share=u(0.0, 0.06), fixed_share=u(0.05, 0.2), marketing_share=u(0.05, 0.45),
        acquisition_share=u(0.6, 1.0), organic_share=u(0.05, 0.6), organic_growth=u(-0.2, 0.05),
        organic_follows_sales=rng.choice([0.0, 0.5], n), cac_growth=u(0.05, 0.4), elasticity=u(0.1, 0.6),
        retention=u(0.75, 0.93), budget_shift=u(0, 0.6), join_rate=u(0.03, 0.1), order_uplift=u(1.05, 2.2),
        churn_ratio=u(0.5, 1.2), member_orders=nan, member_churn=nan, orders_on_platform=rng.choice([0.0, 1.0], n),
        member_discount=u(0, 0.1), referrals=u(0, 0.05), max_members=nan, referral_reward=u(0, 20),
        membership_fee=u(0, 5), setup_cost=u(0, 5e4), operating_cost=u(0, 1e4), member_cost=u(0, 5),
        discount_rate=u(0, 0.2), horizon=np.full(n, months),
    )


def vectorised(a: Assumptions, months: int) -> None:
    """What `advisor batch` runs: cache-sized sub-batches of shops, in a process whose allocator
    keeps freed memory (advisor.runtime)."""
    for k in range(0, a.shops, SUB_BATCH):
        strategies.run(a.take(slice(k, k + SUB_BATCH)), months)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shops", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    keep_freed_memory()
    a = random_shops(args.shops, args.months)
    rows = [{name: float(getattr(a, name)[i]) for name in a._fields} for i in range(args.sample)]
    for row in rows:
        row["horizon"] = args.months
    levels = np.linspace(0.0, 2.0, PLANS_PER_SEARCH)

    def scalar_loop():
        for row in rows:
            for pool in (False, True):
                for k, a1 in enumerate(levels):
                    value(row, args.months, float(a1), bool(k % 2), pool)

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    vectorised(a.take(slice(0, min(args.shops, 2 * SUB_BATCH))), args.months)  # warm-up
    pairs = []
    for _ in range(args.rounds):  # paired rounds: a noisy neighbour slows both sides of a round
        vector = best_of(lambda: vectorised(a, args.months), repeats=1) / args.shops
        scalar = best_of(scalar_loop, repeats=1) / args.sample
        pairs.append((scalar / vector, vector, scalar))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    ratio = statistics.median(p[0] for p in pairs)
    vector = statistics.median(p[1] for p in pairs)
    scalar = statistics.median(p[2] for p in pairs)
    print(f"vectorised search and strategies: {args.shops:,} shops x {args.months} months, "
          f"{vector * args.shops:.2f} s ({vector * 1e6:.1f} us/shop), peak memory {peak / 1024:.0f} MB "
          f"(+{(peak - before) / 1024:.0f} MB)")
    print(f"scalar reference, same plans:     {scalar * 1e3:.2f} ms/shop (sample of {args.sample}, "
          f"{2 * PLANS_PER_SEARCH} plans a shop)")
    print(f"speed-up:                         {ratio:.0f}x (median of {args.rounds} paired rounds; target >= 100x)")
    started = time.perf_counter()
    strategies.run(a.take(slice(0, 1)), args.months)
    print(f"one shop alone:                   {(time.perf_counter() - started) * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
