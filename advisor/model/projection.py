"""The monthly projection, version 2: one ad plan, with or without the private pool. Pure numpy.

Every shop is projected under any number of plans at once: assumption arrays are shaped
(shops,) and plan arrays (the first-month ad level ``a1`` and the ``taper`` flag) broadcast to
(shops, plans). The only Python loop is over months (the recurrences for the customer base,
the members and last month's platform orders). docs/model.md derives every equation; the
symbols there are used here.

Month 0 reproduces today's P&L exactly: with a1 = 1 held and no pool, CAC and free traffic
unchanged (g = h = 0), every month is today.
"""

from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import numpy as np

from advisor.model.assumptions import Assumptions

MARGIN_LIMIT = 10.0
"""Margins are clipped to +/-1000%: a shop whose revenue has all but vanished has no meaningful
margin, and -1000% already says so."""

MIN_REVENUE = 1e-6
"""Revenue below a millionth of a currency unit counts as none when dividing by it."""

MAX_AD_LEVEL = 2.0
"""The ad plan never spends more than twice today's acquisition budget in a month: beyond that
the model would extrapolate far outside anything the shop has observed."""

PAYMENT_FEE = 0.006
"""An own mini-program pays a payment processor (WeChat Pay: 0.6%) instead of platform fees."""


class Calibration(NamedTuple):
    """Month-0 quantities derived from the assumptions, shaped (shops, 1) to broadcast over plans."""

    O0: np.ndarray  # today's orders a month
    n0: np.ndarray  # today's new customers (one first order each)
    A0: np.ndarray  # today's ad spend
    psi: np.ndarray  # acquisition share, 1 when there are no repeat orders
    q0: np.ndarray  # organic new customers today
    p0: np.ndarray  # bought new customers today
    u: np.ndarray  # ad money re-spent per repeat platform order
    rebuy: np.ndarray  # u fp: that money per platform customer per month
    C0: np.ndarray  # platform customer base
    fp: np.ndarray  # repeat orders per platform customer per month
    f_m: np.ndarray  # member orders per member per month
    c_m: np.ndarray  # member churn per month
    M_max: np.ndarray  # referral saturation
    price_m: np.ndarray  # member price
    unit_m: np.ndarray  # cost of one member order
    i: np.ndarray  # monthly discount rate
    # per-shop powers, computed once for all the projections of a search (see ``per_shop``)
    tau: np.ndarray  # the taper rate of a tapering plan
    tau_paid: np.ndarray  # tau^(1 - e)
    cap_paid: np.ndarray  # MAX_AD_LEVEL^(1 - e)
    cac_decay: np.ndarray  # (1 + g)^(-1/12)
    organic_rise: np.ndarray  # (1 + h)^(1/12)
    end_discount: np.ndarray  # (1 + y)^(-H/12)
    orders_scale: np.ndarray  # O0^(-beta): q_t (P / O0)^beta = q_t O0^(-beta) P^beta
    monthly_discount: np.ndarray  # (1 + y)^(-1/12)
    horizon: np.ndarray  # H
    tables: dict  # months -> Monthly, filled on first use

    def monthly(self, months: int) -> "Monthly":
        """The per-shop, per-month figures of a projection over ``months`` months (cached)."""
        found = self.tables.get(months)
        if found is None:
            found = self.tables[months] = _monthly(self, months)
        return found


class Monthly(NamedTuple):
    """Per-shop figures month by month, shaped (months, shops), for t = 1..months."""

    weights: np.ndarray  # (1 + y)^(-t/12) where t <= H, else 0
    paid: np.ndarray  # p0 (1 + g)^(-t/12): new customers a level of 1 buys (at elasticity's power 1)
    organic: np.ndarray  # q0 (1 + h)^(t/12) O0^(-beta)
    taper: np.ndarray  # tau^(t-1), at most 1e300 (a level times it is capped at MAX_AD_LEVEL anyway)
    weight: np.ndarray  # sum of the weights, shaped (shops,)
    tapered_weight: np.ndarray  # sum of weight_t tau^(t-1), shaped (shops,)


def _monthly(c: Calibration, months: int) -> Monthly:
    t = np.arange(1, months + 1)[:, None]
    weights = compounded(c.monthly_discount, months)[:, :, 0] * (t <= c.horizon[None, :])
    paid = c.p0[:, 0] * compounded(c.cac_decay, months)[:, :, 0]
    organic = (c.q0[:, 0] * c.orders_scale) * compounded(c.organic_rise, months)[:, :, 0]
    steps = np.broadcast_to(c.tau[:, 0], (months, c.tau.shape[0])).copy()
    steps[0] = 1.0
    with np.errstate(over="ignore"):
        taper = np.minimum(np.cumprod(steps, axis=0), 1e300)
    # sums over months as running sums: sequential, the same for a shop in any batch
    weight = np.cumsum(weights, axis=0)[-1] if months else np.zeros(c.tau.shape[0])
    with np.errstate(over="ignore"):
        tapered_weight = np.cumsum(weights * taper, axis=0)[-1] if months else np.zeros(c.tau.shape[0])
    tapered_weight[c.tau[:, 0] > 1] = 0.0  # a rising level is summed month by month, capped
    return Monthly(weights, paid, organic, taper, weight, tapered_weight)


def calibrate(a: Assumptions) -> Calibration:
    """Today's state from the assumptions (docs/model.md, "Calibration")."""

    def col(x):
        return np.asarray(x, dtype=float)[..., None]

    R0, aov, r0, rho = col(a.revenue), col(a.order_value), col(a.repeat_share), col(a.retention)
    O0 = R0 / aov
    n0 = (1 - r0) * O0
    A0 = col(a.marketing_share) * R0
    organic = np.where(A0 > 0, col(a.organic_share), 1.0)  # no ads: every new buyer is organic
    psi = np.where(r0 > 0, col(a.acquisition_share), 1.0)  # no repeat orders: nothing to re-buy
    repeat_orders = r0 * O0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        u = np.where(repeat_orders > 0, (1 - psi) * A0 / repeat_orders, 0.0)
    C0 = n0 / (1 - rho)
    fp = repeat_orders / C0
    rebuy = np.where(repeat_orders > 0, (1 - psi) * A0 / C0, 0.0)  # u fp, without dividing by r0
    measured_orders, measured_churn, cap = col(a.member_orders), col(a.member_churn), col(a.max_members)
    f_m = np.where(np.isnan(measured_orders), col(a.order_uplift) * fp, measured_orders)
    c_m = np.clip(np.where(np.isnan(measured_churn), col(a.churn_ratio) * (1 - rho), measured_churn), 0.0, 1.0)
    M_max = np.where(np.isnan(cap), C0 + 12 * n0, cap)
    price_m = aov * (1 - col(a.member_discount))
    v = col(a.variable_share)
    off_platform = (v - col(a.platform_fee_share)) * aov + PAYMENT_FEE * price_m
    unit_m = np.where(col(a.orders_on_platform) > 0, v * aov, off_platform)
    i = per_shop(lambda y: (1 + y) ** (1 / 12) - 1, a.discount_rate)[:, None]
    tau = taper_rate(a)
    return Calibration(O0, n0, A0, psi, organic * n0, (1 - organic) * n0, u, rebuy, C0, fp, f_m, c_m, M_max,
                       price_m, unit_m, i, tau[:, None],
                       per_shop(lambda t, x: t ** (1 - x), tau, a.elasticity)[:, None],
                       per_shop(lambda x: MAX_AD_LEVEL ** (1 - x), a.elasticity)[:, None],
                       per_shop(lambda x: (1 + x) ** (-1 / 12), a.cac_growth),
                       per_shop(lambda x: (1 + x) ** (1 / 12), a.organic_growth),
                       per_shop(lambda r, h: (1 + r) ** (-h / 12), a.discount_rate, a.horizon)[:, None],
                       per_shop(lambda o, b: o ** -b, O0[:, 0], a.organic_follows_sales),
                       per_shop(lambda y: (1 + y) ** (-1 / 12), a.discount_rate),
                       np.asarray(a.horizon).reshape(-1), {})


PER_SHOP_BLOCK = 64
"""Per-shop powers are computed on arrays padded to a multiple of this many shops."""


def per_shop(fn, *columns) -> np.ndarray:
    """``fn`` (numpy arithmetic) applied to per-shop columns, shaped (shops,).

    For powers and exponentials of per-shop figures: numpy may compute the last bit of a power
    differently in its vectorised loop and in its scalar remainder, and which elements take
    which depends on the array's length -- so a shop's figures would depend on how many shops
    share its batch. Padded to a multiple of ``PER_SHOP_BLOCK``, every call has the same shape
    of work and no remainder: each shop's value is computed the same way in any batch. The
    per-month figures follow by multiplication, which rounds the same whatever the shape."""
    flat = [np.ravel(np.asarray(c, dtype=float)) for c in columns]
    n = max(len(f) for f in flat)
    size = max(PER_SHOP_BLOCK, -(-n // PER_SHOP_BLOCK) * PER_SHOP_BLOCK)
    padded = []
    for f in flat:
        column = np.ones(size)
        column[:n] = np.broadcast_to(f, (n,))
        padded.append(column)
    with np.errstate(all="ignore"):  # (the padding's own values are thrown away)
        out = np.asarray(fn(*padded), dtype=float)
    return np.broadcast_to(out, (size,))[:n].copy()


def compounded(rate: np.ndarray, months: int) -> np.ndarray:
    """rate^t for t = 1..months by repeated multiplication, shaped (months, shops, 1)."""
    return np.cumprod(np.broadcast_to(np.asarray(rate, dtype=float)[:, None], (months, rate.size, 1)), axis=0)


@dataclass
class Projection:
    """One projection's results. ``value`` and its parts are shaped (shops, plans); the monthly
    arrays (only when recorded) are shaped (shops, plans, months) for months t = 1..T -- as
    ``project`` returns them, strided views: a shop's sums over months are only independent of
    its batch, to the last bit, on contiguous rows (``strategies`` copies the plans it keeps)."""

    discounted_profit: np.ndarray  # sum of profit_t (1 + y)^(-t/12) over t <= H
    terminal_value: np.ndarray  # customer equity at H, discounted to today
    horizon: np.ndarray  # H per shop, shaped (shops, 1)
    revenue: np.ndarray | None = None
    profit: np.ndarray | None = None
    members: np.ndarray | None = None
    ad_spend: np.ndarray | None = None
    customers: np.ndarray | None = None

    @property
    def value(self) -> np.ndarray:
        """Discounted profit over the horizon plus discounted terminal value: what plans are compared on."""
        return self.discounted_profit + self.terminal_value

    @cached_property
    def month_mask(self) -> np.ndarray:
        """True where t <= the shop's own horizon, shaped (shops, 1, months)."""
        assert self.profit is not None
        t = np.arange(1, self.profit.shape[-1] + 1)
        return t <= np.asarray(self.horizon)[..., None]

    @property
    def margin(self) -> np.ndarray:
        """profit / revenue each month, clipped to +/-MARGIN_LIMIT."""
        assert self.profit is not None and self.revenue is not None
        revenue = np.where(self.revenue > MIN_REVENUE, self.revenue, MIN_REVENUE)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.clip(self.profit / revenue, -MARGIN_LIMIT, MARGIN_LIMIT)

    @property
    def total_profit(self) -> np.ndarray:
        assert self.profit is not None
        return np.sum(self.profit * self.month_mask, axis=-1)

    def margin_over(self, months: int) -> np.ndarray:
        """Net margin over the first ``months`` months: their profit over their revenue (a whole
        year, say, so that a setup-cost month or a seasonal blip does not dominate)."""
        assert self.profit is not None and self.revenue is not None
        revenue = np.maximum(self.revenue[..., :months].sum(axis=-1), MIN_REVENUE)
        with np.errstate(over="ignore"):
            return np.clip(self.profit[..., :months].sum(axis=-1) / revenue, -MARGIN_LIMIT, MARGIN_LIMIT)

    def at_horizon(self, values: np.ndarray) -> np.ndarray:
        """``values`` (months last) in each shop's last month H."""
        last = np.broadcast_to(np.asarray(self.horizon)[..., None] - 1, values.shape[:-1] + (1,))
        return np.take_along_axis(values, last.astype(int), axis=-1)[..., 0]


MAX_TAPER_LOG = 50.0
"""|log tau| is clipped here: with an elasticity near 0 the taper rate would overflow, while the
ad level it drives is capped at MAX_AD_LEVEL (and floored at 0) within a month either way."""


def taper_rate(a: Assumptions) -> np.ndarray:
    """tau = (1 + g)^(-1 / (12 e)): the monthly taper of the ad level that keeps the marginal
    customer's cost level as CAC inflates (the model's own first-order condition); 1 when e = 0."""
    def tau(g: np.ndarray, e: np.ndarray) -> np.ndarray:
        log_tau = -np.log1p(g)
        safe_e = np.where(e > 0, e, 1.0)
        # where the division would overflow, the clip decides
        clipped = np.abs(log_tau) >= MAX_TAPER_LOG * 12 * safe_e
        exponent = np.where(clipped, np.copysign(MAX_TAPER_LOG, log_tau), log_tau / (12 * safe_e))
        return np.where((e <= 0) | (log_tau == 0), 1.0, np.exp(exponent))

    return per_shop(tau, a.cac_growth, a.elasticity)


def project(a: Assumptions, months: int, a1, taper, pool: bool, record: bool = False,
            cal: Calibration | None = None) -> Projection:
    """Project ``months`` months of each shop under each plan.

    ``a1``: the first-month ad level (times today's acquisition budget), broadcast to (shops, plans);
    ``taper``: 1 where the level tapers by tau a month, 0 where it is held; ``pool``: whether the
    private pool runs (one kernel each: the plain one has half the work). ``record`` keeps the
    monthly arrays; without it only the value and its parts are computed. ``cal`` may be shared
    by the many projections of one search (it caches the month-by-month figures).

    Inside, arrays are laid out (plans, shops): a per-shop figure is then a row that numpy
    broadcasts along its fast, contiguous axis. The discounted ad spend needs no monthly step: the
    level a_t = min(2, a1 tau^(t-1)) is known in advance, so its discounted sum is a1 times a
    per-shop sum, except where a rising level meets the cap (summed month by month, for those only).
    """
    c = cal if cal is not None else calibrate(a)
    m = c.monthly(months)
    wt = m.weights

    def row(x):
        return np.asarray(x, dtype=float).reshape(-1)

    shops = c.O0.shape[0]
    a1 = np.asarray(a1, dtype=float)
    taper = np.asarray(taper, dtype=float)
    plans = np.broadcast_shapes((shops, 1), a1.shape, taper.shape)[1]
    shape = (plans, shops)

    def full(x):  # a per-shop row spread over the plans: a fresh contiguous array
        return np.broadcast_to(x, shape).copy()

    level = np.clip(np.broadcast_to(a1, (shops, plans)), 0.0, MAX_AD_LEVEL).T.copy()
    tapering = np.broadcast_to(taper, (shops, plans)).T > 0
    e, rho = row(a.elasticity), row(a.retention)
    cap_paid, tau_paid = row(c.cap_paid), row(c.tau_paid)
    # a1^(1 - e), on operands of one full contiguous shape: numpy then takes the same vectorised
    # loop for every shop whatever the batch (with a broadcast operand, the loop it picks depends
    # on the shape, and so does the last bit). Capped at once, so that a held level never exceeds
    # the cap and needs no monthly step.
    level_paid = np.power(level, full(1 - e))
    np.minimum(level_paid, cap_paid, out=level_paid)
    # only the plans that taper change month by month: the rows from the first to the last of them
    tapered = np.flatnonzero(tapering.any(axis=1))
    moving = slice(int(tapered[0]), int(tapered[-1]) + 1) if tapered.size else slice(0, 0)
    step_paid = np.where(tapering[moving], tau_paid, 1.0)
    rising = bool(np.any(step_paid > 1))  # only a rising level can reach the cap

    beta = row(a.organic_follows_sales)
    follows = bool(np.any(beta != 0))
    # x^beta is the kernel's one transcendental step. The default beta (0.5 on marketplaces, 0 on
    # own channels) is a square root -- correctly rounded, and a fraction of a general power's cost.
    square_root = follows and bool(np.all((beta == 0.5) | (beta == 0)))
    any_own = square_root and bool(np.any(beta == 0))
    own_channel = full(beta == 0) if any_own else None
    beta_full = full(beta) if follows and not square_root else beta
    aov, v = row(a.order_value), row(a.variable_share)
    list_margin = aov * (1 - v)  # contribution of one order at list price
    fp, rebuy = row(c.fp), row(c.rebuy)
    repeat_margin = list_margin * fp - rebuy  # of one platform customer's repeat orders, a month
    acquisition = row(c.psi) * row(c.A0)
    horizon = np.asarray(a.horizon)
    ends = {h: np.flatnonzero(horizon == h) for h in set(horizon.tolist())}  # (np.unique imports numpy.ma)
    # the discounted contributions of a new customer and of a platform customer, month by month
    w_new = wt * list_margin
    w_repeat = wt * repeat_margin

    customers = full(row(c.C0))
    members = np.zeros(shape)
    platform_orders = full(row(c.O0))
    disc = np.zeros(shape)
    at_h = np.zeros(shape)  # C_H + M_H
    if pool:
        j = row(a.join_rate)
        invite = j * np.minimum(fp, rho)
        keep_customers = np.maximum(rho - invite, 0.0)  # C_t = (rho - invite) C_{t-1} + (1 - j) new_t
        stay_platform = 1 - j
        refer = row(a.referrals)
        M_max = row(c.M_max)
        with np.errstate(divide="ignore", over="ignore"):
            inverse_cap = np.where(M_max > 0, 1 / np.where(M_max > 0, M_max, 1.0), np.inf)
        f_m, keep_members = row(c.f_m), 1 - row(c.c_m)
        price_m, member_margin = row(c.price_m), row(c.price_m) - row(c.unit_m)
        # members order on those who stay the month, as platform customers do (C_t = rho C_{t-1})
        per_member = member_margin * f_m * keep_members + row(a.membership_fee) - row(a.member_cost)
        per_referral = member_margin - row(a.referral_reward)
        w_member = wt * per_member
        w_referral = wt * per_referral
        on_platform = row(a.orders_on_platform)
        on_members = on_platform * f_m * keep_members  # platform orders of last month's members
        any_on = bool(np.any(on_platform != 0))
    if record:
        rows = np.empty((5, months) + shape)  # revenue, profit, members, ad spend, customers
        start = level.copy()

    # Every array of the loop is allocated once: the kernel's cost is its arithmetic, not the
    # memory allocator (a fresh temporary per operation costs as much as the operation).
    new, tmp = np.empty(shape), np.empty(shape)
    if pool:
        joined, buying, room, referred = np.empty(shape), np.empty(shape), np.empty(shape), np.empty(shape)
    for t in range(months):
        np.multiply(m.paid[t], level_paid, out=new)
        if follows:  # organic new customers follow last month's platform orders: q_t (P_{t-1} / O0)^beta
            if square_root:
                np.sqrt(platform_orders, out=tmp)
                if any_own:
                    np.copyto(tmp, 1.0, where=own_channel)
            else:
                np.power(platform_orders, beta_full, out=tmp)
            tmp *= m.organic[t]  # q_t O0^(-beta)
            new += tmp
        else:
            new += m.organic[t]
        if pool:
            np.multiply(invite, customers, out=joined)  # J_t, from last month's base
            customers *= keep_customers
            np.multiply(stay_platform, new, out=tmp)
            customers += tmp
            np.add(customers, joined, out=buying)  # everyone who can order on the platform this month
            np.multiply(members, inverse_cap, out=room)
            np.subtract(1.0, room, out=room)
            np.maximum(room, 0.0, out=room)
            np.multiply(refer, members, out=referred)
            referred *= room
            np.multiply(w_new[t], new, out=tmp)
            disc += tmp
            np.multiply(w_repeat[t], buying, out=tmp)
            disc += tmp
            np.multiply(w_member[t], members, out=tmp)
            disc += tmp
            np.multiply(w_referral[t], referred, out=tmp)
            disc += tmp
            if follows:
                np.multiply(fp, buying, out=platform_orders)
                platform_orders += new
                if any_on:
                    np.multiply(on_members, members, out=tmp)
                    platform_orders += tmp
                    np.multiply(on_platform, referred, out=tmp)
                    platform_orders += tmp
            if record:
                spent = acquisition * np.minimum(MAX_AD_LEVEL, start * np.where(tapering, m.taper[t], 1.0))
                member_orders = f_m * keep_members * members + referred
                rows[0, t] = aov * (new + fp * buying) + price_m * member_orders
                rows[1, t] = (list_margin * new + repeat_margin * buying + per_member * members
                              + per_referral * referred - spent)
                rows[3, t] = spent + rebuy * buying
            members *= keep_members
            np.multiply(j, new, out=tmp)
            members += tmp
            members += joined
            members += referred
        else:
            customers *= rho
            customers += new
            np.multiply(w_new[t], new, out=tmp)
            disc += tmp
            np.multiply(w_repeat[t], customers, out=tmp)
            disc += tmp
            if follows:
                np.multiply(fp, customers, out=platform_orders)
                platform_orders += new
            if record:
                spent = acquisition * np.minimum(MAX_AD_LEVEL, start * np.where(tapering, m.taper[t], 1.0))
                rows[0, t] = aov * (new + fp * customers)
                rows[1, t] = list_margin * new + repeat_margin * customers - spent
                rows[3, t] = spent + rebuy * customers
        ending = ends.get(t + 1)
        if ending is not None:
            at_h[:, ending] = customers[:, ending] + members[:, ending]
        if record:
            rows[2, t] = members
            rows[4, t] = customers
        if tapered.size:
            level_paid[moving] *= step_paid
            if rising:
                np.minimum(level_paid[moving], cap_paid, out=level_paid[moving])

    # the ad spend, discounted: a1 times the discounted sum of tau^(t-1), unless the level rises
    # into the cap (then month by month, for those plans only)
    spend = level * np.where(tapering, m.tapered_weight, m.weight)
    rises = tapering & (row(c.tau) > 1)
    if rises.any():
        plan, shop = np.nonzero(rises)
        capped = np.minimum(MAX_AD_LEVEL, level[plan, shop][:, None] * m.taper.T[shop]) * m.weights.T[shop]
        spend[plan, shop] = np.cumsum(capped, axis=1)[:, -1]
    spend *= acquisition
    disc -= spend
    # the terms that do not depend on the plan's customers
    fixed = row(a.fixed_share) * row(a.revenue)
    constant = fixed * m.weight
    if pool:
        constant += row(a.operating_cost) * m.weight + row(a.setup_cost) * wt[0]
    disc -= constant
    terminal = at_h * (repeat_margin * rho / (1 + row(c.i) - rho) * row(c.end_discount))
    result = Projection(disc.T, terminal.T, horizon[:, None])
    if record:
        profit = rows[1] - fixed
        if pool:
            profit -= row(a.operating_cost)
            profit[0] -= row(a.setup_cost)

        def months_last(x):  # a view: the caller copies the plans it keeps (sums need contiguous rows)
            return x.transpose(2, 1, 0)

        result.revenue, result.profit = months_last(rows[0]), months_last(profit)
        result.members, result.ad_spend, result.customers = months_last(rows[2]), months_last(rows[3]), months_last(rows[4])
    return result


def overtake_month(ahead: Projection, behind: Projection) -> np.ndarray:
    """First month from which ``ahead``'s cumulative profit stays above ``behind``'s until the
    horizon. Integer array; 0 means "not within the horizon"."""
    assert ahead.profit is not None and behind.profit is not None
    leads = np.cumsum(ahead.profit, axis=-1) > np.cumsum(behind.profit, axis=-1)
    mask = np.broadcast_to(ahead.month_mask, leads.shape)
    leads = leads | ~mask  # months past H don't count
    stays = np.flip(np.logical_and.accumulate(np.flip(leads, -1), axis=-1), -1) & mask
    first = np.argmax(stays, axis=-1) + 1
    return np.where(stays.any(axis=-1), first, 0)
