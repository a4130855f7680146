"""What the figures are worth when the assumptions are uncertain: Monte Carlo and sensitivity.

Pure numpy. Draws go along the model's shop axis, so 10,000 draws are one vectorised call. Every
assumption the profile does not pin is drawn: a range in the profile is sampled as given, an
absent assumption from its documented plausible range (triangular: low, mode, high), and a plain
number in the profile stays a point. The plans are the deterministic ones -- what the merchant
would commit to today -- tested against the uncertain futures; every probability compares plan
values (discounted profit plus terminal value). The same seed gives the same draws: assumptions
are sampled in the fixed order of ``fields.FIELDS``.
"""

from __future__ import annotations

import numpy as np

from advisor.model import assumptions as inputs
from advisor.model.assumptions import Assumptions
from advisor.model.strategies import STRATEGIES, Decision, decide, run
from advisor.profile import fields as F
from advisor.profile.shop import Profile, Range

PERCENTILES = (10, 50, 90)

MEASUREMENT_ERROR = {
    "sales.average_order_value": 0.10,
    "sales.repeat_order_share": 0.25,
    "costs.product": 0.10,
    "costs.marketing": 0.10,
    "costs.staff": 0.15,
    "costs.logistics": 0.20,
    "costs.platform_fees": 0.10,
}
"""Figures read off the books still carry an error: the sensitivity analysis swings each by this
share of its value (a repeat share read from a few months of orders is the least sure of them;
docs/model.md argues each)."""

PINNED_BY = {"pool.order_uplift": "pool.orders_per_member_per_month", "pool.churn_ratio": "pool.monthly_churn"}
"""A ratio is not drawn when the profile pins the measured figure it stands in for."""


def draw(rng: np.random.Generator, spec: Range, field: F.Field, n: int) -> np.ndarray:
    """``n`` draws of one uncertain assumption, inside the field's valid bounds."""
    if spec.form == "normal":
        mean, sd = float(spec.point), float(spec.sd or 0.0)
        values = rng.normal(mean, sd, n) if sd > 0 else np.full(n, mean)
    elif spec.form == "triangular" and spec.high > spec.low:
        values = rng.triangular(spec.low, spec.point, spec.high, n)
    elif spec.high > spec.low:
        values = rng.uniform(spec.low, spec.high, n)
    else:  # a range collapsed to a point
        values = np.full(n, spec.low)
    low = -np.inf if field.low is None else field.low
    high = np.inf if field.high is None else field.high
    if field.high_open:
        high = np.nextafter(high, -np.inf)
    return np.clip(values, low, high)


def default_range(p: Profile, field: F.Field) -> Range | None:
    """The documented plausible range of an assumption the profile leaves out, for this shop."""
    if field.plausible is None:
        return None
    if field.path == "ads.organic_follows_sales" and p.platform in F.OWN_CHANNELS:
        return None  # no marketplace ranking on an own channel: structurally 0
    scale = field.scale(p.values)
    low, mode, high = (x * scale for x in field.plausible)
    return Range("triangular", low, high, mode=mode)


def uncertain_fields(p: Profile, overrides: dict) -> list[tuple[F.Field, Range, str]]:
    """(field, range, "profile" | "default") for every assumption that is drawn, in FIELDS order."""
    out = []
    for f in F.FIELDS:
        name = inputs.PATH_PARAMETERS.get(f.path) or ("staff_variable_share" if f.path == "costs.staff_variable_share"
                                                       else None)
        if name is None or overrides.get(name) is not None:
            continue
        if f.path in p.ranges:
            out.append((f, p.ranges[f.path], "profile"))
        elif f.path not in p.given and PINNED_BY.get(f.path) not in p.given:
            spec = default_range(p, f)
            if spec is not None:
                out.append((f, spec, "default"))
    return out


def _with_staff_share(a: Assumptions, p: Profile, share: np.ndarray) -> Assumptions:
    """The cost split again for other values of the variable part of staff."""
    staff = p["costs.staff"]
    v = p.variable_share - staff * p["costs.staff_variable_share"] + staff * share
    fixed = p.fixed_share - staff * (1 - p["costs.staff_variable_share"]) + staff * (1 - share)
    return a.replace(variable_share=v, fixed_share=fixed)


def sampled_assumptions(p: Profile, draws: int, seed: int, **overrides) -> tuple[Assumptions, list]:
    """The profile's assumptions, ``draws`` times, each uncertain one drawn; and what was drawn."""
    base = inputs.from_profiles([p], **overrides)
    a = base.map(lambda x: np.broadcast_to(np.asarray(x), (draws,)).copy())
    rng = np.random.default_rng(seed)
    drawn = uncertain_fields(p, overrides)
    changes = {}
    for f, spec, _ in drawn:
        values = draw(rng, spec, f, draws)
        if f.path == "costs.staff_variable_share":
            a = _with_staff_share(a, p, values)
        else:
            changes[inputs.PATH_PARAMETERS[f.path]] = values
    return (a.replace(**changes) if changes else a), drawn


def _percentiles(values: np.ndarray, axis: int = 0) -> dict:
    q = np.percentile(values, PERCENTILES, axis=axis)
    return {f"p{p}": (q[i].tolist() if np.ndim(q[i]) else float(q[i])) for i, p in enumerate(PERCENTILES)}


def simulate(p: Profile, draws: int, seed: int, decision: Decision, horizon: int | None = None,
             budget_shift: float | None = None) -> dict:
    """Percentiles per strategy and the probabilities that tuning the ads and the pool pay.

    ``decision`` is the deterministic one (a single shop): its plans are kept in every draw.
    """
    a, drawn = sampled_assumptions(p, draws, seed, horizon=horizon, budget_shift=budget_shift)
    months = int(a.horizon[0])
    outcome = run(a, months, decision=decision.repeat(draws))
    per_strategy: dict[str, dict] = {}
    for name in STRATEGIES:
        proj = outcome[name].projection
        per_strategy[name] = {
            "value": _percentiles(proj.value),
            "total_profit": _percentiles(proj.total_profit),
            "discounted_profit": _percentiles(proj.discounted_profit),
            "end_net_margin": _percentiles(proj.at_horizon(proj.margin)),
            "monthly_net_margin": _percentiles(proj.margin[:, :months]),
        }
    value = {name: outcome[name].projection.value for name in STRATEGIES}
    pool_plan = outcome.best_pool.value
    return {
        "draws": draws,
        "seed": seed,
        "drawn_from_defaults": [f.path for f, _, source in drawn if source == "default"],
        "drawn_from_profile": [f.path for f, _, source in drawn if source == "profile"],
        "strategies": per_strategy,
        "probability_tuning_pays": float(np.mean(value["tuned_ads"] > value["platform_ads"])),
        "probability_pool_pays": float(np.mean(pool_plan > value["tuned_ads"])),
        "probability_best_mix_beats_platform": float(np.mean(value["best_mix"] > value["platform_ads"])),
    }


def sensitivity(p: Profile, horizon: int | None = None) -> dict:
    """Swing each assumption across its range -- the profile's, else its documented plausible
    range -- and each figure from the books by its measurement error, the others held; re-plan
    for every swing and measure the effect on the pool's gain and on the best plan's value.
    One vectorised search for all swings."""
    overrides = {"horizon": horizon}
    base = inputs.from_profiles([p], horizon=horizon)
    swings = []
    for f, spec, source in uncertain_fields(p, overrides) + _pinned(p, overrides):
        swings.append((f, spec.low, spec.high, float(p[f.path]), source))
    for path, error in MEASUREMENT_ERROR.items():
        f, value = F.BY_PATH[path], float(p[path])
        if value > 0:
            low = max(value * (1 - error), f.low if f.low is not None else -np.inf)
            high = min(value * (1 + error), f.high if f.high is not None else np.inf)
            swings.append((f, low, high, value, "books"))  # a figure from the books, off by a measurement error

    rows = [base]
    for f, low, high, _, _ in swings:
        for x in (low, high):
            rows.append(_swung(p, base, f, x, horizon))
    from advisor.model.strategies import stack

    a = stack(*rows)
    months = int(np.max(a.horizon))
    d = decide(a, months)
    gain = d.pool_gain
    best = np.maximum(d.tuned.value, d.pooled.value)
    out: list[dict] = []
    for k, (f, low, high, value, source) in enumerate(swings):
        lo, hi = 1 + 2 * k, 2 + 2 * k
        out.append({"assumption": f.path, "source": source, "value": value, "low": low, "high": high,
                    "pool_gain_at_low": float(gain[lo]), "pool_gain_at_high": float(gain[hi]),
                    "value_at_low": float(best[lo]), "value_at_high": float(best[hi]),
                    "effect": float(abs(best[hi] - best[lo])),
                    "pool_gain_effect": float(abs(gain[hi] - gain[lo]))})
    # ranked by what the charts draw and the help says: how far the best plan's value moves
    # (the pool verdict's own swing is kept beside it, and each row shows the gain at both ends)
    out.sort(key=lambda r: -r["effect"])
    return {"baseline_value": float(best[0]), "baseline_pool_gain": float(gain[0]), "assumptions": out}


def _pinned(p: Profile, overrides: dict) -> list:
    """Assumptions the profile pins to a number: swung across their plausible range too."""
    out = []
    for f in F.FIELDS:
        if f.path in p.given and f.path not in p.ranges and f.plausible is not None:
            name = inputs.PATH_PARAMETERS.get(f.path) or ("staff_variable_share" if f.path == "costs.staff_variable_share"
                                                           else None)
            if name is not None and overrides.get(name) is None:
                scale = f.scale(p.values)
                out.append((f, Range("uniform", f.plausible[0] * scale, f.plausible[2] * scale), "pinned"))
    return out


def _swung(p: Profile, base: Assumptions, f: F.Field, x: float, horizon: int | None) -> Assumptions:
    """The shop with one value changed (a cost share or the staff split moves the cost split)."""
    if f.path.startswith("costs.") or f.path == "sales.average_order_value":
        import copy

        q = copy.copy(p)
        q.values = dict(p.values, **{f.path: x})
        return inputs.from_profiles([q], horizon=horizon)
    return base.replace(**{inputs.PATH_PARAMETERS[f.path]: [x]})
