"""The 0-100 health score used by evaluate and to rank shops in a batch (docs/recommendations.md)."""

from __future__ import annotations

import numpy as np

SCORE_WEIGHTS = {"today": 35, "outlook": 30, "independence": 20, "pool_upside": 15}
"""Points for: today's net margin, the best plan's margin at the horizon, independence from paid
traffic, and how much the pool improves the outlook. They add up to 100."""

SCORE_MARGIN_FLOOR = -0.10
SCORE_MARGIN_CEILING = 0.20
"""Margins score linearly from 0 points at -10% to full points at +20% (a very healthy shop)."""

SCORE_MARKETING_CEILING = 0.50
"""Independence scores full points with no ad spend and none at half of revenue on ads."""

SCORE_POOL_UPSIDE_FULL = 0.10
"""The pool scores full points when it lifts the end-state margin by 10 points or more."""


def _margin_points(margin: np.ndarray) -> np.ndarray:
    span = SCORE_MARGIN_CEILING - SCORE_MARGIN_FLOOR
    return np.clip((margin - SCORE_MARGIN_FLOOR) / span, 0.0, 1.0)


def components(facts: dict) -> dict:
    """Each component in [0, 1] before weighting."""
    upside = facts["end_margin_best_mix"] - facts["end_margin_platform_ads"]
    return {
        "today": _margin_points(facts["net_margin"]),
        "outlook": _margin_points(facts["end_margin_best_mix"]),
        "independence": np.clip(1 - facts["marketing_share"] / SCORE_MARKETING_CEILING, 0.0, 1.0),
        "pool_upside": np.clip(upside / SCORE_POOL_UPSIDE_FULL, 0.0, 1.0),
    }


def health_score(facts: dict) -> np.ndarray:
    """Weighted sum of the components, rounded to a whole number between 0 and 100."""
    parts = components(facts)
    total = sum(SCORE_WEIGHTS[name] * value for name, value in parts.items())
    return np.rint(total).astype(int)
