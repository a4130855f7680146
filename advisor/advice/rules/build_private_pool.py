"""build-private-pool: the pool pays on its own -- measured against the tuned ad plan, so the gain
of cutting ads is never credited to it. A gain too small to matter is said to be one."""

from __future__ import annotations

from advisor.advice.rules.base import (
    COUNT,
    INFO,
    PROBABILITY,
    WARNING,
    Evidence,
    Recommendation,
    money,
    months,
    share,
    switch_evidence,
)

CODE = "build-private-pool"
ORDER = 30
VARIANTS = (None, "after", "marginal")


def warns(facts: dict):
    return facts["pool_material"].astype(bool)


def advise(shop: dict, info) -> Recommendation | None:
    if not shop["runs_pool"]:
        return None
    variant: str | None
    if not shop["pool_material"]:
        variant = "marginal"  # about break-even: within the noise of the assumptions
    else:
        variant = None if shop["overtake_month"] else "after"  # the gain lies after the horizon
    evidence = {
        "pool_gain": money(shop["pool_gain"]),
        "overtake_month": months(shop["overtake_month"], missing="rec.after-horizon"),
        "ad_budget_change": share(shop["ad_budget_change"]),
        "horizon_months": months(shop["horizon"]),
    }
    notes: tuple = ()
    if "probability_pool_pays" in shop:
        evidence["probability_pool_pays"] = Evidence(float(shop["probability_pool_pays"]), PROBABILITY)
        evidence["draws"] = Evidence(int(shop["draws"]), COUNT)
        notes += ("rec.build-private-pool.probability",)
    point = switch_evidence(shop["pool_switch"])
    if point:
        evidence.update(point)
        notes += ("rec.switch.pays",)
    if shop["outside_plausible"]:
        evidence["outside_plausible"] = Evidence(", ".join(shop["outside_plausible"]), "code")
        notes += ("rec.low-confidence",)
    return Recommendation(CODE, INFO if variant == "marginal" else WARNING, variant, evidence, notes)
