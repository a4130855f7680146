"""social-mode: the social-commerce mode that fits the goods -- group buying, distribution with
referral rebates, content and live streaming, or community group buying. Always given (info),
and consistent with the pool verdict: the two modes that are a private pool are not recommended
as if they paid when the pool does not."""

from __future__ import annotations

import numpy as np

from advisor.advice.rules.base import CODE as CODE_UNIT
from advisor.advice.rules.base import INFO, Evidence, Recommendation, money, share, switch_evidence

CODE = "social-mode"
ORDER = 60
VARIANTS = (None, "needs-pool")

MODES = ("group-buying", "distribution", "content", "community-group-buying")
REASONS = ("fresh", "interest", "brand", "price", "cheap", "repurchase")

POOL_MODES = ("distribution", "community-group-buying")
"""Referral rebates and community groups are private pools: members in the shop's own channel."""

HIGH_REPURCHASE_SHARE = 0.30
"""A repeat share of 30% or more means the goods run out and are bought again: the pattern
referral rebates (distribution) reward."""

LOW_ORDER_VALUE = {"CNY": 60.0, "RMB": 60.0, "USD": 10.0, "EUR": 9.0, "GBP": 8.0, "JPY": 1300.0, "HKD": 70.0,
                   "TWD": 300.0, "SGD": 12.0, "KRW": 12000.0, "AUD": 14.0, "CAD": 12.0}
"""Orders under about 60 yuan -- the same everyday price in each currency -- are bought on price:
group buying fits. For another currency the price test is left out rather than guessed."""

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


def social_mode(category: str, repeat_share: float, order_value: float, currency: str = "CNY") -> tuple[str, str]:
    """The social-commerce mode that fits, and the reason code for the explanation."""
    threshold = LOW_ORDER_VALUE.get(currency.upper())
    cheap = threshold is not None and order_value < threshold
    fixed = CATEGORY_MODES.get(category)
    if fixed is not None:
        mode, reason = fixed
        if mode == "content" and cheap and category != "cosmetics":
            return "group-buying", "cheap"
        return mode, reason
    if repeat_share >= HIGH_REPURCHASE_SHARE:
        return "distribution", "repurchase"
    if cheap:
        return "group-buying", "cheap"
    return "content", "interest"


def social_modes(categories: list, repeat_shares, order_values, currencies: list) -> list[str]:
    """``social_mode``'s mode for many shops: the tests it makes, for all at once, then each
    distinct outcome decided once."""
    thresholds = np.array([LOW_ORDER_VALUE.get(currency.upper(), np.nan) for currency in currencies], dtype=float)
    cheap = (np.asarray(order_values, dtype=float) < thresholds).tolist()  # NaN: no price test
    high = (np.asarray(repeat_shares, dtype=float) >= HIGH_REPURCHASE_SHARE).tolist()
    decided: dict = {}
    modes = []
    for key in zip(categories, high, cheap):
        mode = decided.get(key)
        if mode is None:
            category, repeats, is_cheap = key
            # stand-ins that make social_mode take the same branches: the one definition decides
            mode = decided[key] = social_mode(category, 1.0 if repeats else 0.0, 0.0 if is_cheap else np.inf,
                                              "CNY" if is_cheap else "")[0]
        modes.append(mode)
    return modes


def warns(facts: dict):
    return np.zeros(np.shape(facts["revenue"]), dtype=bool)  # advice, never a warning


def advise(shop: dict, info) -> Recommendation:
    mode, reason = social_mode(info.category, float(shop["repeat_share"]), float(shop["order_value"]), info.currency)
    evidence = {
        "mode": Evidence(mode, CODE_UNIT, names="mode"),
        "reason": Evidence(reason, CODE_UNIT),
        "category": Evidence(info.category, CODE_UNIT, names="category"),
        "repeat_share": share(shop["repeat_share"]),
        "order_value": money(shop["order_value"]),
    }
    notes: tuple = ("mode-reason." + reason,)
    variant = None
    if mode in POOL_MODES and not shop["runs_pool"]:
        variant = "needs-pool"
        point = switch_evidence(shop["pool_switch"])
        evidence.update(point)
        notes += ("rec.switch.would-pay",) if point else ()
    return Recommendation(CODE, INFO, variant, evidence, notes)
