"""restructure: even the best plan loses -- no ad setting and no pool rescues the shop; price,
product cost, returns or the category must change."""

from __future__ import annotations

from advisor.advice.rules.base import CRITICAL, Recommendation, money, months, share

CODE = "restructure"
ORDER = 5
VARIANTS = (None,)


def warns(facts: dict):
    return (facts["value_best_mix"] < 0) | (facts["end_profit_best_mix"] < 0)


def advise(shop: dict, info) -> Recommendation | None:
    if not warns(shop):
        return None
    return Recommendation(CODE, CRITICAL, None, {
        "end_margin_best_mix": share(shop["end_margin_best_mix"]),
        "end_revenue_ratio": share(shop["end_revenue_ratio_best_mix"]),
        "value_best_mix": money(shop["value_best_mix"]),
        "cost_cut_needed": share(max(0.0, -float(shop["end_margin_best_mix"]))),
        "horizon_months": months(shop["horizon"]),
    })
