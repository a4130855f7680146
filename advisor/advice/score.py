"""The 0-100 health score: how healthy the shop is as it can be run (docs/recommendations.md).

It rates today's margin, where the tuned ad plan leads (without the pool: a pool that exists
only in the assumptions earns nothing here), how much of the business rests on paid traffic,
and how loyal the customers already are; with ``--draws`` the outlook is the pessimistic (P10)
case. Higher margins, cheaper traffic, less ad dependence and more loyalty never lower it.
"""

from __future__ import annotations

import numpy as np

SCORE_WEIGHTS = {"today": 30, "outlook": 30, "independence": 20, "loyalty": 20}
"""Points for today's net margin, the tuned plan's outlook, independence from paid traffic and
loyalty. They add up to 100."""

SCORE_MARGIN_FLOOR = -0.10
SCORE_MARGIN_CEILING = 0.20
"""Margins score linearly from 0 points at -10% to full points at +20% (a very healthy shop)."""

SCORE_MARKETING_CEILING = 0.50
"""Independence scores full points with no ad spend and none at half of revenue on ads."""

SCORE_LOYALTY_FULL = 0.50
"""Loyalty scores full points when half of the orders come from returning customers."""


def _margin_points(margin: np.ndarray) -> np.ndarray:
    span = SCORE_MARGIN_CEILING - SCORE_MARGIN_FLOOR
    return np.clip((margin - SCORE_MARGIN_FLOOR) / span, 0.0, 1.0)


def components(facts: dict) -> dict:
    """Each component in [0, 1] before weighting. The outlook is the tuned plan's value as a
    margin on the horizon's revenue (profit and the customers it leaves, both discounted)."""
    value = facts.get("value_tuned_ads_p10", facts["value_tuned_ads"])
    if "value_tuned_ads_p10" in facts:
        value = np.minimum(value, facts["value_tuned_ads"])
    outlook = value / np.maximum(facts["horizon_revenue"], 1e-9)
    return {
        "today": _margin_points(facts["net_margin"]),
        "outlook": _margin_points(outlook),
        "independence": np.clip(1 - facts["marketing_share"] / SCORE_MARKETING_CEILING, 0.0, 1.0),
        "loyalty": np.clip(facts["repeat_share"] / SCORE_LOYALTY_FULL, 0.0, 1.0),
    }


def health_score(facts: dict) -> np.ndarray:
    """Weighted sum of the components, rounded to a whole number between 0 and 100."""
    parts = components(facts)
    total = sum(SCORE_WEIGHTS[name] * value for name, value in parts.items())
    return np.rint(total).astype(int)
