"""The model's inputs: one array per parameter, one element per shop (or per draw).

``from_profiles`` stacks checked profiles into ``Assumptions``; the model never sees a profile.
The symbols are those of docs/model.md.
"""

import math
from operator import itemgetter
from typing import NamedTuple

import numpy as np

from advisor.profile.shop import Profile


class Assumptions(NamedTuple):
    """Inputs of the model, one array per parameter (all broadcast together).

    Shares and rates are fractions; money is per month in the profile's currency. NaN in
    ``member_orders``, ``member_churn`` or ``max_members`` means "derive it" (docs/model.md).
    """

    revenue: np.ndarray  # R0, today's monthly revenue
    order_value: np.ndarray  # AOV
    repeat_share: np.ndarray  # r0, share of today's orders from returning platform customers
    variable_share: np.ndarray  # v, cost of one order as a share of its list price
    platform_fee_share: np.ndarray  # the platform-fee part of v (members off the platform skip it)
    fixed_share: np.ndarray  # fixed costs F as a share of today's revenue
    marketing_share: np.ndarray  # m, ad spend today A0 = m R0
    acquisition_share: np.ndarray  # psi, part of A0 that buys new customers
    organic_share: np.ndarray  # o, part of today's new customers who came without ads
    organic_growth: np.ndarray  # h, yearly change of free traffic
    organic_follows_sales: np.ndarray  # beta, elasticity of free traffic to last month's platform orders
    cac_growth: np.ndarray  # g, yearly growth of the cost of a bought customer
    elasticity: np.ndarray  # e, diminishing returns of ad spend (0 = linear)
    retention: np.ndarray  # rho, monthly retention of platform customers
    budget_shift: np.ndarray  # s, the profile's own pool plan cuts ads to 1 - s
    join_rate: np.ndarray  # j, share of invited buyers who join the pool
    order_uplift: np.ndarray  # members order uplift x fp a month
    churn_ratio: np.ndarray  # members churn churn_ratio x (1 - rho) a month
    member_orders: np.ndarray  # f_m if measured, else NaN
    member_churn: np.ndarray  # c_m if measured, else NaN
    orders_on_platform: np.ndarray  # 1: members buy in the platform store; 0: in an own mini-program
    member_discount: np.ndarray  # d
    referrals: np.ndarray  # k, referred members per member per month far from the cap
    max_members: np.ndarray  # M_max if given, else NaN
    referral_reward: np.ndarray  # w, money per referred member
    membership_fee: np.ndarray  # fee per member per month
    setup_cost: np.ndarray  # paid in month 1
    operating_cost: np.ndarray  # per month while the pool runs
    member_cost: np.ndarray  # coupons, gifts and tools per member per month
    discount_rate: np.ndarray  # yearly rate for discounting profit
    horizon: np.ndarray  # H, months that count (integer)

    def replace(self, **changes) -> "Assumptions":
        return self._replace(**{k: np.asarray(v, dtype=float) if k != "horizon" else np.asarray(v)
                                for k, v in changes.items()})

    def map(self, fn) -> "Assumptions":
        return Assumptions(*(fn(x) for x in self))

    def take(self, index) -> "Assumptions":
        """The shops at ``index`` (an array of positions or a boolean mask)."""
        return self.map(lambda x: np.asarray(x)[index] if np.ndim(x) else x)

    @property
    def shops(self) -> int:
        return int(np.size(self.revenue))


PARAMETER_PATHS = {
    "revenue": "sales.monthly_revenue",
    "order_value": "sales.average_order_value",
    "repeat_share": "sales.repeat_order_share",
    "platform_fee_share": "costs.platform_fees",
    "marketing_share": "costs.marketing",
    "acquisition_share": "ads.acquisition_share",
    "organic_share": "ads.organic_share",
    "organic_growth": "ads.organic_growth_per_year",
    "organic_follows_sales": "ads.organic_follows_sales",
    "cac_growth": "ads.cac_growth_per_year",
    "elasticity": "ads.spend_elasticity",
    "retention": "ads.customer_retention_per_month",
    "budget_shift": "pool.budget_shift",
    "join_rate": "pool.join_rate",
    "order_uplift": "pool.order_uplift",
    "churn_ratio": "pool.churn_ratio",
    "orders_on_platform": "pool.orders_on_platform",
    "member_discount": "pool.member_discount",
    "referrals": "pool.referrals_per_member_per_month",
    "referral_reward": "pool.referral_reward",
    "membership_fee": "pool.membership_fee_per_month",
    "setup_cost": "pool.setup_cost",
    "operating_cost": "pool.monthly_operating_cost",
    "member_cost": "pool.cost_per_member_per_month",
    "discount_rate": "projection.discount_rate_per_year",
    "horizon": "projection.horizon_months",
}
"""Model parameter -> the profile key it comes from (cost shares are combined separately)."""

OPTIONAL_PATHS = {
    "member_orders": "pool.orders_per_member_per_month",
    "member_churn": "pool.monthly_churn",
    "max_members": "pool.max_members",
}
"""Parameters a profile may leave out: the model derives them (NaN)."""

PATH_PARAMETERS = {path: name for name, path in {**PARAMETER_PATHS, **OPTIONAL_PATHS}.items()}


def from_profiles(profiles: list[Profile], **overrides) -> Assumptions:
    """Stack profiles into arrays shaped (shops,). ``overrides`` replace a parameter for all."""
    names = list(PARAMETER_PATHS)
    get = itemgetter(*PARAMETER_PATHS.values())
    matrix = np.array([get(p.values) for p in profiles], dtype=float).reshape(len(profiles), len(names))
    columns = {name: matrix[:, i].copy() for i, name in enumerate(names)}
    for name, path in OPTIONAL_PATHS.items():
        columns[name] = np.array([p.values.get(path, math.nan) for p in profiles], dtype=float)
    columns["variable_share"] = np.array([p.variable_share for p in profiles], dtype=float)
    columns["fixed_share"] = np.array([p.fixed_share for p in profiles], dtype=float)
    for name, value in overrides.items():
        if value is not None:
            columns[name] = np.full(len(profiles), float(value))
    columns["horizon"] = columns["horizon"].astype(int)
    return Assumptions(**columns)


def from_columns(values: dict, variable_share, fixed_share) -> Assumptions:
    """Model inputs straight from columns of checked values (``profile.columns``), no profiles."""
    columns = {name: np.asarray(values[path], dtype=float) for name, path in PARAMETER_PATHS.items()}
    for name, path in OPTIONAL_PATHS.items():
        columns[name] = np.asarray(values[path], dtype=float)
    columns["variable_share"] = np.asarray(variable_share, dtype=float)
    columns["fixed_share"] = np.asarray(fixed_share, dtype=float)
    columns["horizon"] = columns["horizon"].astype(int)
    return Assumptions(**columns)
