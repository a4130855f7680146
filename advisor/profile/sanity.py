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
"""A new customer bought with ads costing more than three orders' worth of revenue is almost surely
a wrong marketing, repeat, organic or acquisition share."""

MEMBER_UPLIFT_HIGH = 3.0
"""Members ordering more than three times as often as the shop's own platform buyers: beyond the
1.05-2.2x membership programmes are reported to reach (docs/model.md)."""

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
    aov = p["sales.average_order_value"]
    implied = figures.implied_cac(p["sales.monthly_revenue"], aov, repeat, p["costs.marketing"],
                                  p["ads.organic_share"], p["ads.acquisition_share"])
    stated = p.values.get("ads.customer_acquisition_cost")
    if stated and implied and abs(stated - implied) > CAC_TOLERANCE * implied:
        warn(("ads", "customer_acquisition_cost"), "cac-mismatch", "cac-mismatch",
             stated=f"{stated:,.0f}", implied=f"{implied:,.0f}")
    if implied > CAC_ABSURD_RATIO * aov:
        warn(("costs", "marketing"), "cac-absurd", "cac-absurd", cac=f"{implied:,.0f}", ratio=f"{implied / aov:.1f}")
    contribution = figures.contribution_margin(p.variable_share)
    if p["pool.member_discount"] >= contribution > 0 or (contribution <= 0 < p["pool.member_discount"]):
        warn(("pool", "member_discount"), "member-discount-too-deep", "member-discount-too-deep",
             discount=f"{p['pool.member_discount']:.0%}", contribution=f"{contribution:.0%}")
    if p["pool.join_rate"] == 0 and p["pool.budget_shift"] > 0:
        warn(("pool", "join_rate"), "pool-join-zero", "pool-join-zero")
    _rebuy(p, warn)
    _pool(p, warn)
    if p.fixed_share > FIXED_COSTS_HIGH:
        warn(("costs", "staff"), "fixed-costs-high", "fixed-costs-high", share=f"{p.fixed_share:.0%}")


def _rebuy(p, warn) -> None:
    """The ads that re-buy returning customers must not cost more than a repeat order brings."""
    repeat = p["sales.repeat_order_share"]
    if repeat <= 0 or p["costs.marketing"] <= 0:
        return
    revenue, aov = p["sales.monthly_revenue"], p["sales.average_order_value"]
    per_order = (1 - p["ads.acquisition_share"]) * p["costs.marketing"] * revenue / (repeat * revenue / aov)
    margin = aov * (1 - p.variable_share)
    if per_order > margin:
        warn(("ads", "acquisition_share"), "rebuy-over-margin", "rebuy-over-margin",
             cost=f"{per_order:,.2f}", margin=f"{margin:,.2f}")


def _pool(p, warn) -> None:
    """Member figures that the model would take at face value but that are hard to believe."""
    platform = figures.repeat_rate(repeat_share=p["sales.repeat_order_share"],
                                   retention=p["ads.customer_retention_per_month"])
    orders = p.values.get("pool.orders_per_member_per_month")
    if orders is not None and platform > 0 and orders > MEMBER_UPLIFT_HIGH * platform:
        warn(("pool", "orders_per_member_per_month"), "member-uplift-high", "member-uplift-high",
             uplift=f"{orders / platform:.1f}", orders=f"{orders:.2f}", platform=f"{platform:.2f}")
    elif orders is None and p["pool.order_uplift"] > MEMBER_UPLIFT_HIGH:
        warn(("pool", "order_uplift"), "member-uplift-high", "member-uplift-high",
             uplift=f"{p['pool.order_uplift']:.1f}", orders=f"{p['pool.order_uplift'] * platform:.2f}",
             platform=f"{platform:.2f}")
    churn = figures.member_churn(p)
    referrals = p["pool.referrals_per_member_per_month"]
    if referrals > 0 and referrals >= churn:
        warn(("pool", "referrals_per_member_per_month"), "referrals-above-churn", "referrals-above-churn",
             referrals=f"{referrals:.3g}", churn=f"{churn:.3g}", cap=f"{figures.max_members(p):,.0f}")
    fee = p["pool.membership_fee_per_month"]
    member_orders = orders if orders is not None else p["pool.order_uplift"] * platform
    discount = p["pool.member_discount"] * p["sales.average_order_value"] * member_orders
    if fee > 0 and fee > discount:
        warn(("pool", "membership_fee_per_month"), "fee-above-discount", "fee-above-discount",
             fee=f"{fee:,.2f}", discount=f"{discount:,.2f}")
