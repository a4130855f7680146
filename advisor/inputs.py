"""Profiles to model inputs: one array per parameter, one element per shop."""

from __future__ import annotations

from operator import itemgetter

import numpy as np

from advisor.model import Assumptions
from advisor.profile import Profile

# model parameter -> profile path (shares of costs are derived separately)
PARAMETER_PATHS = {
    "revenue": "sales.monthly_revenue",
    "order_value": "sales.average_order_value",
    "repeat_share": "sales.repeat_order_share",
    "marketing_share": "costs.marketing",
    "cac_growth": "ads.cac_growth_per_year",
    "elasticity": "ads.spend_elasticity",
    "retention": "ads.customer_retention_per_month",
    "budget_shift": "pool.budget_shift",
    "join_rate": "pool.join_rate",
    "churn": "pool.monthly_churn",
    "member_orders": "pool.orders_per_member_per_month",
    "member_discount": "pool.member_discount",
    "referrals": "pool.referrals_per_member_per_month",
    "referral_reward": "pool.referral_reward",
    "membership_fee": "pool.membership_fee_per_month",
    "setup_cost": "pool.setup_cost",
    "operating_cost": "pool.monthly_operating_cost",
    "discount_rate": "projection.discount_rate_per_year",
    "horizon": "projection.horizon_months",
}
PATH_PARAMETERS = {path: name for name, path in PARAMETER_PATHS.items()}


def assumptions(profiles: list[Profile], **overrides) -> Assumptions:
    """Stack profiles into arrays shaped (shops,). ``overrides`` replace a parameter for all."""
    names = list(PARAMETER_PATHS)
    get = itemgetter(*PARAMETER_PATHS.values())
    matrix = np.array([get(p.values) for p in profiles], dtype=float).reshape(len(profiles), len(names))
    columns = {name: matrix[:, i].copy() for i, name in enumerate(names)}
    columns["variable_share"] = np.array([p.variable_share for p in profiles], dtype=float)
    columns["fixed_share"] = np.array([p.fixed_share for p in profiles], dtype=float)
    for name, value in overrides.items():
        if value is not None:
            columns[name] = np.full(len(profiles), float(value))
    columns["horizon"] = columns["horizon"].astype(int)
    return Assumptions(**columns)
