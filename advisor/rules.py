"""Recommendations: explainable rules over the facts, each with a stable code and its evidence.

Each rule looks at the facts of all shops at once and returns, per shop, whether it fires, its
severity and the figures that made it fire. Thresholds live in ``advisor.thresholds``; the
reasoning is in docs/recommendations.md. Codes are a contract for scripts.
"""

from __future__ import annotations

import math

import numpy as np

from advisor import thresholds as T

CRITICAL, WARNING, INFO = "critical", "warning", "info"
SEVERITY_ORDER = {CRITICAL: 0, WARNING: 1, INFO: 2}

CODES = ("loss-warning", "niche-focus", "build-private-pool", "platform-as-conversion",
         "cut-unprofitable-ads", "social-mode")

MODES = ("group-buying", "distribution", "content", "community-group-buying")

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
    """The social-commerce mode that fits, and the reason key for the explanation."""
    fixed = CATEGORY_MODES.get(category)
    if fixed is not None:
        mode, reason = fixed
        if mode == "content" and order_value < T.LOW_ORDER_VALUE and category != "cosmetics":
            return "group-buying", "cheap"
        return mode, reason
    if repeat_share >= T.HIGH_REPURCHASE_SHARE:
        return "distribution", "repurchase"
    if order_value < T.LOW_ORDER_VALUE:
        return "group-buying", "cheap"
    return "content", "interest"


def _num(x) -> float | int | None:
    value = float(x)
    if not math.isfinite(value):
        return None
    return value


def fired(facts: dict) -> dict:
    """For each code, a boolean array over shops: does the rule fire? (``build-private-pool``
    and ``social-mode`` always do; this marks when the pool is *recommended*.)"""
    f = facts
    return {
        "loss-warning": (f["net_margin"] < T.LOSS_MARGIN) | (f["end_margin_platform_ads"] < T.LOSS_MARGIN),
        "niche-focus": ((f["marketing_share"] >= T.NICHE_MARKETING_SHARE) & (f["net_margin"] < T.THIN_MARGIN))
        | ((f["cac_growth"] > T.NICHE_CAC_GROWTH) & (f["cac_to_order_value"] >= T.NICHE_CAC_TO_ORDER_VALUE)),
        "build-private-pool": np.asarray(f["pool_pays"], dtype=bool),
        "platform-as-conversion": (f["repeat_share"] < T.CONVERSION_REPEAT_SHARE)
        & (f["marketing_share"] >= T.CONVERSION_MARKETING_SHARE),
        "cut-unprofitable-ads": f["marginal_roas"] < f["break_even_roas"],
    }


def top_codes(facts: dict) -> list[str]:
    """Per shop, the codes of the critical and warning recommendations, most severe first."""
    fire = fired(facts)  # in severity order already: loss-warning is the only critical one
    masks = list(fire.values())
    names = list(fire)
    return [" ".join(name for name, mask in zip(names, masks) if mask[i]) for i in range(len(masks[0]))]


def evaluate(facts: dict, categories: list[str]) -> list[list[dict]]:
    """Recommendations per shop, most severe first: ``[{code, severity, evidence}, ...]``."""
    fire = fired(facts)
    result: list[list[dict]] = []
    for i in range(len(categories)):
        recs = []
        g = {name: values[i] for name, values in facts.items()}
        if fire["loss-warning"][i]:
            today_loss = g["net_margin"] < T.LOSS_MARGIN
            recs.append(_rec("loss-warning", CRITICAL if today_loss else WARNING,
                             "today" if today_loss else "heading",
                             net_margin=g["net_margin"], end_margin_platform_ads=g["end_margin_platform_ads"],
                             first_loss_month=int(g["first_loss_month"]) or None))
        if fire["niche-focus"][i]:
            recs.append(_rec("niche-focus", WARNING, None, marketing_share=g["marketing_share"], net_margin=g["net_margin"],
                             cac=g["cac"], cac_to_order_value=g["cac_to_order_value"], cac_growth=g["cac_growth"]))
        chance = {"probability_pays": g["probability_pays"], "draws": int(g["draws"])} if "probability_pays" in g else {}
        if fire["build-private-pool"][i]:
            variant = "pays" if g["best_shift"] >= 0.005 else "alongside"  # no budget moved: run it on top
            recs.append(_rec("build-private-pool", WARNING, variant, budget_shift=g["best_shift"],
                             payoff_month=int(g["payoff_month"]) or None, profit_gain=g["pool_gain"],
                             end_margin_best_mix=g["end_margin_best_mix"], horizon_months=int(g["horizon"]), **chance))
        else:
            needed = _num(g["required_join_rate"])
            recs.append(_rec("build-private-pool", INFO, "needs" if needed is not None else "never",
                             join_rate=g["join_rate"], required_join_rate=needed, horizon_months=int(g["horizon"]),
                             **chance))
        if fire["platform-as-conversion"][i]:
            recs.append(_rec("platform-as-conversion", WARNING, None, repeat_share=g["repeat_share"],
                             new_customer_order_share=1 - g["repeat_share"], marketing_share=g["marketing_share"]))
        if fire["cut-unprofitable-ads"][i]:
            recs.append(_rec("cut-unprofitable-ads", WARNING, None, marginal_roas=g["marginal_roas"],
                             break_even_roas=g["break_even_roas"], average_roas=g["average_roas"],
                             suggested_cut=1 - g["ad_budget_to_keep"]))
        mode, reason = social_mode(categories[i], float(g["repeat_share"]), float(g["order_value"]))
        recs.append(_rec("social-mode", INFO, None, mode=mode, reason=reason, category=categories[i],
                         repeat_share=g["repeat_share"], order_value=g["order_value"]))
        recs.sort(key=lambda r: SEVERITY_ORDER[r["severity"]])
        result.append(recs)
    return result


def _rec(code: str, severity: str, variant: str | None, **evidence) -> dict:
    clean = {k: (_num(v) if isinstance(v, (float, np.floating, np.integer)) and not isinstance(v, bool) else v)
             for k, v in evidence.items()}
    return {"code": code, "severity": severity, "variant": variant, "evidence": clean}
