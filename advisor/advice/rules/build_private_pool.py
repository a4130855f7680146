"""build-private-pool: build the pool when it pays; otherwise say what it would need."""

from __future__ import annotations

import math

from advisor.advice.rules.base import COUNT, INFO, PROBABILITY, WARNING, Evidence, Recommendation, money, months, share

CODE = "build-private-pool"
ORDER = 30

NO_BUDGET_MOVED = 0.005
"""A best budget shift under half a percent moves no budget: the pool then runs alongside the
ads, paid for by its own members, and the advice says so."""


def warns(facts: dict):
    return facts["pool_pays"].astype(bool)


def advise(shop: dict, category: str) -> Recommendation:
    horizon = months(shop["horizon"])
    chance: dict = {}
    notes: tuple = ()
    if "probability_pays" in shop:
        chance = {"probability_pays": Evidence(float(shop["probability_pays"]), PROBABILITY),
                  "draws": Evidence(int(shop["draws"]), COUNT)}
        notes = ("rec.build-private-pool.probability",)
    if shop["pool_pays"]:
        variant = "pays" if shop["best_shift"] >= NO_BUDGET_MOVED else "alongside"
        return Recommendation(CODE, WARNING, variant, {
            "budget_shift": share(shop["best_shift"]),
            "payoff_month": months(shop["payoff_month"], missing="rec.never"),
            "profit_gain": money(shop["pool_gain"]),
            "end_margin_best_mix": share(shop["end_margin_best_mix"]),
            "horizon_months": horizon, **chance}, notes)
    needed = float(shop["required_join_rate"])
    return Recommendation(CODE, INFO, "needs" if math.isfinite(needed) else "never", {
        "join_rate": share(shop["join_rate"]),
        "required_join_rate": share(needed),
        "horizon_months": horizon, **chance}, notes)
