"""Switch points: the value of an assumption at which a verdict changes. Pure numpy.

The pool verdict (does the pool pay: pool_gain > 0?) hangs on the members' order uplift and
churn, the join rate, the acquisition share and the pool's costs; the ads verdict (should the
first month spend more than today: tuned a1 > 1?) on the spend elasticity, the free traffic and
CAC growth. For each, the verdict's margin (pool_gain, or tuned a1 - 1) is valued on a grid
across the assumption's documented search domain (wider than its plausible range), all
assumptions in one vectorised search; the sign change nearest the assumed value is then narrowed
by regula falsi. No crossing inside the domain: no switch point.
"""

from typing import NamedTuple

import numpy as np

from advisor.model.assumptions import Assumptions
from advisor.model.projection import calibrate
from advisor.model.strategies import Decision, search, stack, without_pool
from advisor.profile import fields as F

POOL, ADS = "pool", "ads"

SCAN_POINTS = 9
"""Values tried across each search domain first (the assumed value is a tenth)."""

REFINE_ROUNDS = 1
"""Regula falsi steps inside the bracket: the margins are close to linear there, so one step puts
the crossing well under a percent of the domain from the exact one (tests check it)."""


class Lever(NamedTuple):
    """An assumption a verdict hangs on: its profile key, its model parameter, the verdict, and
    the parameter that scales its ranges (money defaults are shares of revenue or order value)."""

    path: str
    parameter: str
    verdict: str
    scale: str | None = None
    pool_only: bool = True  # the tuned (no-pool) plan does not depend on it


LEVERS = (
    Lever("pool.order_uplift", "order_uplift", POOL),
    Lever("pool.churn_ratio", "churn_ratio", POOL),
    Lever("pool.join_rate", "join_rate", POOL),
    Lever("ads.acquisition_share", "acquisition_share", POOL, pool_only=False),
    Lever("pool.monthly_operating_cost", "operating_cost", POOL, scale="revenue"),
    Lever("pool.cost_per_member_per_month", "member_cost", POOL, scale="order_value"),
    Lever("ads.spend_elasticity", "elasticity", ADS, pool_only=False),
    Lever("ads.organic_share", "organic_share", ADS, pool_only=False),
    Lever("ads.organic_follows_sales", "organic_follows_sales", ADS, pool_only=False),
    Lever("ads.cac_growth_per_year", "cac_growth", ADS, pool_only=False),
)

MEASURED = {
    "order_uplift": Lever("pool.orders_per_member_per_month", "member_orders", POOL, scale="fp"),
    "churn_ratio": Lever("pool.monthly_churn", "member_churn", POOL, scale="churn"),
}
"""When the profile pins the measured member figure, that figure is the lever (its ranges are the
ratio's, times the shop's own repeat rate or platform churn)."""


def _levers(a: Assumptions) -> list[tuple[Lever, float, tuple, tuple]]:
    """(lever, assumed value, plausible (low, high), search (low, high)) for one shop."""
    c = calibrate(a)
    scales = {"revenue": float(a.revenue[0]), "order_value": float(a.order_value[0]), "fp": float(c.fp[0, 0]),
              "churn": float(1 - a.retention[0])}
    out = []
    for lever in LEVERS:
        field = F.BY_PATH[lever.path]
        measured = MEASURED.get(lever.parameter)
        if measured is not None and not np.isnan(getattr(a, measured.parameter)[0]):
            lever = measured
        if lever.verdict == ADS and float(a.marketing_share[0]) <= 0:
            continue  # no ads: no ad verdict to switch
        scale = scales[lever.scale] if lever.scale else 1.0
        assumed = float(getattr(a, lever.parameter)[0])
        assert field.plausible is not None and field.search is not None
        plausible = (field.plausible[0] * scale, field.plausible[2] * scale)
        own = F.BY_PATH[lever.path]  # the lever's own bounds (a measured churn cannot exceed 100%)
        low = field.search[0] * scale if own.low is None else max(field.search[0] * scale, own.low)
        high = field.search[1] * scale if own.high is None else min(field.search[1] * scale, own.high)
        domain = (low, high)
        out.append((lever, assumed, plausible, domain))
    return out


def _margin(a: Assumptions, months: int, rows: list[tuple[Lever, float]], base: Decision) -> np.ndarray:
    """The verdict's margin for each (lever, value) row: pool_gain, or tuned a1 - 1.

    One search of the pool kernel for all rows: the rows that need the tuned plan run with the
    pool switched off, the pool verdict's rows with it on."""
    n = len(rows)
    copies = a.take(np.zeros(n, dtype=int))
    for name in {lever.parameter for lever, _ in rows}:
        column = np.array(getattr(copies, name), dtype=float)
        for k, (lever, x) in enumerate(rows):
            if lever.parameter == name:
                column[k] = x
        copies = copies.replace(**{name: column})
    need_tuned = np.flatnonzero([not lever.pool_only for lever, _ in rows])
    pool_rows = np.flatnonzero([lever.verdict == POOL for lever, _ in rows])
    both = stack(without_pool(copies.take(need_tuned)), copies.take(pool_rows))
    plan = search(both, months, True).plan
    tuned_a1 = np.full(n, np.nan)
    tuned_value = np.full(n, float(base.tuned.value[0]))
    tuned_a1[need_tuned] = plan.a1[: len(need_tuned)]
    tuned_value[need_tuned] = plan.value[: len(need_tuned)]
    margin = tuned_a1 - 1
    margin[pool_rows] = plan.value[len(need_tuned):] - tuned_value[pool_rows]
    return margin


def switch_points(a: Assumptions, months: int, base: Decision) -> list[dict]:
    """One shop's switch points (``a`` holds one shop; ``base`` is its decision)."""
    levers = _levers(a)
    if not levers:
        return []
    assumed_margin = {POOL: float(base.pool_gain[0]), ADS: float(base.tuned.a1[0] - 1)}
    scan = np.linspace(0.0, 1.0, SCAN_POINTS)
    rows = [(lever, lo + (hi - lo) * s) for lever, _, _, (lo, hi) in levers for s in scan]
    values = _margin(a, months, rows, base).reshape(len(levers), SCAN_POINTS)

    brackets = []
    for k, (lever, assumed, _, (lo, hi)) in enumerate(levers):
        xs = np.append(lo + (hi - lo) * scan, assumed)
        fs = np.append(values[k], assumed_margin[lever.verdict])
        order = np.argsort(xs, kind="stable")
        brackets.append(_nearest_crossing(xs[order], fs[order], assumed))
    live = [k for k, b in enumerate(brackets) if b is not None]
    for _ in range(REFINE_ROUNDS):
        if not live:
            break
        guesses = []
        for k in live:
            (x0, f0), (x1, f1) = brackets[k]
            guesses.append(x0 - f0 * (x1 - x0) / (f1 - f0) if f1 != f0 else (x0 + x1) / 2)
        found = _margin(a, months, [(levers[k][0], x) for k, x in zip(live, guesses)], base)
        for k, x, f in zip(live, guesses, found):
            (x0, f0), (x1, f1) = brackets[k]
            brackets[k] = ((x, f), (x1, f1)) if np.sign(f) == np.sign(f0) else ((x0, f0), (x, f))

    out = []
    for k, (lever, assumed, plausible, _) in enumerate(levers):
        bracket = brackets[k]
        switch = holds_above = None
        if bracket is not None:
            (x0, f0), (x1, f1) = bracket
            switch = x0 - f0 * (x1 - x0) / (f1 - f0) if f1 != f0 else (x0 + x1) / 2
            holds_above = bool(f1 > 0)
        out.append({
            "assumption": lever.path,
            "verdict": lever.verdict,
            "assumed": assumed,
            "switch_at": switch,
            "verdict_holds_above": holds_above,
            "plausible_range": [plausible[0], plausible[1]],
            "inside_plausible": None if switch is None else bool(plausible[0] <= switch <= plausible[1]),
        })
    return out


def _nearest_crossing(xs: np.ndarray, fs: np.ndarray, assumed: float):
    """The pair of neighbouring points around the sign change nearest ``assumed``, or None."""
    best = None
    for i in range(len(xs) - 1):
        if (fs[i] > 0) != (fs[i + 1] > 0) and xs[i + 1] > xs[i]:
            distance = min(abs(xs[i] - assumed), abs(xs[i + 1] - assumed))
            if best is None or distance < best[0]:
                best = (distance, ((xs[i], fs[i]), (xs[i + 1], fs[i + 1])))
    return None if best is None else best[1]
