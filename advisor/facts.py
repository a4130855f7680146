"""The figures the recommendations and the health score are built from, for many shops at once.

Pure numpy: every fact is an array over shops. Nothing here decides anything; ``rules`` and
``score`` read these facts.
"""

from __future__ import annotations

import numpy as np

from advisor import thresholds as T
from advisor.model import Assumptions, overtake_month, project
from advisor.strategies import Outcome


def _first_loss_month(profit: np.ndarray) -> np.ndarray:
    loss = profit < 0
    return np.where(loss.any(axis=-1), np.argmax(loss, axis=-1) + 1, 0)


def required_join_rate(a: Assumptions, months: int, need: np.ndarray) -> np.ndarray:
    """Smallest join rate at which the pool (at the profile's budget shift) beats platform ads
    in discounted profit within the horizon; NaN where even everyone joining is not enough.

    Solved by bisection, all shops at once; ``need`` marks the shops to solve for.
    """
    result = np.full(np.shape(need), np.nan)
    idx = np.flatnonzero(need)
    if idx.size == 0:
        return result
    sub = a.map(lambda x: np.asarray(x)[idx] if np.ndim(x) else x)
    target = project(sub, months, 0.0, 0.0).discounted_profit

    def gap(join):
        return project(sub.replace(join_rate=join), months, sub.budget_shift, 1.0).discounted_profit - target

    lo = np.asarray(sub.join_rate, dtype=float).copy()
    hi = np.ones_like(lo)
    feasible = gap(hi) > 0
    for _ in range(T.POOL_SOLVER_STEPS):
        mid = (lo + hi) / 2
        ok = gap(mid) > 0
        hi = np.where(ok, mid, hi)
        lo = np.where(ok, lo, mid)
    result[idx] = np.where(feasible, hi, np.nan)
    return result


def compute(a: Assumptions, outcome: Outcome, months: int, solve_join_rate: bool = True) -> dict:
    """All facts, one array per name, shaped like the shops. ``solve_join_rate=False`` skips the
    bisection for the join rate a pool would need (batch ranking does not show it)."""
    revenue = np.asarray(a.revenue, dtype=float)
    v = np.asarray(a.variable_share, dtype=float)
    m = np.asarray(a.marketing_share, dtype=float)
    r0 = np.asarray(a.repeat_share, dtype=float)
    new_orders = (1 - r0) * revenue / a.order_value
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        contribution = 1 - v
        break_even_roas = np.where(contribution > 0, 1 / contribution, np.inf)
        cac = m * revenue / new_orders
        average_roas = np.where(m > 0, 1 / m, np.inf)
        # Extra revenue per extra unit of ad money at today's spend: d(new customers)/dA times a
        # customer's lifetime revenue, AOV (1 + fp / (1 - rho)), which makes the average R0/A0.
        marginal_roas = np.where(m > 0, (1 - a.elasticity) / m, np.inf)
        # Spend level at which the marginal ROAS falls to break-even: (A/A0)^-e = BE m / (1 - e)
        ratio = break_even_roas * m / (1 - a.elasticity)
        keep = np.where(a.elasticity > 0, ratio ** (-1 / np.maximum(a.elasticity, 1e-12)), 0.0)
    keep = np.clip(np.nan_to_num(keep, nan=0.0, posinf=1.0), 0.0, 1.0)

    s = outcome.strategies
    ads, pool, mix = s["platform_ads"].projection, s["private_pool"].projection, s["best_mix"].projection
    today_margin = 1 - v - m - np.asarray(a.fixed_share, dtype=float)
    horizon_revenue = revenue * np.asarray(a.horizon, dtype=float)
    mix_gain = mix.discounted_profit - ads.discounted_profit
    runs_pool = np.asarray(s["best_mix"].runs_pool, dtype=bool)
    pool_pays = runs_pool & (mix_gain >= T.POOL_MIN_GAIN_SHARE * horizon_revenue)
    return {
        "revenue": revenue,
        "order_value": np.asarray(a.order_value, dtype=float),
        "repeat_share": r0,
        "marketing_share": m,
        "net_margin": today_margin,
        "contribution_margin": contribution,
        "break_even_roas": break_even_roas,
        "average_roas": average_roas,
        "marginal_roas": marginal_roas,
        "ad_budget_to_keep": keep,
        "cac": cac,
        "cac_to_order_value": cac / a.order_value,
        "cac_growth": np.asarray(a.cac_growth, dtype=float),
        "end_margin_platform_ads": ads.at_horizon(ads.margin),
        "end_margin_private_pool": pool.at_horizon(pool.margin),
        "end_margin_best_mix": mix.at_horizon(mix.margin),
        "first_loss_month": _first_loss_month(ads.profit),
        "discounted_platform_ads": ads.discounted_profit,
        "discounted_private_pool": pool.discounted_profit,
        "discounted_best_mix": mix.discounted_profit,
        "best_shift": np.asarray(s["best_mix"].budget_shift, dtype=float),
        "runs_pool": runs_pool,
        "pool_pays": pool_pays,
        "pool_gain": mix_gain,
        "payoff_month": overtake_month(mix, ads),
        "join_rate": np.asarray(a.join_rate, dtype=float),
        "required_join_rate": required_join_rate(a, months, ~pool_pays) if solve_join_rate
        else np.full(pool_pays.shape, np.nan),
        "horizon": np.asarray(a.horizon),
    }
