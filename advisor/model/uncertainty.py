"""Monte Carlo over the profile's uncertain assumptions, and one-at-a-time sensitivity.

Pure numpy. Draws go along the model's shop axis, so 10,000 draws are one vectorised call.
The same seed gives the same draws: fields are sampled in the fixed order of ``fields.FIELDS``.
"""

from __future__ import annotations

import numpy as np

from advisor.model import assumptions as inputs
from advisor.model.assumptions import Assumptions
from advisor.model.projection import overtake_month
from advisor.model.strategies import STRATEGIES, run
from advisor.profile import fields as F
from advisor.profile.shop import Profile, Range

PERCENTILES = (10, 50, 90)
DECISIONS = {"budget_shift"}
"""Not uncertain facts but choices: the best mix optimises the budget shift itself, so swinging
it in the sensitivity analysis would only ever show zero."""
SENSITIVITY_SWING = 0.20
"""Assumptions given as a single number swing +/-20% in the sensitivity analysis: a typical
error for a figure estimated from a few months of a shop's own data."""


def draw(rng: np.random.Generator, rng_spec: Range, field: F.Field, n: int) -> np.ndarray:
    """``n`` draws of one uncertain assumption, inside the field's valid bounds."""
    if rng_spec.form == "normal":
        mean, sd = float(rng_spec.point), float(rng_spec.sd or 0.0)
        values = rng.normal(mean, sd, n) if sd > 0 else np.full(n, mean)
    elif rng_spec.form == "triangular" and rng_spec.high > rng_spec.low:
        values = rng.triangular(rng_spec.low, rng_spec.point, rng_spec.high, n)
    elif rng_spec.high > rng_spec.low:
        values = rng.uniform(rng_spec.low, rng_spec.high, n)
    else:  # a range collapsed to a point
        values = np.full(n, rng_spec.low)
    low = -np.inf if field.low is None else field.low
    high = np.inf if field.high is None else field.high
    return np.clip(values, low, high)


def sampled_assumptions(p: Profile, draws: int, seed: int, **overrides) -> Assumptions:
    """The profile's assumptions with each ranged field replaced by ``draws`` random values."""
    base = inputs.from_profiles([p], **overrides)
    rng = np.random.default_rng(seed)
    changes = {}
    for f in F.FIELDS:  # fixed order: same seed, same draws
        spec = p.ranges.get(f.path)
        name = inputs.PATH_PARAMETERS.get(f.path)
        if spec is None or name is None or overrides.get(name) is not None:
            continue
        changes[name] = draw(rng, spec, f, draws)
    a = base.replace(**changes) if changes else base
    return a.map(lambda x: np.broadcast_to(np.asarray(x), (draws,)).copy())


def _percentiles(values: np.ndarray, axis: int = 0) -> dict:
    q = np.percentile(values, PERCENTILES, axis=axis)
    return {f"p{p}": (q[i].tolist() if np.ndim(q[i]) else float(q[i])) for i, p in enumerate(PERCENTILES)}


def simulate(p: Profile, draws: int, seed: int, best: tuple, horizon: int | None = None,
             budget_shift: float | None = None) -> dict:
    """Percentiles per strategy and the probability that the pool beats platform ads.

    ``best`` is the deterministic best mix's (budget_shift, runs_pool): the plan the merchant
    would commit to today, tested against the uncertain futures.
    """
    a = sampled_assumptions(p, draws, seed, horizon=horizon, budget_shift=budget_shift)
    months = int(a.horizon[0])
    shift, runs = best
    outcome = run(a, months, best=(np.full(draws, shift), np.full(draws, bool(runs))))
    per_strategy: dict[str, dict] = {}
    result: dict = {"draws": draws, "seed": seed, "strategies": per_strategy}
    for name in STRATEGIES:
        proj = outcome[name].projection
        per_strategy[name] = {
            "total_profit": _percentiles(proj.total_profit),
            "discounted_profit": _percentiles(proj.discounted_profit),
            "end_net_margin": _percentiles(proj.at_horizon(proj.margin)),
            "monthly_net_margin": _percentiles(proj.margin[:, :months]),
        }
    pool, ads = outcome["private_pool"].projection, outcome["platform_ads"].projection
    result["probability_pool_beats_ads"] = float(np.mean(overtake_month(pool, ads) > 0))
    mix = outcome["best_mix"].projection
    result["probability_best_mix_beats_ads"] = float(np.mean(mix.discounted_profit > ads.discounted_profit))
    return result


def sensitivity(p: Profile, horizon: int | None = None, budget_shift: float | None = None) -> dict:
    """Swing each assumption across its range (or +/-20%) with the others at their point values;
    rank by how much the best mix's discounted profit moves. One vectorised call for all swings."""
    base = inputs.from_profiles([p], horizon=horizon, budget_shift=budget_shift)
    overridden = {"horizon": horizon, "budget_shift": budget_shift}
    swings = []
    for f in F.FIELDS:
        name = inputs.PATH_PARAMETERS.get(f.path)
        if not f.uncertain or name is None or name in DECISIONS or overridden.get(name) is not None:
            continue
        point = float(np.asarray(getattr(base, name))[0])
        spec = p.ranges.get(f.path)
        if spec is not None:
            low, high, source = spec.low, spec.high, "range"
        else:
            low, high, source = point * (1 - SENSITIVITY_SWING), point * (1 + SENSITIVITY_SWING), "swing"
        bounds_low = -np.inf if f.low is None else f.low
        bounds_high = np.inf if f.high is None else f.high
        low, high = float(np.clip(low, bounds_low, bounds_high)), float(np.clip(high, bounds_low, bounds_high))
        swings.append((f.path, name, low, high, point, source))

    n = 1 + 2 * len(swings)
    columns = {fld: np.repeat(np.asarray(getattr(base, fld)), n) for fld in base.__dataclass_fields__}
    for k, (_, name, low, high, _, _) in enumerate(swings):
        columns[name] = columns[name].astype(float) if name != "horizon" else columns[name]
        columns[name][1 + 2 * k] = low
        columns[name][2 + 2 * k] = high
    a = Assumptions(**columns)
    months = int(np.max(a.horizon))
    profit = run(a, months)["best_mix"].projection.discounted_profit
    baseline = float(profit[0])
    rows: list[dict] = []
    for k, (path, _, low, high, point, source) in enumerate(swings):
        at_low, at_high = float(profit[1 + 2 * k]), float(profit[2 + 2 * k])
        rows.append({"assumption": path, "source": source, "value": point, "low": low, "high": high,
                     "profit_at_low": at_low, "profit_at_high": at_high,
                     "swing": abs(at_high - at_low)})
    rows.sort(key=lambda r: -float(r["swing"]))
    return {"baseline_discounted_profit": baseline, "assumptions": rows}
