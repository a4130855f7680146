"""The monthly projection: platform ads versus a private traffic pool. Pure numpy, no I/O.

Every function takes arrays that broadcast together -- typically shaped (shops, scenarios)
-- and returns arrays with a trailing months axis, so one call projects one shop, 100,000
shops or 10,000 uncertainty draws. The only Python loop is over months (the recurrences for
the customer base and the pool). docs/model.md derives each equation; the symbols used there
are given in the docstrings below.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from advisor.model.assumptions import Assumptions

MARGIN_LIMIT = 10.0
MIN_REVENUE = 1e-6
"""Revenue below a millionth of a currency unit counts as none when dividing by it."""


@dataclass
class Projection:
    """Monthly results, arrays shaped (..., months) for months t = 1..T."""

    revenue: np.ndarray
    profit: np.ndarray
    members: np.ndarray
    ad_spend: np.ndarray
    horizon: np.ndarray  # H per shop: months after it do not count in totals
    discount_rate: np.ndarray  # yearly

    @cached_property
    def month_mask(self) -> np.ndarray:
        """True where t <= the shop's own horizon."""
        t = np.arange(1, self.profit.shape[-1] + 1)
        return t <= np.asarray(self.horizon)[..., None]

    @cached_property
    def discount(self) -> np.ndarray:
        """Discount factor (1 + rate)^(-t/12) of month t."""
        return _discount(self.discount_rate, self.profit.shape[-1])

    @cached_property
    def _weights(self) -> np.ndarray:
        return self.discount * self.month_mask

    @property
    def margin(self) -> np.ndarray:
        """profit / revenue, clipped to +/-MARGIN_LIMIT: a shop whose revenue has all but vanished
        has no meaningful margin, and -1000% already says so."""
        revenue = np.where(self.revenue > MIN_REVENUE, self.revenue, MIN_REVENUE)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.clip(self.profit / revenue, -MARGIN_LIMIT, MARGIN_LIMIT)

    @property
    def total_profit(self) -> np.ndarray:
        return np.sum(self.profit * self.month_mask, axis=-1)

    @property
    def discounted_profit(self) -> np.ndarray:
        return np.sum(self.profit * self._weights, axis=-1)

    def margin_over(self, months: int) -> np.ndarray:
        """Net margin over the first ``months`` months: their profit over their revenue (a whole
        year, say, so that a setup-cost month or a seasonal blip does not dominate)."""
        revenue = np.maximum(self.revenue[..., :months].sum(axis=-1), MIN_REVENUE)
        with np.errstate(over="ignore"):
            return np.clip(self.profit[..., :months].sum(axis=-1) / revenue, -MARGIN_LIMIT, MARGIN_LIMIT)

    def at_horizon(self, values: np.ndarray) -> np.ndarray:
        """``values`` in each shop's last month (its own horizon H)."""
        last = np.broadcast_to(self.month_mask, values.shape).sum(axis=-1) - 1
        return np.take_along_axis(values, last[..., None].astype(int), axis=-1)[..., 0]


def _discount(rate, months: int) -> np.ndarray:
    t = np.arange(1, months + 1, dtype=float)
    return np.exp(np.log1p(np.asarray(rate, dtype=float))[..., None] * (-t / 12))


def discount_factors(a: Assumptions, months: int) -> np.ndarray:
    """(1 + rate)^(-t/12) for t = 1..months, shaped (..., months)."""
    return _discount(a.discount_rate, months)


def project(a: Assumptions, months: int, budget_shift, runs_pool, discount: np.ndarray | None = None) -> Projection:
    """Project ``months`` months from today's calibrated state.

    ``budget_shift`` (s) and ``runs_pool`` (0 or 1) broadcast with the assumptions; with
    ``runs_pool = 0`` no budget is shifted and the pool costs nothing (platform ads).
    Internally months run along the first axis, so each month's update touches contiguous
    memory; the result is returned with months last.
    """
    pool = np.asarray(runs_pool, dtype=float)
    shift = np.asarray(budget_shift, dtype=float) * pool
    R0, aov = a.revenue, a.order_value
    orders0 = R0 / aov  # O0
    new0 = (1 - a.repeat_share) * orders0  # n0: new customers (one first order each)
    ad0 = a.marketing_share * R0  # A0
    rho = a.retention
    base = new0 / (1 - rho)  # C0: steady-state platform customer base
    repeat_rate = a.repeat_share * orders0 / base  # fp: orders per platform customer per month

    spend_ratio = np.where(ad0 > 0, 1 - shift, 1.0)  # A_t / A0 (no ads: nothing to shift)
    ad_spend = spend_ratio * ad0
    # n_t = (A0 / CAC_t) (A_t / A0)^(1-e) with CAC_t = CAC0 (1 + g)^(t/12), CAC0 = A0 / n0
    new_now = new0 * spend_ratio ** (1 - a.elasticity)
    monthly_decay = (1 + a.cac_growth) ** (-1 / 12)

    join = a.join_rate * pool
    stay_platform = 1 - join
    stay = 1 - a.churn
    refer = a.referrals * pool
    # profit per unit of each state variable (linear in them):
    price_member = aov * (1 - a.member_discount)
    unit_cost = a.variable_share * aov
    on_new = aov - unit_cost  # a first order at list price
    on_base = repeat_rate * (aov - unit_cost)  # platform repeat orders
    on_member = a.member_orders * (price_member - unit_cost) + a.membership_fee
    on_referred = price_member - unit_cost - a.referral_reward  # referred first order, less reward
    fixed_and_ads = a.fixed_share * R0 + ad_spend + pool * a.operating_cost

    shape = np.broadcast_shapes(*(np.shape(x) for x in (new_now, monthly_decay, base, join, stay, refer, on_member,
                                                        on_referred, fixed_and_ads)))
    # Revenue and profit are linear in the states (new customers, platform base, members,
    # and referred members k M_{t-1}); each month's row is computed while it is in cache.
    revenue_coefs = (aov, aov * repeat_rate, price_member * a.member_orders, price_member * refer)
    profit_coefs = (on_new, on_base, on_member, on_referred * refer)
    out = np.empty((3, months) + shape)  # revenue, profit, members
    revenue, profit, member_counts = out
    new = np.broadcast_to(new_now, shape).copy()
    base = np.broadcast_to(base, shape).copy()
    members = np.zeros(shape)
    no_members = np.zeros(shape)
    scratch = np.empty(shape)
    grow_members = stay + refer  # (1 - c + k)
    for i in range(months):  # the recurrences; each step is whole-array over shops and scenarios
        members_before = member_counts[i - 1] if i else no_members  # M_{t-1}
        new *= monthly_decay  # n_t
        base *= rho
        base += stay_platform * new  # C_t = rho C_{t-1} + (1 - j) n_t
        members *= grow_members
        members += join * new  # M_t = (1 - c) M_{t-1} + j n_t + k M_{t-1}
        member_counts[i] = members
        for row, coefs in ((revenue[i], revenue_coefs), (profit[i], profit_coefs)):
            np.multiply(new, coefs[0], out=row)
            for coef, state in zip(coefs[1:], (base, members, members_before)):
                np.multiply(state, coef, out=scratch)
                row += scratch
    profit -= fixed_and_ads
    profit[0] -= pool * a.setup_cost

    ad_months = np.broadcast_to(np.asarray(ad_spend)[..., None], shape + (months,))
    projection = Projection(np.moveaxis(revenue, 0, -1), np.moveaxis(profit, 0, -1),
                            np.moveaxis(member_counts, 0, -1), ad_months, a.horizon, a.discount_rate)
    if discount is not None:  # shared by the many projections of one search
        projection.__dict__["discount"] = discount
    return projection


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
