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
    overtake_month,
    project,
)

GRID_POINTS = 7
"""Seven levels in both families first, from 0 to the cap (evenly in u = sqrt(a1 / 2))."""

FINE_POINTS = 2
"""Then, in each family, two new levels beside the best grid point -- the midpoints of its two
cells, or at the grid's edge two points inside its one cell -- the vertex of the parabola through
the best three of the five around it, and the vertex of a second parabola through that vertex
and its nearest valued neighbours (a steep rise from zero spend fits a parabola only close up).
Against a brute force in steps of 0.01 on 4,500 random shops the value falls short by at most
6e-6 of (|value| + a month's revenue) for 99% of them (tests/test_model.py checks 2e-4); on a flat
optimum the level itself may differ more."""

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


class Found(NamedTuple):
    """What one search returns: the best plan, the values of the extra plans and, when asked
    for, the recorded projection of the extra plans and the best one (plans axis: extras first)."""

    plan: PlanSearch
    extra_value: np.ndarray
    recorded: Projection | None


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


def _fine_points(best: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For the best grid index per row (shape (...)): the two new points (shape (..., 2), in u)
    and the five points around the best in order, as positions on a grid refined fourfold."""
    step = 4  # positions in quarters of a grid cell
    last = (GRID_POINTS - 1) * step
    centre = best * step
    # interior: the midpoints of both cells; at an edge: a quarter and a half into its one cell
    inner = np.stack([centre - 2, centre + 2], axis=-1)
    at_low = np.stack([np.full_like(centre, 1), np.full_like(centre, 2)], axis=-1)
    at_high = np.stack([np.full_like(centre, last - 2), np.full_like(centre, last - 1)], axis=-1)
    new = np.where((best == 0)[..., None], at_low, np.where((best == GRID_POINTS - 1)[..., None], at_high, inner))
    five_inner = centre[..., None] + np.array([-4, -2, 0, 2, 4])
    five_low = np.broadcast_to(np.array([0, 1, 2, 4, 8]), five_inner.shape)
    five_high = np.broadcast_to(last - np.array([8, 4, 2, 1, 0]), five_inner.shape)
    five = np.where((best == 0)[..., None], five_low, np.where((best == GRID_POINTS - 1)[..., None], five_high, five_inner))
    return new / last, five


def search(a: Assumptions, months: int, pool: bool, cal: Calibration | None = None,
           extra: np.ndarray | None = None, record: bool = False) -> Found:
    """The best plan per shop with the pool on or off. ``extra``: further held levels (shaped
    (shops, k)) valued alongside and taken as candidates. ``record``: also keep the monthly
    figures of the extra plans and the best one, from the search's last projection.

    The levels are searched in u = sqrt(a1 / 2), evenly: dense near a1 = 0, where the value
    rises steeply (new customers grow as a1^(1 - e)), coarse near the cap. Four projections:
    the grid, the new fine points, the first vertices, and the second vertices with the extras
    (and the best so far, when recording).
    """
    cal = cal if cal is not None else calibrate(a)
    shops = a.shops
    index = np.arange(shops)
    extra = np.zeros((shops, 0)) if extra is None else extra
    k = extra.shape[1]
    grid = np.linspace(0.0, 1.0, GRID_POINTS)
    families = np.array([0.0, 1.0])
    u = np.broadcast_to(np.tile(grid, 2), (shops, 2 * GRID_POINTS))
    taper = np.broadcast_to(np.repeat(families, GRID_POINTS), u.shape)
    grid_value = project(a, months, _level(u), taper, pool, cal=cal).value.reshape(shops, 2, GRID_POINTS)

    # in each family, two new points beside the best grid point ...
    best = np.argmax(grid_value, axis=2)  # (shops, 2)
    new_u, five = _fine_points(best)  # (shops, 2, 2), (shops, 2, 5)
    new_value = project(a, months, _level(new_u).reshape(shops, -1), np.repeat(families, FINE_POINTS)[None, :],
                        pool, cal=cal).value.reshape(shops, 2, FINE_POINTS)
    # ... the five points around it, on a grid refined fourfold ...
    last = (GRID_POINTS - 1) * 4
    quarters = np.full((shops, 2, last + 1), -np.inf)
    quarters[:, :, ::4] = grid_value
    new_position = np.rint(new_u * last).astype(int)
    np.put_along_axis(quarters, new_position, new_value, axis=2)
    near = np.take_along_axis(quarters, five, axis=2)
    fine = five / last
    # ... and the vertex of the parabola through the best three of them
    top = np.clip(np.argmax(near, axis=2), 1, 3)
    around = top[..., None] + np.arange(-1, 2)
    xs3 = np.take_along_axis(fine, around, axis=2)
    ys3 = np.take_along_axis(near, around, axis=2)
    vertex = np.clip(_vertex(xs3, ys3), xs3[..., 0], xs3[..., 2])
    # ... once more, through the vertex and its nearest valued neighbours (successive parabolic
    # interpolation): a steep rise from zero spend fits a parabola only close up
    first = project(a, months, _level(vertex), families[None, :], pool, cal=cal).value  # (shops, 2)
    points = np.concatenate([xs3, vertex[..., None]], axis=2)
    values = np.concatenate([ys3, first[..., None]], axis=2)
    order = np.argsort(points, axis=2, kind="stable")
    points, values = np.take_along_axis(points, order, axis=2), np.take_along_axis(values, order, axis=2)
    top = np.clip(np.argmax(values, axis=2), 1, 2)
    around = top[..., None] + np.arange(-1, 2)
    xs3, ys3 = np.take_along_axis(points, around, axis=2), np.take_along_axis(values, around, axis=2)
    refined = np.clip(_vertex(xs3, ys3), xs3[..., 0], xs3[..., 2])
    new_u = np.concatenate([new_u, vertex[..., None]], axis=2)
    new_value = np.concatenate([new_value, first[..., None]], axis=2)
    vertex = refined

    # the best valued so far (ties keep the earlier, coarser point)
    candidates_u = np.concatenate([np.broadcast_to(grid, (shops, 2, GRID_POINTS)), new_u], axis=2)
    candidates_v = np.concatenate([grid_value, new_value], axis=2)
    flat = candidates_v.reshape(shops, -1)
    so_far = np.argmax(flat, axis=1)
    so_far_a1 = _level(candidates_u.reshape(shops, -1)[index, so_far])
    so_far_taper = so_far >= candidates_u.shape[2]  # (held first, then tapering)

    # the last projection: the vertices, the extras, and (recording) the best so far
    last_a1 = [_level(vertex), extra] + ([so_far_a1[:, None]] if record else [])
    last_taper = [np.broadcast_to(families, (shops, 2)), np.zeros((shops, k))] + (
        [so_far_taper[:, None].astype(float)] if record else [])
    ending = project(a, months, np.concatenate(last_a1, axis=1), np.concatenate(last_taper, axis=1), pool,
                     record=record, cal=cal)
    ending_value = ending.value
    vertex_value, extra_value = ending_value[:, :2], ending_value[:, 2:2 + k]

    so_far_value = ending_value[:, 2 + k] if record else flat[index, so_far]  # recorded: the very bits kept
    options_v = np.concatenate([so_far_value[:, None], vertex_value, extra_value], axis=1)
    options_a1 = np.concatenate([so_far_a1[:, None], _level(vertex), extra], axis=1)
    options_taper = np.concatenate([so_far_taper[:, None], np.array([[False, True]]).repeat(shops, 0),
                                    np.zeros((shops, k), bool)], axis=1)
    pick = np.argmax(options_v, axis=1)
    best_a1, best_value, best_taper = options_a1[index, pick], options_v[index, pick], options_taper[index, pick]
    family = best_taper.astype(int)
    band_u = np.concatenate([candidates_u, vertex[..., None]], axis=2)[index, family]
    band_v = np.concatenate([candidates_v, vertex_value[..., None]], axis=2)[index, family]
    band_low, band_high = _band(_level(band_u), band_v, best_value, a, months)
    plan = PlanSearch(best_a1, best_taper, best_value, band_low, band_high, grid_value.reshape(shops, -1))
    recorded = None
    if record:
        # the column of the recorded projection each shop's best plan is in (the best so far is last)
        column = np.array([2 + k, 0, 1] + list(range(2, 2 + k)))[pick]
        recorded = _columns(ending, np.concatenate([np.arange(2, 2 + k)[None, :].repeat(shops, 0), column[:, None]], axis=1))
    return Found(plan, extra_value, recorded)


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


def decide(a: Assumptions, months: int, cal: Calibration | None = None) -> Decision:
    """Search both pool settings for every shop; value today's plan and the profile's own pool plan."""
    return _decide(a, months, cal, record=False)[0]


def _decide(a: Assumptions, months: int, cal: Calibration | None,
            record: bool) -> tuple[Decision, Projection | None, Projection | None]:
    """decide(), and with ``record`` the monthly projections of [today's plan, the tuned plan]
    and [the own pool plan, the best pool plan] (plans axis second) from the searches."""
    today = np.ones((a.shops, 1))
    own_plan = (1 - np.asarray(a.budget_shift, dtype=float))[:, None]
    n = a.shops
    if n <= COMBINED_SHOPS:
        both = stack(without_pool(a), a)
        found = search(both, months, True, extra=np.concatenate([today, own_plan]), record=record)
        tuned, pooled = found.plan.take(slice(0, n)), found.plan.take(slice(n, 2 * n))
        decision = Decision(tuned, pooled, found.extra_value[:n, 0], found.extra_value[n:, 0])
        if not record:
            return decision, None, None
        assert found.recorded is not None
        return decision, _shops(found.recorded, slice(0, n)), _shops(found.recorded, slice(n, 2 * n))
    cal = cal if cal is not None else calibrate(a)
    plain = search(a, months, False, cal, extra=today, record=record)
    pooled_ = search(a, months, True, cal, extra=own_plan, record=record)
    decision = Decision(plain.plan, pooled_.plan, plain.extra_value[:, 0], pooled_.extra_value[:, 0])
    return decision, plain.recorded, pooled_.recorded


def _columns(p: Projection, columns: np.ndarray) -> Projection:
    """The given plan columns of each shop (``columns`` shaped (shops, k)) of a recorded projection."""
    index = np.arange(columns.shape[0])[:, None]
    wanted = [(k, [(int(v), columns[:, k] == v) for v in sorted(set(columns[:, k].tolist()))])
              for k in range(columns.shape[1])]

    def take(x):
        if x is None:
            return None
        if x.ndim == 2:
            return x[index, columns]
        # in the kernel's own layout (months, plans, shops): whole contiguous planes, one per
        # distinct column, merged where each shop wants it; then one copy, months last
        planes = x.transpose(2, 1, 0)
        out = np.empty((columns.shape[1],) + planes[:, 0].shape)
        for k, choices in wanted:
            out[k] = planes[:, choices[0][0]]
            for v, where in choices[1:]:
                np.copyto(out[k], planes[:, v], where=where)
        return np.ascontiguousarray(out.transpose(2, 0, 1))

    return Projection(take(p.discounted_profit), take(p.terminal_value), p.horizon, take(p.revenue),
                      take(p.profit), take(p.members), take(p.ad_spend), take(p.customers))


def _shops(p: Projection, rows: slice) -> Projection:
    """Some shops of a projection."""
    def take(x):
        return None if x is None else x[rows]

    return Projection(p.discounted_profit[rows], p.terminal_value[rows], p.horizon[rows], take(p.revenue),
                      take(p.profit), take(p.members), take(p.ad_spend), take(p.customers))


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
    calibration: Calibration  # today's state the projections started from

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
    shops = a.shops
    one, zero = np.ones(shops), np.zeros(shops)
    own = 1 - np.asarray(a.budget_shift, dtype=float)
    cal = calibrate(a)
    if decision is None:  # the search records the plans it picks
        decision, plain, pooled = _decide(a, months, cal, record=True)
        assert plain is not None and pooled is not None
    else:
        t, p = decision.tuned, decision.pooled
        plain = project(a, months, np.stack([one, t.a1], axis=1), np.stack([zero, t.taper], axis=1), False,
                        record=True, cal=cal)
        pooled = project(a, months, np.stack([own, p.a1], axis=1), np.stack([zero, p.taper], axis=1), True,
                         record=True, cal=cal)
    t, p = decision.tuned, decision.pooled
    runs = decision.runs_pool
    platform, tuned = _column(plain, 0), _column(plain, 1)
    private, best_pool = _column(pooled, 0), _column(pooled, 1)
    mix = Projection(*(None if x is None else np.where(runs.reshape((-1,) + (1,) * (np.ndim(x) - 1)), y, x)
                       for x, y in zip(_fields(tuned), _fields(best_pool))))  # type: ignore[arg-type]
    mix.horizon = tuned.horizon
    false, true = np.zeros(shops, bool), np.ones(shops, bool)
    tau = cal.tau[:, 0]
    mix_taper = np.where(runs, p.taper, t.taper)
    strategies = {
        "platform_ads": Strategy("platform_ads", one, false, false, platform, one),
        "tuned_ads": Strategy("tuned_ads", t.a1, t.taper, false, tuned, np.where(t.taper, tau, 1.0)),
        "private_pool": Strategy("private_pool", own, false, true, private, one),
        "best_mix": Strategy("best_mix", np.where(runs, p.a1, t.a1), mix_taper, runs, mix, np.where(mix_taper, tau, 1.0)),
    }
    return Outcome(strategies, decision, best_pool, overtake_month(best_pool, tuned), cal)


def _fields(p: Projection) -> tuple:
    return (p.discounted_profit, p.terminal_value, p.horizon, p.revenue, p.profit, p.members, p.ad_spend, p.customers)
