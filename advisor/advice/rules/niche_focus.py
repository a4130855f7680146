"""niche-focus: paid acquisition cannot pay for itself while the margin is thin -- the mass-market
trap of bidding against every seller for the same keywords. Never fired merely because customers
come back often: loyal customers make a bought customer worth more, not less."""

from __future__ import annotations

from advisor.advice.rules.base import WARNING, Recommendation, money, share

CODE = "niche-focus"
ORDER = 20
VARIANTS = (None,)

NICHE_MARGIN = 0.10
"""Below a 10% net margin a shop has no room to keep buying customers who do not pay back."""


def warns(facts: dict):
    return ((facts["marketing_share"] > 0) & (facts["paid_customer_value"] < facts["marginal_cac"])
            & (facts["net_margin"] < NICHE_MARGIN))


def advise(shop: dict, info) -> Recommendation | None:
    if not warns(shop):
        return None
    return Recommendation(CODE, WARNING, None, {
        "net_margin": share(shop["net_margin"]),
        "paid_customer_value": money(shop["paid_customer_value"]),
        "marginal_cac": money(shop["marginal_cac"]),
        "cac": money(shop["cac"]),
        "cac_growth": share(shop["cac_growth"]),
    })
