"""Cross-field sanity checks: legal values whose combination is implausible. Warnings only.

Each check has a rule id (shown in brackets by ``advisor validate``) and its threshold here.
"""

from __future__ import annotations

from advisor.profile import figures

UNUSUAL_REPEAT_SHARE = 0.9
"""Above this, almost no orders come from new customers: possible, but usually a typo."""

CAC_TOLERANCE = 0.25
"""A stated CAC more than 25% away from the one the costs imply is worth a warning."""

CAC_ABSURD_RATIO = 3.0
"""A new customer costing more than three orders' worth of revenue is almost surely a wrong
marketing or repeat share: CAC / AOV = marketing / (1 - repeat share)."""

FIXED_COSTS_HIGH = 0.40
"""Fixed costs above 40% of revenue: a modest drop in sales turns into a large loss."""


def check(p, warn) -> None:
    """Call ``warn(keys, rule, message_key, **params)`` for each implausible combination."""
    total = p.variable_share + p.fixed_share + p["costs.marketing"]
    if total > 1:
        warn(("costs",), "costs-over-100", "costs-over-100", key_pos=True, total=f"{total:.0%}")
    repeat = p["sales.repeat_order_share"]
    if repeat > UNUSUAL_REPEAT_SHARE:
        warn(("sales", "repeat_order_share"), "repeat-share-high", "repeat-share-high", got=f"{repeat:.0%}")
    implied = figures.implied_cac(p["sales.monthly_revenue"], p["sales.average_order_value"], repeat,
                                  p["costs.marketing"])
    stated = p.values.get("ads.customer_acquisition_cost")
    if stated and implied and abs(stated - implied) > CAC_TOLERANCE * implied:
        warn(("ads", "customer_acquisition_cost"), "cac-mismatch", "cac-mismatch",
             stated=f"{stated:,.0f}", implied=f"{implied:,.0f}")
    cac_ratio = p["costs.marketing"] / (1 - repeat)
    if cac_ratio > CAC_ABSURD_RATIO:
        cac = cac_ratio * p["sales.average_order_value"]
        warn(("costs", "marketing"), "cac-absurd", "cac-absurd", cac=f"{cac:,.0f}", ratio=f"{cac_ratio:.1f}")
    contribution = figures.contribution_margin(p.variable_share)
    if p["pool.member_discount"] >= contribution > 0 or (contribution <= 0 < p["pool.member_discount"]):
        warn(("pool", "member_discount"), "member-discount-too-deep", "member-discount-too-deep",
             discount=f"{p['pool.member_discount']:.0%}", contribution=f"{contribution:.0%}")
    if p["pool.join_rate"] == 0 and p["pool.budget_shift"] > 0:
        warn(("pool", "join_rate"), "pool-join-zero", "pool-join-zero")
    if p.fixed_share > FIXED_COSTS_HIGH:
        warn(("costs", "staff"), "fixed-costs-high", "fixed-costs-high", share=f"{p.fixed_share:.0%}")
