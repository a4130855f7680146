"""platform-as-conversion: the platform should be where orders convert, not where the shop
finds its customers again and again."""

from __future__ import annotations

from advisor.advice.rules.base import WARNING, Recommendation, share

CODE = "platform-as-conversion"
ORDER = 40

CONVERSION_REPEAT_SHARE = 0.30
"""Under 30% of orders from returning customers: the shop rents its customers from the
platform again and again instead of keeping them."""

CONVERSION_MARKETING_SHARE = 0.15
"""...while spending at least 15% of revenue on ads to find them."""


def warns(facts: dict):
    return (facts["repeat_share"] < CONVERSION_REPEAT_SHARE) & (facts["marketing_share"] >= CONVERSION_MARKETING_SHARE)


def advise(shop: dict, category: str) -> Recommendation | None:
    if not warns(shop):
        return None
    return Recommendation(CODE, WARNING, None, {
        "repeat_share": share(shop["repeat_share"]),
        "new_customer_order_share": share(1 - shop["repeat_share"]),
        "marketing_share": share(shop["marketing_share"]),
    })
