"""The 0-100 health score used by evaluate and to rank shops in a batch (docs/recommendations.md)."""

from __future__ import annotations

import numpy as np

from advisor import thresholds as T


def _margin_points(margin: np.ndarray) -> np.ndarray:
    span = T.SCORE_MARGIN_CEILING - T.SCORE_MARGIN_FLOOR
    return np.clip((margin - T.SCORE_MARGIN_FLOOR) / span, 0.0, 1.0)


def components(facts: dict) -> dict:
    """Each component in [0, 1] before weighting."""
    upside = facts["end_margin_best_mix"] - facts["end_margin_platform_ads"]
    return {
        "today": _margin_points(facts["net_margin"]),
        "outlook": _margin_points(facts["end_margin_best_mix"]),
        "independence": np.clip(1 - facts["marketing_share"] / T.SCORE_MARKETING_CEILING, 0.0, 1.0),
        "pool_upside": np.clip(upside / T.SCORE_POOL_UPSIDE_FULL, 0.0, 1.0),
    }


def health_score(facts: dict) -> np.ndarray:
    """Weighted sum of the components, rounded to a whole number between 0 and 100."""
    parts = components(facts)
    total = sum(T.SCORE_WEIGHTS[name] * value for name, value in parts.items())
    return np.rint(total).astype(int)
