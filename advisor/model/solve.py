"""Solving the model backwards: the value an assumption would need for a verdict to change."""

from __future__ import annotations

import numpy as np

from advisor.model.assumptions import Assumptions
from advisor.model.projection import project

BISECTION_STEPS = 30
"""Bisection steps (2^-30 of the bracket: exact enough for any figure shown)."""


def required_join_rate(a: Assumptions, months: int, need: np.ndarray) -> np.ndarray:
    """Smallest join rate at which the pool (at the profile's budget shift) beats platform ads
    in discounted profit within the horizon; NaN where even everyone joining is not enough.

    Solved by bisection, all shops at once; ``need`` marks the shops to solve for.
    """
    result = np.full(np.shape(need), np.nan)
    idx = np.flatnonzero(need)
    if idx.size == 0:
        return result
    sub = a.map(lambda x: np.asarray(x)[idx] if np.ndim(x) else x)
    target = project(sub, months, 0.0, 0.0).discounted_profit

    def gap(join):
        return project(sub.replace(join_rate=join), months, sub.budget_shift, 1.0).discounted_profit - target

    lo = np.asarray(sub.join_rate, dtype=float).copy()
    hi = np.ones_like(lo)
    feasible = gap(hi) > 0
    for _ in range(BISECTION_STEPS):
        mid = (lo + hi) / 2
        ok = gap(mid) > 0
        hi = np.where(ok, mid, hi)
        lo = np.where(ok, lo, mid)
    result[idx] = np.where(feasible, hi, np.nan)
    return result
