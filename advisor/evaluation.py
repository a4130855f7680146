"""Use cases for one shop: its full evaluation and the sensitivity of its best plan.

``evaluate`` returns plain data: the numbers of the ``--format json`` contract (design.md
section 5a) with the recommendations as typed ``Recommendation`` values. Nothing here knows a
language: the output edge words the advice, for the terminal and for JSON alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.model import pnl
from advisor.profile.shop import Profile


def _strategy_dict(strategy, index: int, horizon: int) -> dict:
    p = strategy.projection
    months = [
        {
            "month": t + 1,
            "revenue": float(p.revenue[index, t]),
            "profit": float(p.profit[index, t]),
            "net_margin": float(p.margin[index, t]),
            "members": float(p.members[index, t]),
            "ad_spend": float(p.ad_spend[index, t]),
        }
        for t in range(horizon)
    ]
    return {
        "budget_shift": float(strategy.budget_shift[index]),
        "runs_pool": bool(strategy.runs_pool[index]),
        "months": months,
        "total_profit": float(p.total_profit[index]),
        "discounted_profit": float(p.discounted_profit[index]),
        "end_net_margin": float(p.at_horizon(p.margin)[index]),
        "end_marketing_share": float(strategy.end_marketing_share[index]),
    }


def today_dict(p: Profile) -> dict:
    t = pnl.today(p)
    return {
        "revenue": t.revenue,
        "net_profit": t.net_profit,
        "net_margin": t.net_margin,
        "contribution_margin": t.contribution_margin,
        "shares": t.shares(),
        "break_even_roas": t.break_even_roas,
    }


def evaluate(p: Profile, horizon: int | None = None, budget_shift: float | None = None,
             draws: int | None = None, seed: int = 0) -> dict:
    """Evaluate one profile. ``horizon`` and ``budget_shift`` override the profile's. With
    ``draws``, a Monte Carlo over the profile's ranges adds an ``uncertainty`` section."""
    from advisor.advice import facts as shop_facts
    from advisor.advice import rules, score
    from advisor.model.assumptions import from_profiles
    from advisor.model.strategies import STRATEGIES, run

    a = from_profiles([p], horizon=horizon, budget_shift=budget_shift)
    months = int(a.horizon[0])
    outcome = run(a, months)
    overtake = int(outcome.overtake_month[0])
    uncertainty = None
    if draws:
        from advisor.model.uncertainty import simulate

        best = (float(outcome["best_mix"].budget_shift[0]), bool(outcome["best_mix"].runs_pool[0]))
        uncertainty = simulate(p, draws, seed, best, horizon=horizon, budget_shift=budget_shift)
    facts = shop_facts.compute(a, outcome, months, uncertainty=uncertainty)
    result = {
        "profile": p.source,
        "shop": {"name": p.name, "platform": p.platform, "category": p.category, "currency": p.currency},
        "today": today_dict(p),
        "horizon_months": months,
        "strategies": {name: _strategy_dict(outcome[name], 0, months) for name in STRATEGIES},
        "pool_overtakes_ads_month": overtake or None,
        "recommendations": rules.evaluate(facts, [p.category])[0],
        "health_score": int(score.health_score(facts)[0]),
    }
    if uncertainty is not None:
        result["uncertainty"] = uncertainty
    return result


@dataclass
class SensitivityRun:
    """The sensitivity of one shop's best plan, and the currency its money is in."""

    data: dict  # the --format json document
    currency: str


def sensitivity(p: Profile, horizon: int | None = None) -> SensitivityRun:
    from advisor.model.uncertainty import sensitivity as swing

    return SensitivityRun(swing(p, horizon=horizon), p.currency)
