"""pool-not-yet: the pool does not pay on these assumptions -- and what it would need to."""

from __future__ import annotations

import numpy as np

from advisor.advice.rules.base import COUNT, INFO, PROBABILITY, Evidence, Recommendation, money, months, switch_evidence

CODE = "pool-not-yet"
ORDER = 35
VARIANTS = ("needs", "unlikely", "never")


def warns(facts: dict):
    return np.zeros(np.shape(facts["runs_pool"]), dtype=bool)  # information, never a warning


def advise(shop: dict, info) -> Recommendation | None:
    if shop["runs_pool"]:
        return None
    evidence = {"pool_gain": money(shop["pool_gain"]), "horizon_months": months(shop["horizon"])}
    point = shop["pool_switch"]
    if not point:
        variant = "never"
    else:
        variant = "needs" if point["inside_plausible"] else "unlikely"
        evidence.update(switch_evidence(point))
    notes: tuple = ()
    if "probability_pool_pays" in shop:
        evidence["probability_pool_pays"] = Evidence(float(shop["probability_pool_pays"]), PROBABILITY)
        evidence["draws"] = Evidence(int(shop["draws"]), COUNT)
        notes = ("rec.pool-not-yet.probability",)
    return Recommendation(CODE, INFO, variant, evidence, notes)
