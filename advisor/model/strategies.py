"""The three strategies -- platform ads, private pool, best mix -- over a batch of shops.

Pure numpy. The best mix is searched for every shop at once: a coarse grid over the budget
shift, then a vectorised golden-section refinement inside the best grid cell, then the best
of (refined, grid, platform ads alone), so it is never worse than either pure strategy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from advisor.model.assumptions import Assumptions
from advisor.model.projection import MARGIN_LIMIT, MIN_REVENUE, Projection, discount_factors, overtake_month, project

GRID_STEPS = 10
"""Budget shifts 0, 0.1, ..., 1 are tried first; profit is smooth in the shift, so a cell is enough."""

SHIFT_TOLERANCE = 0.001
"""Golden-section stops when the bracket is this narrow: ten times finer than the 0.01 promised."""

STRATEGIES = ("platform_ads", "private_pool", "best_mix")


@dataclass
class Strategy:
    name: str
    budget_shift: np.ndarray
    runs_pool: np.ndarray  # bool
    projection: Projection

    @property
    def end_marketing_share(self) -> np.ndarray:
        p = self.projection
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            share = np.clip(p.ad_spend / np.maximum(p.revenue, MIN_REVENUE), 0.0, MARGIN_LIMIT)
        return p.at_horizon(share)


@dataclass
class Outcome:
    strategies: dict  # name -> Strategy
    overtake_month: np.ndarray  # 0 = never

    def __getitem__(self, name: str) -> Strategy:
        return self.strategies[name]


def _discounted(a: Assumptions, months: int, shift, pool, discount=None) -> np.ndarray:
    return project(a, months, shift, pool, discount).discounted_profit


def best_shift(a: Assumptions, months: int) -> tuple[np.ndarray, np.ndarray]:
    """The budget shift (and whether to run the pool) maximising discounted profit."""
    d = discount_factors(a, months)
    grid = np.linspace(0.0, 1.0, GRID_STEPS + 1)
    scores = np.stack([_discounted(a, months, s, 1.0, d) for s in grid], axis=-1)
    best = np.argmax(scores, axis=-1)
    step = grid[1] - grid[0]
    lo = np.clip(grid[best] - step, 0.0, 1.0)
    hi = np.clip(grid[best] + step, 0.0, 1.0)
    ratio = (np.sqrt(5) - 1) / 2
    x1 = hi - ratio * (hi - lo)
    x2 = lo + ratio * (hi - lo)
    f1 = _discounted(a, months, x1, 1.0, d)
    f2 = _discounted(a, months, x2, 1.0, d)
    # A fixed number of steps (enough for the widest bracket) so that a shop's result never
    # depends on which other shops share its batch.
    steps = int(np.ceil(np.log(SHIFT_TOLERANCE / (2 * step)) / np.log(ratio)))
    for _ in range(steps):
        left = f1 >= f2  # the maximum lies in [lo, x2]: drop (x2, hi]; else drop [lo, x1)
        hi = np.where(left, x2, hi)
        lo = np.where(left, lo, x1)
        new_x1 = np.where(left, hi - ratio * (hi - lo), x2)
        new_x2 = np.where(left, x1, lo + ratio * (hi - lo))
        f_new = _discounted(a, months, np.where(left, new_x1, new_x2), 1.0, d)
        f1, f2 = np.where(left, f_new, f2), np.where(left, f1, f_new)
        x1, x2 = new_x1, new_x2
    refined = (lo + hi) / 2
    refined_score = _discounted(a, months, refined, 1.0, d)
    grid_score = np.take_along_axis(scores, best[..., None], axis=-1)[..., 0]
    shift = np.where(refined_score >= grid_score, refined, grid[best])
    pool_score = np.maximum(refined_score, grid_score)
    ads_score = _discounted(a, months, 0.0, 0.0, d)
    runs_pool = pool_score > ads_score
    return np.where(runs_pool, shift, 0.0), runs_pool


def run(a: Assumptions, months: int | None = None, best: tuple | None = None) -> Outcome:
    """Project all three strategies. ``best`` fixes the best mix's (shift, runs_pool)."""
    if months is None:
        months = int(np.max(a.horizon))
    ads = project(a, months, 0.0, 0.0)
    pool = project(a, months, a.budget_shift, 1.0)
    shift, runs = best if best is not None else best_shift(a, months)
    mix = project(a, months, shift, runs.astype(float))
    shape = ads.profit.shape[:-1]
    zeros = np.zeros(shape)
    strategies = {
        "platform_ads": Strategy("platform_ads", zeros, np.zeros(shape, bool), ads),
        "private_pool": Strategy("private_pool", np.broadcast_to(a.budget_shift, shape), np.ones(shape, bool), pool),
        "best_mix": Strategy("best_mix", np.broadcast_to(shift, shape), np.broadcast_to(runs, shape), mix),
    }
    return Outcome(strategies, overtake_month(pool, ads))
