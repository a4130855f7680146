"""platform-as-conversion: most orders are first orders and the pool would pay -- use the platform
as the place where orders convert, and bring buyers into the shop's own channel."""

from __future__ import annotations

from advisor.advice.rules.base import WARNING, Recommendation, share

CODE = "platform-as-conversion"
ORDER = 40
VARIANTS = (None,)

FIRST_ORDER_MAJORITY = 0.5
"""More than half of the orders are first orders: the shop finds its customers again and again
instead of keeping them."""


def warns(facts: dict):
    return (facts["repeat_share"] < FIRST_ORDER_MAJORITY) & facts["pool_material"].astype(bool)


def advise(shop: dict, info) -> Recommendation | None:
    if not warns(shop):
        return None
    return Recommendation(CODE, WARNING, None, {
        "first_order_share": share(1 - shop["repeat_share"]),
        "bought_share": share(shop["bought_share"]),
        "marketing_share": share(shop["marketing_share"]),
    })
