"""One shop's full evaluation as plain data: today's P&L, the three strategies, advice.

The dict this returns is the ``--format json`` contract (design.md section 5a); the text
renderer reads the same dict, so both outputs always agree.
"""

from __future__ import annotations


import numpy as np

from advisor import inputs, pnl
from advisor.profile import Profile
from advisor.strategies import STRATEGIES, run


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


def evaluate(p: Profile, horizon: int | None = None, budget_shift: float | None = None, lang: str = "en",
             draws: int | None = None, seed: int = 0) -> dict:
    """Evaluate one profile. ``horizon`` and ``budget_shift`` override the profile's; ``lang``
    is the language of the recommendations' titles and advice (codes and keys never change).
    With ``draws``, a Monte Carlo over the profile's ranges adds an ``uncertainty`` section."""
    from advisor import facts as shop_facts
    from advisor import rules, score
    from advisor.i18n import Translator
    from advisor.recommendation_text import localize

    a = inputs.assumptions([p], horizon=horizon, budget_shift=budget_shift)
    months = int(a.horizon[0])
    outcome = run(a, months)
    overtake = int(outcome.overtake_month[0])
    facts = shop_facts.compute(a, outcome, months)
    uncertainty = None
    if draws:
        from advisor.uncertainty import simulate

        best = (float(outcome["best_mix"].budget_shift[0]), bool(outcome["best_mix"].runs_pool[0]))
        uncertainty = simulate(p, draws, seed, best, horizon=horizon, budget_shift=budget_shift)
        key = "probability_best_mix_beats_ads" if facts["pool_pays"][0] else "probability_pool_beats_ads"
        facts["probability_pays"] = np.array([uncertainty[key]])
        facts["draws"] = np.array([draws])
    t = Translator(lang)
    recommendations = [localize(rec, t, p.currency) for rec in rules.evaluate(facts, [p.category])[0]]
    result = {
        "profile": p.source,
        "shop": {"name": p.name, "platform": p.platform, "category": p.category, "currency": p.currency},
        "today": today_dict(p),
        "horizon_months": months,
        "strategies": {name: _strategy_dict(outcome[name], 0, months) for name in STRATEGIES},
        "pool_overtakes_ads_month": overtake or None,
        "recommendations": recommendations,
        "health_score": int(score.health_score(facts)[0]),
    }
    if uncertainty is not None:
        result["uncertainty"] = uncertainty
    return result


