"""cut-unprofitable-ads: the last unit of ad money brings less than it must to pay for itself.

No threshold of its own: the break-even ROAS is the threshold.
"""

from __future__ import annotations

from advisor.advice.rules.base import WARNING, Recommendation, ratio, share

CODE = "cut-unprofitable-ads"
ORDER = 50


def warns(facts: dict):
    return facts["marginal_roas"] < facts["break_even_roas"]


def advise(shop: dict, category: str) -> Recommendation | None:
    if not warns(shop):
        return None
    return Recommendation(CODE, WARNING, None, {
        "marginal_roas": ratio(shop["marginal_roas"]),
        "break_even_roas": ratio(shop["break_even_roas"]),
        "average_roas": ratio(shop["average_roas"]),
        "suggested_cut": share(1 - shop["ad_budget_to_keep"]),
    })
