"""The model's inputs: one array per parameter, one element per shop (or per draw).

``from_profiles`` stacks checked profiles into ``Assumptions``; the model never sees a profile.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import itemgetter

import numpy as np

from advisor.profile.shop import Profile


@dataclass
class Assumptions:
    """Inputs of the model, one array per parameter (all broadcast together).

    Shares and rates are fractions; money is per month in the profile's currency.
    """

    revenue: np.ndarray  # R0, today's monthly revenue
    order_value: np.ndarray  # AOV
    repeat_share: np.ndarray  # r0, share of today's orders from returning customers
    variable_share: np.ndarray  # v, costs that scale with orders, as a share of revenue
    fixed_share: np.ndarray  # fixed costs F as a share of today's revenue
    marketing_share: np.ndarray  # m, ad spend A0 = m * R0
    cac_growth: np.ndarray  # g, yearly growth of the customer-acquisition cost
    elasticity: np.ndarray  # e, diminishing returns of ad spend (0 = linear)
    retention: np.ndarray  # rho, monthly retention of platform customers
    budget_shift: np.ndarray  # s, share of the ad budget moved into the pool
    join_rate: np.ndarray  # j, share of new buyers joining the pool
    churn: np.ndarray  # c, monthly churn of pool members
    member_orders: np.ndarray  # f, orders per member per month
    member_discount: np.ndarray  # d
    referrals: np.ndarray  # k, referred members per member per month
    referral_reward: np.ndarray  # w, money per referred member
    membership_fee: np.ndarray  # fee per member per month
    setup_cost: np.ndarray  # paid in month 1
    operating_cost: np.ndarray  # per month while the pool runs
    discount_rate: np.ndarray  # yearly rate for discounting profit
    horizon: np.ndarray  # H, months that count for totals (integer)

    def replace(self, **changes) -> Assumptions:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update({k: np.asarray(v, dtype=float) if k != "horizon" else np.asarray(v) for k, v in changes.items()})
        return Assumptions(**values)

    def map(self, fn) -> Assumptions:
        return Assumptions(**{f.name: fn(getattr(self, f.name)) for f in fields(self)})



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


def from_profiles(profiles: list[Profile], **overrides) -> Assumptions:
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
