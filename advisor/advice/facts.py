"""The figures the recommendations and the health score are built from, for many shops at once.

Pure numpy: every fact is an array over shops. Nothing here decides anything; ``rules`` and
``score`` read these facts.
"""

from __future__ import annotations

import numpy as np

from advisor.model.assumptions import Assumptions
from advisor.model.projection import overtake_month
from advisor.model.solve import required_join_rate
from advisor.model.strategies import Outcome
from advisor.profile import figures

POOL_MIN_GAIN_SHARE = 0.005
"""The pool pays when the best mix runs it and adds discounted profit worth at least 0.5% of the
horizon's revenue: less is within the noise of the assumptions."""


def _first_loss_month(profit: np.ndarray) -> np.ndarray:
    loss = profit < 0
    return np.where(loss.any(axis=-1), np.argmax(loss, axis=-1) + 1, 0)


def compute(a: Assumptions, outcome: Outcome, months: int, solve_join_rate: bool = True,
            uncertainty: dict | None = None) -> dict:
    """All facts, one array per name, shaped like the shops. ``solve_join_rate=False`` skips the
    bisection for the join rate a pool would need (batch ranking does not show it).
    ``uncertainty`` (one shop's Monte Carlo summary) adds ``probability_pays`` and ``draws``."""
    revenue = np.asarray(a.revenue, dtype=float)
    v = np.asarray(a.variable_share, dtype=float)
    m = np.asarray(a.marketing_share, dtype=float)
    r0 = np.asarray(a.repeat_share, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        contribution = figures.contribution_margin(v)
        break_even_roas = figures.break_even_roas(v)
        cac = figures.implied_cac(revenue, a.order_value, r0, m)
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
    today_margin = figures.net_margin(v, m, np.asarray(a.fixed_share, dtype=float))
    horizon_revenue = revenue * np.asarray(a.horizon, dtype=float)
    mix_gain = mix.discounted_profit - ads.discounted_profit
    runs_pool = np.asarray(s["best_mix"].runs_pool, dtype=bool)
    pool_pays = runs_pool & (mix_gain >= POOL_MIN_GAIN_SHARE * horizon_revenue)
    facts = {
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
    if uncertainty is not None:
        # one shop: the chance that what the advice recommends (the pool, or not) pays
        key = "probability_best_mix_beats_ads" if pool_pays[0] else "probability_pool_beats_ads"
        facts["probability_pays"] = np.array([uncertainty[key]])
        facts["draws"] = np.array([uncertainty["draws"]])
    return facts
