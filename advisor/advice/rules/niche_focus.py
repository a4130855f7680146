"""niche-focus: the mass-market trap, bidding against every seller for the same keywords."""

from __future__ import annotations

from advisor.advice.rules.base import WARNING, Recommendation, money, ratio, share

CODE = "niche-focus"
ORDER = 20

NICHE_MARKETING_SHARE = 0.25
"""Spending a quarter of revenue or more on ads means bidding against everyone for the same
keywords; with a thin margin that is the mass-market trap a niche escapes."""

THIN_MARGIN = 0.05
"""Below 5% net, one bad season or a rise in ad prices wipes out the year's profit."""

NICHE_CAC_GROWTH = 0.10
"""Ad costs rising faster than 10% a year outpace any realistic rise in order value."""

NICHE_CAC_TO_ORDER_VALUE = 0.40
"""When winning one new customer costs 40% of their first order or more, the first order cannot
pay for itself after product and logistics costs."""


def warns(facts: dict):
    thin = (facts["marketing_share"] >= NICHE_MARKETING_SHARE) & (facts["net_margin"] < THIN_MARGIN)
    dear = (facts["cac_growth"] > NICHE_CAC_GROWTH) & (facts["cac_to_order_value"] >= NICHE_CAC_TO_ORDER_VALUE)
    return thin | dear


def advise(shop: dict, category: str) -> Recommendation | None:
    if not warns(shop):
        return None
    return Recommendation(CODE, WARNING, None, {
        "marketing_share": share(shop["marketing_share"]),
        "net_margin": share(shop["net_margin"]),
        "cac": money(shop["cac"]),
        "cac_to_order_value": ratio(shop["cac_to_order_value"]),
        "cac_growth": share(shop["cac_growth"]),
    })
