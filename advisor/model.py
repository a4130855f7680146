"""The monthly projection: platform ads versus a private traffic pool. Pure numpy, no I/O.

Every function takes arrays that broadcast together -- typically shaped (shops, scenarios)
-- and returns arrays with a trailing months axis, so one call projects one shop, 100,000
shops or 10,000 uncertainty draws. The only Python loop is over months (the recurrences for
the customer base and the pool). docs/model.md derives each equation; the symbols used there
are given in the docstrings below.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np


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

    def replace(self, **changes) -> "Assumptions":
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update({k: np.asarray(v, dtype=float) if k != "horizon" else np.asarray(v) for k, v in changes.items()})
        return Assumptions(**values)

    def map(self, fn) -> "Assumptions":
        return Assumptions(**{f.name: fn(getattr(self, f.name)) for f in fields(self)})


@dataclass
class Projection:
    """Monthly results, arrays shaped (..., months) for months t = 1..T."""

    revenue: np.ndarray
    profit: np.ndarray
    members: np.ndarray
    ad_spend: np.ndarray
    month_mask: np.ndarray  # True where t <= the shop's own horizon
    discount: np.ndarray  # discount factor (1 + rate)^(-t/12)

    @property
    def margin(self) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.revenue > 0, self.profit / np.where(self.revenue > 0, self.revenue, 1), 0.0)

    @property
    def total_profit(self) -> np.ndarray:
        return np.sum(self.profit * self.month_mask, axis=-1)

    @property
    def discounted_profit(self) -> np.ndarray:
        return np.sum(self.profit * self.discount * self.month_mask, axis=-1)

    def at_horizon(self, values: np.ndarray) -> np.ndarray:
        """``values`` in each shop's last month (its own horizon H)."""
        last = np.broadcast_to(self.month_mask, values.shape).sum(axis=-1) - 1
        return np.take_along_axis(values, last[..., None].astype(int), axis=-1)[..., 0]


def project(a: Assumptions, months: int, budget_shift, runs_pool) -> Projection:
    """Project ``months`` months from today's calibrated state.

    ``budget_shift`` (s) and ``runs_pool`` (0 or 1) broadcast with the assumptions; with
    ``runs_pool = 0`` no budget is shifted and the pool costs nothing (platform ads).
    """
    pool = np.asarray(runs_pool, dtype=float)
    shift = np.asarray(budget_shift, dtype=float) * pool
    R0, aov = a.revenue, a.order_value
    orders0 = R0 / aov  # O0
    new0 = (1 - a.repeat_share) * orders0  # n0: new customers (one first order each)
    ad0 = a.marketing_share * R0  # A0
    rho = a.retention
    base0 = new0 / (1 - rho)  # C0: steady-state platform customer base
    repeat_rate = a.repeat_share * orders0 / base0  # fp: orders per platform customer per month

    spend_ratio = np.where(ad0 > 0, 1 - shift, 1.0)  # A_t / A0 (no ads: nothing to shift)
    spend_effect = spend_ratio ** (1 - a.elasticity)
    ad_spend = spend_ratio * ad0

    t = np.arange(1, months + 1, dtype=float)
    growth = np.asarray(a.cac_growth, dtype=float)[..., None]
    # n_t = (A0 / CAC_t) (A_t / A0)^(1-e), with CAC_t = CAC0 (1 + g)^(t/12) and CAC0 = A0 / n0
    new = (new0 * spend_effect)[..., None] * (1 + growth) ** (-t / 12)

    shape = np.broadcast_shapes(new.shape, np.shape(pool) + (1,), np.shape(a.join_rate) + (1,))
    new = np.broadcast_to(new, shape)
    join = (a.join_rate * pool)[..., None]
    stay = 1 - a.churn
    refer = a.referrals * pool
    base = np.broadcast_to(base0, shape[:-1]).astype(float)
    members_prev = np.zeros(shape[:-1])
    platform_base = np.empty(shape)
    members = np.empty(shape)
    referred = np.empty(shape)
    joiners = np.broadcast_to(join, shape) * new
    stayers = np.broadcast_to(1 - join, shape) * new
    for i in range(months):  # the recurrences; everything else is whole-array
        base = rho * base + stayers[..., i]  # C_t
        referred[..., i] = refer * members_prev  # k M_{t-1}
        members_prev = stay * members_prev + joiners[..., i] + referred[..., i]  # M_t
        platform_base[..., i] = base
        members[..., i] = members_prev

    platform_orders = new + repeat_rate[..., None] * platform_base
    pool_orders = a.member_orders[..., None] * members + referred
    price = aov[..., None]
    revenue = price * (platform_orders + (1 - a.member_discount)[..., None] * pool_orders)
    variable_cost = a.variable_share[..., None] * price * (platform_orders + pool_orders)
    first = (t == 1).astype(float)
    pool_cost = pool[..., None] * (a.setup_cost[..., None] * first + a.operating_cost[..., None]) \
        + a.referral_reward[..., None] * referred - a.membership_fee[..., None] * members
    fixed = (a.fixed_share * R0)[..., None]
    profit = revenue - variable_cost - fixed - ad_spend[..., None] - pool_cost

    mask = t <= np.asarray(a.horizon)[..., None]
    discount = (1 + np.asarray(a.discount_rate, dtype=float)[..., None]) ** (-t / 12)
    ad_months = np.broadcast_to(ad_spend[..., None], profit.shape)
    return Projection(revenue, profit, members, ad_months, mask, discount)


def overtake_month(pool: Projection, ads: Projection) -> np.ndarray:
    """First month from which the pool's cumulative profit stays ahead of platform ads.

    Returns an integer array; 0 means "never within the horizon".
    """
    ahead = np.cumsum(pool.profit, axis=-1) > np.cumsum(ads.profit, axis=-1)
    ahead = ahead | ~np.broadcast_to(pool.month_mask, ahead.shape)  # months past H don't count
    stays = np.flip(np.logical_and.accumulate(np.flip(ahead, -1), axis=-1), -1)
    stays &= np.broadcast_to(pool.month_mask, stays.shape)
    first = np.argmax(stays, axis=-1) + 1
    return np.where(stays.any(axis=-1), first, 0)
