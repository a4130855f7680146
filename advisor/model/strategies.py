"""The four strategies and the decision between them, for many shops at once. Pure numpy.

``platform_ads``: today's plan kept (a1 = 1, held, no pool). ``tuned_ads``: the best ad plan
without the pool. ``private_pool``: the profile's own pool plan (a1 = 1 - budget_shift, held).
``best_mix``: the best ad plan with or without the pool. An ad plan is a first-month level a1 in
[0, 2] (times today's acquisition budget), held or tapering (docs/model.md).

The search is the same fixed sequence of steps for every shop -- a grid over a1 in both
families, then two parabolic refinements of the best grid cell -- so a shop's result never
depends on which shops share its batch, and the best found is never worse than any grid point
(today's plan, a1 = 1 held, is one of them).
"""

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from advisor.model.assumptions import Assumptions
from advisor.model.projection import (
    MAX_AD_LEVEL,
    Calibration,
    Projection,
    calibrate,
    discount_weights,
    overtake_month,
    project,
    taper_rate,
)

GRID_POINTS = 7
"""Seven levels in both families first, from 0 to the cap (evenly in u = sqrt(a1 / 2))."""

LOCAL_POINTS = 5
"""Then, in each family, 5 levels across the best grid point's two neighbours, and the vertex of
the parabola through the best three of them: within a whole percent of the ad budget and a
ten-thousandth of the value (and a month's revenue) of a brute-force search in steps of 0.01 --
tests/test_model.py checks the value; on a flat optimum the level itself may differ more."""

BAND_TOLERANCE = 0.005
"""The ads band: the first-month levels whose value lies within 0.5% of the horizon's revenue
of the best plan's. A flat optimum shows as a wide band: the exact level matters little."""

STRATEGIES = ("platform_ads", "tuned_ads", "private_pool", "best_mix")


class PlanSearch(NamedTuple):
    """The best ad plan of each shop for one pool setting, arrays shaped (shops,)."""

    a1: np.ndarray
    taper: np.ndarray  # bool
    value: np.ndarray
    band_low: np.ndarray  # the ads band of the plan's family
    band_high: np.ndarray
    grid_value: np.ndarray  # values at the grid points, (shops, 2 * GRID_POINTS): held then tapering

    @property
    def at_bound(self) -> np.ndarray:
        return (self.a1 <= 1e-9) | (self.a1 >= MAX_AD_LEVEL - 1e-9)

    def take(self, index) -> "PlanSearch":
        return PlanSearch(self.a1[index], self.taper[index], self.value[index], self.band_low[index],
                          self.band_high[index], self.grid_value[index])


def _vertex(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The vertex of the parabola through three points per row (x, y shaped (..., 3)); the
    middle point where the three do not bend downwards."""
    x0, x1, x2 = x[..., 0], x[..., 1], x[..., 2]
    y0, y1, y2 = y[..., 0], y[..., 1], y[..., 2]
    num = (x1 - x0) ** 2 * (y1 - y2) - (x1 - x2) ** 2 * (y1 - y0)
    den = (x1 - x0) * (y1 - y2) - (x1 - x2) * (y1 - y0)
    with np.errstate(divide="ignore", invalid="ignore"):
        vertex = x1 - 0.5 * num / den
    # a maximum needs the middle point above the chord through the outer ones
    chord = y0 + (y2 - y0) * (x1 - x0) / np.where(x2 != x0, x2 - x0, 1.0)
    return np.where((y1 > chord) & np.isfinite(vertex), vertex, x1)


def search(a: Assumptions, months: int, pool: bool, cal: Calibration | None = None,
           weights: np.ndarray | None = None, extra: np.ndarray | None = None) -> tuple[PlanSearch, np.ndarray]:
    """The best plan per shop with the pool on or off. ``extra``: further held levels (shaped
    (shops, k)) valued alongside and taken as candidates; their values are the second item.

    The levels are searched in u = sqrt(a1 / 2), evenly: dense near a1 = 0, where the value
    rises steeply (new customers grow as a1^(1 - e)), coarse near the cap.
    """
    cal = cal if cal is not None else calibrate(a)
    weights = weights if weights is not None else discount_weights(a, months)
    shops = a.shops
    index = np.arange(shops)
    grid = np.linspace(0.0, 1.0, GRID_POINTS)
    u = np.tile(grid, 2)[None, :].repeat(shops, axis=0)
    taper = np.repeat([0.0, 1.0], GRID_POINTS)[None, :].repeat(shops, axis=0)
    a1 = _level(u)
    if extra is not None:
        a1 = np.concatenate([a1, extra], axis=1)
        taper = np.concatenate([taper, np.zeros_like(extra)], axis=1)
    values = project(a, months, a1, taper, pool, cal=cal, weights=weights).value
    grid_value = values[:, : 2 * GRID_POINTS].reshape(shops, 2, GRID_POINTS)
    extra_value = values[:, 2 * GRID_POINTS:]

    # in each family, a finer grid across the best grid point's two neighbours ...
    best = np.argmax(grid_value, axis=2)  # (shops, 2)
    low = grid[np.maximum(best - 1, 0)]
    high = grid[np.minimum(best + 1, GRID_POINTS - 1)]
    fine = low[..., None] + (high - low)[..., None] * np.linspace(0.0, 1.0, LOCAL_POINTS)  # (shops, 2, L)
    families = np.broadcast_to(np.array([0.0, 1.0])[None, :, None], fine.shape)
    near = project(a, months, _level(fine).reshape(shops, -1), families.reshape(shops, -1), pool, cal=cal,
                   weights=weights).value.reshape(fine.shape)
    # ... then the vertex of the parabola through its best three
    top = np.clip(np.argmax(near, axis=2), 1, LOCAL_POINTS - 2)
    around = top[..., None] + np.arange(-1, 2)
    xs3 = np.take_along_axis(fine, around, axis=2)
    vertex = np.clip(_vertex(xs3, np.take_along_axis(near, around, axis=2)), xs3[..., 0], xs3[..., 2])
    last = project(a, months, _level(vertex), np.array([[0.0, 1.0]]), pool, cal=cal, weights=weights).value

    # the best of everything valued (ties keep the earlier, coarser point)
    candidates_u = np.concatenate([np.broadcast_to(grid, (shops, 2, GRID_POINTS)), fine, vertex[..., None]], axis=2)
    candidates_v = np.concatenate([grid_value, near, last[..., None]], axis=2)
    flat_v = candidates_v.reshape(shops, -1)
    flat_a1 = _level(candidates_u).reshape(shops, -1)
    flat_taper = np.broadcast_to(np.array([False, True])[None, :, None], candidates_u.shape).reshape(shops, -1)
    if extra is not None:
        flat_v = np.concatenate([flat_v, extra_value], axis=1)
        flat_a1 = np.concatenate([flat_a1, extra], axis=1)
        flat_taper = np.concatenate([flat_taper, np.zeros(extra.shape, bool)], axis=1)
    pick = np.argmax(flat_v, axis=1)
    best_a1, best_value, best_taper = flat_a1[index, pick], flat_v[index, pick], flat_taper[index, pick]
    family = best_taper.astype(int)
    band_a1 = _level(candidates_u[index, family])
    band_low, band_high = _band(band_a1, candidates_v[index, family], best_value, a, months)
    plan = PlanSearch(best_a1, best_taper, best_value, band_low, band_high, grid_value.reshape(shops, -1))
    return plan, extra_value


def _level(u: np.ndarray) -> np.ndarray:
    """The first-month ad level a1 = 2 u^2 of a search coordinate u in [0, 1]."""
    return MAX_AD_LEVEL * np.asarray(u) ** 2


def _band(xs: np.ndarray, vs: np.ndarray, best: np.ndarray, a: Assumptions, months: int):
    """The range of a1 around the best whose value is within BAND_TOLERANCE x horizon revenue,
    its edges interpolated linearly between the valued points."""
    order = np.argsort(xs, axis=1, kind="stable")
    x = np.take_along_axis(xs, order, axis=1)
    v = np.take_along_axis(vs, order, axis=1)
    horizon = np.minimum(np.asarray(a.horizon, dtype=float), months)
    threshold = (best - BAND_TOLERANCE * np.asarray(a.revenue, dtype=float) * horizon)[:, None]
    inside = v >= threshold
    n = x.shape[1]
    first = np.argmax(inside, axis=1)
    last = n - 1 - np.argmax(inside[:, ::-1], axis=1)
    index = np.arange(x.shape[0])

    def edge(k, outward):
        j = np.clip(k + outward, 0, n - 1)
        xk, xj, vk, vj = x[index, k], x[index, j], v[index, k], v[index, j]
        t = threshold[:, 0]
        with np.errstate(divide="ignore", invalid="ignore"):
            cross = xk + (xj - xk) * (vk - t) / (vk - vj)
        return np.where((j != k) & (vj < t) & np.isfinite(cross), cross, xk)

    return edge(first, -1), edge(last, 1)


class Decision(NamedTuple):
    """What tuning the ads is worth, what the pool adds on top, and the plan that follows."""

    tuned: PlanSearch
    pooled: PlanSearch  # the best plan with the pool on
    platform_value: np.ndarray
    private_pool_value: np.ndarray

    @property
    def ads_gain(self) -> np.ndarray:
        """Value of the tuned ad plan minus today's plan: what tuning the ads alone is worth."""
        return self.tuned.value - self.platform_value

    @property
    def pool_gain(self) -> np.ndarray:
        """Value of the best pool plan minus the tuned ad plan: the pool's own contribution,
        never credited with the ad cut (negative: the pool does not pay)."""
        return self.pooled.value - self.tuned.value

    @property
    def runs_pool(self) -> np.ndarray:
        return self.pool_gain > 0

    def repeat(self, n: int) -> "Decision":
        """One shop's decision for ``n`` copies of it (the draws of a Monte Carlo)."""
        index = np.zeros(n, dtype=int)
        return Decision(self.tuned.take(index), self.pooled.take(index), self.platform_value[index],
                        self.private_pool_value[index])

    def best(self) -> PlanSearch:
        """The best mix's plan: the pool plan where the pool pays, else the tuned ads."""
        runs = self.runs_pool
        t, p = self.tuned, self.pooled
        pick = {name: np.where(runs, getattr(p, name), getattr(t, name))
                for name in ("a1", "taper", "value", "band_low", "band_high")}
        return PlanSearch(**pick, grid_value=np.where(runs[:, None], p.grid_value, t.grid_value))


COMBINED_SHOPS = 64
"""Up to this many shops, both pool settings are searched in one pass of the pool kernel (the
rows without the pool have its figures set to zero): for a few shops the number of numpy calls,
not their size, is the cost. Larger batches use the plain kernel for the rows without the pool."""

POOL_FIGURES = ("join_rate", "referrals", "operating_cost", "setup_cost", "member_cost", "membership_fee")
"""With these at zero the pool kernel projects exactly what the plain one does: no one joins, no
one is referred, nothing is spent on or earned from members."""


def without_pool(a: Assumptions) -> Assumptions:
    """The same shops with the pool switched off inside the pool kernel."""
    return a.replace(**{name: np.zeros_like(np.asarray(getattr(a, name), dtype=float)) for name in POOL_FIGURES})


def decide(a: Assumptions, months: int, cal: Calibration | None = None,
           weights: np.ndarray | None = None) -> Decision:
    """Search both pool settings for every shop; value today's plan and the profile's own pool plan."""
    today = np.ones((a.shops, 1))
    own_plan = (1 - np.asarray(a.budget_shift, dtype=float))[:, None]
    if a.shops <= COMBINED_SHOPS:
        both = stack(without_pool(a), a)
        plan, extra = search(both, months, True, extra=np.concatenate([today, own_plan]))
        n = a.shops
        tuned, pooled = plan.take(slice(0, n)), plan.take(slice(n, 2 * n))
        return Decision(tuned, pooled, extra[:n, 0], extra[n:, 0])
    cal = cal if cal is not None else calibrate(a)
    weights = weights if weights is not None else discount_weights(a, months)
    tuned, platform = search(a, months, False, cal, weights, extra=today)
    pooled, own_value = search(a, months, True, cal, weights, extra=own_plan)
    return Decision(tuned, pooled, platform[:, 0], own_value[:, 0])


def stack(*parts: Assumptions) -> Assumptions:
    """Shops of several assumption sets one after another."""
    return Assumptions(*(np.concatenate([np.atleast_1d(column) for column in columns]) for columns in zip(*parts)))


GAIN_HORIZONS = (12, 24, 60)
"""The pool's gain is also found at one, two and five years: a verdict that changes sign between
them hangs on the horizon, and the output says so."""


def pool_gain_by_horizon(a: Assumptions, horizons: tuple = GAIN_HORIZONS) -> np.ndarray:
    """pool_gain of each shop at each horizon (each re-planned), shaped (shops, len(horizons))."""
    n = a.shops
    copies = stack(*(a.replace(horizon=np.full(n, h)) for h in horizons))
    gains = decide(copies, max(horizons)).pool_gain
    return gains.reshape(len(horizons), n).T


class Strategy(NamedTuple):
    name: str
    a1: np.ndarray
    taper: np.ndarray  # bool
    runs_pool: np.ndarray  # bool
    projection: Projection  # monthly arrays shaped (shops, months) (the plan axis taken out)
    tau: np.ndarray  # the monthly taper of the level (1 when held)

    @property
    def ad_budget_change(self) -> np.ndarray:
        """a1 - 1: -0.8 starts 80% below today's acquisition budget, +0.2 raises it by 20%."""
        return self.a1 - 1

    @property
    def at_bound(self) -> np.ndarray:
        return (self.a1 <= 1e-9) | (self.a1 >= MAX_AD_LEVEL - 1e-9)

    def levels(self, months: int) -> np.ndarray:
        """a_t = min(2, a1 tau^(t-1)) for t = 1..months, shaped (shops, months)."""
        t = np.arange(months)
        return np.minimum(MAX_AD_LEVEL, self.a1[:, None] * self.tau[:, None] ** t)

    def yearly_levels(self, months: int) -> np.ndarray:
        """The mean ad level of each (started) year of the projection, shaped (shops, years)."""
        levels = self.levels(months)
        return np.stack([levels[:, y:y + 12].mean(axis=1) for y in range(0, months, 12)], axis=1)


@dataclass
class Outcome:
    strategies: dict  # name -> Strategy
    decision: Decision
    best_pool: Projection  # the best plan with the pool, whether or not the best mix runs it
    overtake_month: np.ndarray  # the best pool plan against tuned ads; 0 = not within the horizon

    def __getitem__(self, name: str) -> Strategy:
        return self.strategies[name]


def _column(p: Projection, k: int) -> Projection:
    """Plan ``k`` of a recorded projection, as a projection shaped (shops, months). Contiguous
    copies: numpy sums a strided row in another order than a contiguous one, and a shop's figures
    must not depend on how many shops share its batch, to the last bit."""
    def take(x):
        return None if x is None else np.ascontiguousarray(x[:, k])

    return Projection(p.discounted_profit[:, k], p.terminal_value[:, k], p.horizon[:, 0], take(p.revenue),
                      take(p.profit), take(p.members), take(p.ad_spend), take(p.customers))


def run(a: Assumptions, months: int | None = None, decision: Decision | None = None) -> Outcome:
    """Project all four strategies. ``decision`` fixes the plans (e.g. the deterministic ones,
    tested against uncertain futures) instead of searching for them."""
    if months is None:
        months = int(np.max(a.horizon))
    cal = calibrate(a)
    weights = discount_weights(a, months)
    if decision is None:
        decision = decide(a, months, cal, weights)
    shops = a.shops
    one, zero = np.ones(shops), np.zeros(shops)
    t, p = decision.tuned, decision.pooled
    plain = project(a, months, np.stack([one, t.a1], axis=1), np.stack([zero, t.taper], axis=1), False, record=True,
                    cal=cal, weights=weights)
    own = 1 - np.asarray(a.budget_shift, dtype=float)
    pooled = project(a, months, np.stack([own, p.a1], axis=1), np.stack([zero, p.taper], axis=1), True, record=True,
                     cal=cal, weights=weights)
    runs = decision.runs_pool
    platform, tuned = _column(plain, 0), _column(plain, 1)
    private, best_pool = _column(pooled, 0), _column(pooled, 1)
    mix = Projection(*(None if x is None else np.where(runs.reshape((-1,) + (1,) * (np.ndim(x) - 1)), y, x)
                       for x, y in zip(_fields(tuned), _fields(best_pool))))  # type: ignore[arg-type]
    mix.horizon = tuned.horizon
    false, true = np.zeros(shops, bool), np.ones(shops, bool)
    tau = np.asarray(taper_rate(a), dtype=float)
    mix_taper = np.where(runs, p.taper, t.taper)
    strategies = {
        "platform_ads": Strategy("platform_ads", one, false, false, platform, one),
        "tuned_ads": Strategy("tuned_ads", t.a1, t.taper, false, tuned, np.where(t.taper, tau, 1.0)),
        "private_pool": Strategy("private_pool", own, false, true, private, one),
        "best_mix": Strategy("best_mix", np.where(runs, p.a1, t.a1), mix_taper, runs, mix, np.where(mix_taper, tau, 1.0)),
    }
    return Outcome(strategies, decision, best_pool, overtake_month(best_pool, tuned))


def _fields(p: Projection) -> tuple:
    return (p.discounted_profit, p.terminal_value, p.horizon, p.revenue, p.profit, p.members, p.ad_spend, p.customers)
