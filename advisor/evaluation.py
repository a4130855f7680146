"""Use cases for one shop: its full evaluation and the sensitivity of its plan.

``evaluate`` returns plain data: the numbers of the ``--format json`` contract (design.md
section 5a, docs/json.md) with the recommendations as typed ``Recommendation`` values. Nothing
here knows a language: the output edge words the advice, for the terminal and for JSON alike.
"""

import math
from typing import NamedTuple

import numpy as np

from advisor.model import pnl
from advisor.profile import fields as F
from advisor.profile.shop import Profile

MODEL_VERSION = 2

FLAT_BAND = 0.5
"""An ads band half of today's budget wide or wider is a flat optimum: the exact level matters
little, and the output says so rather than suggesting precision."""


def _strategy_dict(strategy, horizon: int) -> dict:
    p = strategy.projection
    margin = p.margin
    months = [
        {
            "month": t + 1,
            "revenue": float(p.revenue[0, t]),
            "profit": float(p.profit[0, t]),
            "net_margin": float(margin[0, t]) if p.revenue[0, t] > 0 else None,
            "members": float(p.members[0, t]),
            "ad_spend": float(p.ad_spend[0, t]),
        }
        for t in range(horizon)
    ]
    return {
        "ad_budget_change": float(strategy.ad_budget_change[0]),
        "ad_budget_path": [float(x) for x in strategy.yearly_levels(horizon)[0] - 1],
        "at_bound": bool(strategy.at_bound[0]),
        "runs_pool": bool(strategy.runs_pool[0]),
        "months": months,
        "total_profit": float(p.total_profit[0]),
        "discounted_profit": float(p.discounted_profit[0]),
        "terminal_value": float(p.terminal_value[0]),
        "value": float(p.value[0]),
        "end_net_margin": float(p.at_horizon(margin)[0]),
    }


def today_dict(p: Profile) -> dict:
    t = pnl.today(p)
    return {
        "revenue": t.revenue,
        "net_profit": t.net_profit,
        "net_margin": t.net_margin,
        "contribution_margin": t.contribution_margin,
        "shares": t.shares(),
        "break_even_roas": t.break_even_roas,
    }


def customers_dict(facts: dict) -> dict:
    """Today's customer economics for one shop (the first of ``facts``): what an order brings,
    how many orders are repeat orders, what a customer bought with ads costs (on average and
    the last one) and what such a customer contributes over their lifetime."""
    cac = _plain(float(facts["cac"][0]))
    value = _plain(float(facts["paid_customer_value"][0]))
    return {
        "order_value": float(facts["order_value"][0]),
        "repeat_order_share": float(facts["repeat_share"][0]),
        "cac": cac,
        "marginal_cac": _plain(float(facts["marginal_cac"][0])),
        "customer_value": value,
        "value_to_cac": _ratio(value, cac),
    }


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None where it is not a finite number (no ad spend: no CAC)."""
    if numerator is None or not denominator:
        return None
    return _plain(numerator / denominator)


def assumptions_dict(p: Profile, overrides: dict) -> dict:
    """Every numeric key with its value and where it came from: ``profile`` (set in the file),
    ``calibrated`` (measured from the shop's orders by ``advisor calibrate``), ``default`` (the
    documented default), ``derived`` (computed from other figures) or ``option`` (a command-line
    override); with its plausible range (low, mode, high) where it is an assumption."""
    from advisor.model.assumptions import from_profiles
    from advisor.model.projection import calibrate

    c = calibrate(from_profiles([p]))
    derived = {"pool.orders_per_member_per_month": float(c.f_m[0, 0]), "pool.monthly_churn": float(c.c_m[0, 0]),
               "pool.max_members": float(c.M_max[0, 0])}
    calibrated: frozenset = getattr(p, "calibrated", frozenset())
    out: dict = {}
    for f in F.FIELDS:
        if f.kind not in F.NUMERIC_KINDS + (F.BOOL,) or f.path == "version":
            continue
        if f.path in overrides:
            value, source = overrides[f.path], "option"
        elif f.path in p.values and f.path in p.given:
            value, source = p.values[f.path], "calibrated" if f.path in calibrated else "profile"
        elif f.path in derived:
            value, source = derived[f.path], "derived"
        elif f.path in p.values:
            value, source = p.values[f.path], "default"
        else:
            continue
        entry: dict = {"value": value if isinstance(value, bool) else float(value), "source": source}
        if f.plausible is not None:
            scale = f.scale(p.values)
            entry["plausible"] = [x * scale for x in f.plausible]
        if f.path in p.ranges:
            r = p.ranges[f.path]
            entry["range"] = {k: v for k, v in (("form", r.form), ("low", r.low), ("mode", r.mode), ("high", r.high),
                                                 ("mean", r.mean), ("sd", r.sd)) if v is not None}
        out[f.path] = entry
    for name, (share, fixed) in p.other_costs.items():
        out[f"costs.other.{name}"] = {"value": share, "source": "profile", "fixed": fixed}
    return out


def decision_dict(outcome, switch, gains_by_horizon, facts: dict) -> dict:
    d = outcome.decision
    best = d.best()
    overtake = int(outcome.overtake_month[0])
    low, high = float(best.band_low[0]), float(best.band_high[0])
    runs = bool(d.runs_pool[0])
    gains = {str(h): float(g) for h, g in zip((12, 24, 60), gains_by_horizon[0])}
    signs = {g > 0 for g in gains.values()}
    return {
        "ads_verdict": str(facts["ads_verdict"][0]),
        "plan_gain": float(facts["plan_gain"][0]),
        "ads_gain": float(d.ads_gain[0]),
        "pool_gain": float(d.pool_gain[0]),
        "runs_pool": runs,
        "ad_budget_change": float(best.a1[0] - 1),
        "ad_budget_tapers": bool(best.taper[0]),
        "ads_yearly_fall": float(facts["ads_yearly_fall"][0]),
        "at_bound": bool(best.at_bound[0]),
        "ads_band": {"low": low - 1, "high": high - 1, "flat": high - low >= FLAT_BAND},
        "pool_overtakes_month": overtake or None,
        "pool_gain_after_horizon": runs and not overtake,
        "pool_gain_by_horizon": gains,
        "horizon_changes_verdict": len(signs) > 1,
        "switch_points": [{k: _plain(v) for k, v in s.items()} for s in switch],
    }


def _plain(value):
    if isinstance(value, (np.floating, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def evaluate(p: Profile, horizon: int | None = None, budget_shift: float | None = None,
             draws: int | None = None, seed: int = 0) -> dict:
    """Evaluate one profile. ``horizon`` and ``budget_shift`` override the profile's. With
    ``draws``, a Monte Carlo over the uncertain assumptions adds an ``uncertainty`` section."""
    from advisor.advice import facts as shop_facts
    from advisor.advice import rules, score
    from advisor.advice.rules.base import ShopInfo
    from advisor.model.assumptions import from_profiles
    from advisor.model.strategies import STRATEGIES, pool_gain_by_horizon, run
    from advisor.model.switch import switch_points

    a = from_profiles([p], horizon=horizon, budget_shift=budget_shift)
    months = int(a.horizon[0])
    outcome = run(a, months)
    switch = switch_points(a, months, outcome.decision)
    gains = pool_gain_by_horizon(a)
    uncertainty = None
    if draws:
        from advisor.model.uncertainty import simulate

        uncertainty = simulate(p, draws, seed, outcome.decision, horizon=horizon, budget_shift=budget_shift)
    facts = shop_facts.compute(a, outcome, months, switch=[switch], uncertainty=uncertainty,
                               outside=[p.outside_plausible()])
    overrides = {k: v for k, v in (("projection.horizon_months", horizon), ("pool.budget_shift", budget_shift))
                 if v is not None}
    result = {
        "model_version": MODEL_VERSION,
        "profile": p.source,
        "shop": {"name": p.name, "platform": p.platform, "category": p.category, "currency": p.currency},
        "today": {**today_dict(p), **customers_dict(facts)},
        "horizon_months": months,
        "strategies": {name: _strategy_dict(outcome[name], months) for name in STRATEGIES},
        "decision": decision_dict(outcome, switch, gains, facts),
        "assumptions": assumptions_dict(p, overrides),
        "recommendations": rules.evaluate(facts, [ShopInfo(p.category, p.currency)])[0],
        "health_score": int(score.health_score(facts)[0]),
    }
    if uncertainty is not None:
        result["uncertainty"] = uncertainty
    return result


def report(profiles: list[Profile], horizon: int | None = None, draws: int | None = None, seed: int = 0) -> list[dict]:
    """The consultant report's data: each shop's evaluation with its sensitivity (the tornado)
    under ``sensitivity``, in the order given."""
    return [{**evaluate(p, horizon=horizon, draws=draws, seed=seed), "sensitivity": sensitivity(p, horizon=horizon).data}
            for p in profiles]


class SensitivityRun(NamedTuple):
    """The sensitivity of one shop's plan, and the currency its money is in."""

    data: dict  # the --format json document
    currency: str


def sensitivity(p: Profile, horizon: int | None = None) -> SensitivityRun:
    from advisor.model.assumptions import from_profiles
    from advisor.model.strategies import decide
    from advisor.model.switch import switch_points
    from advisor.model.uncertainty import sensitivity as swing

    data = swing(p, horizon=horizon)
    a = from_profiles([p], horizon=horizon)
    months = int(a.horizon[0])
    data["switch_points"] = [{k: _plain(v) for k, v in s.items()} for s in switch_points(a, months, decide(a, months))]
    return SensitivityRun(data, p.currency)
