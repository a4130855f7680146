"""tune-ads: set the ad budget to the level that pays -- cutting the ads that do not pay, or
raising them where the last yuan still brings more than it costs. Replaces cut-unprofitable-ads
(still given as an alias code for one version)."""

from __future__ import annotations

import numpy as np

from advisor.advice.rules.base import WARNING, Recommendation, money, share

CODE = "tune-ads"
ORDER = 25
VARIANTS = ("cut", "raise", "stop", "double", "taper")
ALIASES = {"cut": ("cut-unprofitable-ads",), "stop": ("cut-unprofitable-ads",)}
"""Scripts that filter on the old code still find a cut, for one version (docs/recommendations.md)."""

MAX_STEP = 0.30
"""Change the budget by at most 30% of today's per review: ad platforms re-learn after a large
change, and the model's response to spend is only known near today's level."""


def warns(facts: dict):
    """The ads verdict says to move (``change``) or to let the level fall (``taper``): tuning is
    worth more than 1% of the horizon's revenue (``facts.ads_verdict``)."""
    return np.isin(facts["ads_verdict"], ("change", "taper"))


def advise(shop: dict, info) -> Recommendation | None:
    if not warns(shop):
        return None
    change = float(shop["ad_budget_change"])
    if shop["ads_verdict"] == "taper":
        variant = "taper"  # the level is right, holding it is not
    elif shop["ads_at_bound"]:
        variant = "stop" if change < 0 else "double"
    else:
        variant = "cut" if change < 0 else "raise"
    evidence = {
        "ad_budget_change": share(change),
        "ad_budget_level": share(1 + change),
        "band_low_level": share(1 + shop["ads_band_low"]),
        "band_high_level": share(1 + shop["ads_band_high"]),
        "ads_gain": money(shop["ads_gain"]),
        "plan_gain": money(shop["plan_gain"]),
        "first_step": share(float(np.clip(change, -MAX_STEP, MAX_STEP))),
        "yearly_fall": share(shop["ads_yearly_fall"]),
    }
    notes: tuple = ("rec.tune-ads.taper",) if shop["ads_taper"] and variant != "taper" else ()
    if shop["runs_pool"]:
        # the advised level is the best plan's, which runs the pool: its worth is credited to the
        # ads and the pool, each for its own part
        evidence["pool_gain"] = money(shop["pool_gain"])
        notes += ("rec.tune-ads.with-pool",)
        if abs(shop["ad_budget_change_without_pool"] - change) >= 0.005:
            evidence["ad_budget_change_without_pool"] = share(shop["ad_budget_change_without_pool"])
            notes += ("rec.tune-ads.without-pool",)
    return Recommendation(CODE, WARNING, variant, evidence, notes, ALIASES.get(variant, ()))
