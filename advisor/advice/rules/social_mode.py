"""social-mode: the social-commerce mode that fits the goods -- group buying, distribution with
referral rebates, content and live streaming, or community group buying. Always given (info)."""

from __future__ import annotations

import numpy as np

from advisor.advice.rules.base import CODE as CODE_UNIT
from advisor.advice.rules.base import INFO, Evidence, Recommendation, money, share

CODE = "social-mode"
ORDER = 60

MODES = ("group-buying", "distribution", "content", "community-group-buying")
REASONS = ("fresh", "interest", "brand", "price", "cheap", "repurchase")

HIGH_REPURCHASE_SHARE = 0.30
"""A repeat share of 30% or more means the goods run out and are bought again: the pattern
referral rebates (distribution) reward."""

LOW_ORDER_VALUE = 60.0
"""Orders under 60 (in the profile's currency) are bought on price: group buying fits."""

# Category -> (mode, reason). Distribution needs goods that are bought again and again; where a
# category depends on the repurchase pattern the entry is None and ``social_mode`` decides.
CATEGORY_MODES = {
    "fresh-food": ("community-group-buying", "fresh"),
    "cosmetics": ("content", "interest"),
    "luxury": ("content", "brand"),
    "womenswear": ("content", "interest"),
    "menswear": ("content", "interest"),
    "apparel": ("content", "interest"),
    "shoes-bags": ("content", "interest"),
    "electronics": ("group-buying", "price"),
    "home": ("group-buying", "price"),
    "daily-necessities": None,
    "maternity-baby": None,
    "snacks": None,
    "other": None,
}


def social_mode(category: str, repeat_share: float, order_value: float) -> tuple[str, str]:
    """The social-commerce mode that fits, and the reason code for the explanation."""
    fixed = CATEGORY_MODES.get(category)
    if fixed is not None:
        mode, reason = fixed
        if mode == "content" and order_value < LOW_ORDER_VALUE and category != "cosmetics":
            return "group-buying", "cheap"
        return mode, reason
    if repeat_share >= HIGH_REPURCHASE_SHARE:
        return "distribution", "repurchase"
    if order_value < LOW_ORDER_VALUE:
        return "group-buying", "cheap"
    return "content", "interest"


def warns(facts: dict):
    return np.zeros(np.shape(facts["revenue"]), dtype=bool)  # advice, never a warning


def advise(shop: dict, category: str) -> Recommendation:
    mode, reason = social_mode(category, float(shop["repeat_share"]), float(shop["order_value"]))
    return Recommendation(CODE, INFO, None, {
        "mode": Evidence(mode, CODE_UNIT, names="mode"),
        "reason": Evidence(reason, CODE_UNIT),
        "category": Evidence(category, CODE_UNIT, names="category"),
        "repeat_share": share(shop["repeat_share"]),
        "order_value": money(shop["order_value"]),
    }, notes=("mode-reason." + reason,))
