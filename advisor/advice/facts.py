"""The figures every recommendation and the health score read, for many shops at once.

Pure numpy: every fact is an array over shops (switch points, one list per shop). All rules read
this one set, built from the model's decision, so no two pieces of advice can disagree: there is
one ad figure (the best plan's), one overtake month, one pool verdict. Nothing is added to the
facts anywhere else.
"""

from __future__ import annotations

import numpy as np

from advisor.model.assumptions import Assumptions
from advisor.model.strategies import Outcome
from advisor.profile import figures

_NO_SWITCH: dict = {}

POOL_MATERIAL_GAIN = 0.005
"""The pool's gain is material when it is at least 0.5% of the horizon's revenue: a smaller gain is
within the noise of the assumptions, and the advice says the pool about breaks even rather than
recommending it outright."""


TUNE_MIN_GAIN_SHARE = 0.01
"""Tuning the ads is worth saying when it adds more than 1% of the horizon's revenue in value;
less is within the noise of the assumptions."""


def ads_verdict(ads_gain, horizon_revenue, marketing_share, best) -> np.ndarray:
    """What the ads should do, per shop -- the one verdict every report and the tune-ads advice
    say: ``none`` (no ad budget today: nothing to tune), ``keep`` (tuning is worth under 1% of the
    horizon's revenue), ``taper`` (today's level is within the best plan's band, but the best plan
    lets it fall) or ``change`` (start at the best plan's level)."""
    today_in_band = (best.band_low <= 1) & (1 <= best.band_high)
    return np.where(marketing_share <= 0, "none",
                    np.where(ads_gain <= TUNE_MIN_GAIN_SHARE * horizon_revenue, "keep",
                             np.where(today_in_band & best.taper, "taper", "change")))


def _pool_switches(switch: list | None, n: int) -> np.ndarray:
    """Each shop's nearest pool switch point (a batch computes none: every shop has none)."""
    out = np.empty(n, dtype=object)
    if switch is None:
        out[:] = [_NO_SWITCH] * n
    else:
        out[:] = [_nearest(points, "pool") for points in switch]
    return out


def _nearest(points: list[dict], verdict: str) -> dict:
    """The switch point of ``verdict`` nearest its assumed value (relative to the plausible
    range's width), among those the search found; an empty dict when there is none."""
    found = [s for s in points if s["verdict"] == verdict and s["switch_at"] is not None]
    if not found:
        return _NO_SWITCH

    def distance(s):
        low, high = s["plausible_range"]
        return abs(s["switch_at"] - s["assumed"]) / max(high - low, 1e-12)

    return min(found, key=distance)


def compute(a: Assumptions, outcome: Outcome, months: int, switch: list | None = None,
            uncertainty: dict | None = None, outside: list | None = None) -> dict:
    """All facts, one array per name, shaped like the shops.

    ``switch``: each shop's switch points (evaluate computes them; a batch does not).
    ``uncertainty``: one shop's Monte Carlo summary. ``outside``: per shop, the assumptions the
    profile pins outside their plausible range.
    """
    n = a.shops
    revenue = np.asarray(a.revenue, dtype=float)
    aov = np.asarray(a.order_value, dtype=float)
    v = np.asarray(a.variable_share, dtype=float)
    m = np.asarray(a.marketing_share, dtype=float)
    r0 = np.asarray(a.repeat_share, dtype=float)
    horizon = np.asarray(a.horizon)
    c = outcome.calibration
    d = outcome.decision
    s = outcome.strategies
    ads, tuned, mix = s["platform_ads"].projection, s["tuned_ads"].projection, s["best_mix"].projection
    best = d.best()
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        cac = figures.implied_cac(revenue, aov, r0, m, np.asarray(a.organic_share, dtype=float),
                                  np.asarray(a.acquisition_share, dtype=float))
        # a bought customer's lifetime contribution: the first order, then repeat orders (net of
        # the ads that re-buy them) while they stay, discounted (docs/recommendations.md)
        list_margin = aov * (1 - v)
        rho, i, fp, u = np.asarray(a.retention, dtype=float), c.i[:, 0], c.fp[:, 0], c.u[:, 0]
        lifetime = list_margin + fp * (list_margin - u) * rho / (1 + i - rho)
        marginal_cac = cac / (1 - np.asarray(a.elasticity, dtype=float))
        end_revenue = mix.at_horizon(mix.revenue) / revenue
    today_margin = figures.net_margin(v, m, np.asarray(a.fixed_share, dtype=float))
    end_margin_best = mix.at_horizon(mix.margin)
    facts = {
        "revenue": revenue,
        "order_value": aov,
        "repeat_share": r0,
        "marketing_share": m,
        "net_margin": today_margin,
        "contribution_margin": figures.contribution_margin(v),
        "break_even_roas": figures.break_even_roas(v),
        "cac": cac,
        "marginal_cac": marginal_cac,
        "paid_customer_value": lifetime,
        "cac_growth": np.asarray(a.cac_growth, dtype=float),
        "bought_share": np.where(c.A0[:, 0] > 0, 1 - np.asarray(a.organic_share, dtype=float), 0.0),
        "horizon": horizon,
        "horizon_revenue": revenue * horizon,
        # the ads verdict: one ad figure, the best plan's
        "ads_verdict": ads_verdict(d.ads_gain, revenue * horizon, m, best),
        "plan_gain": np.maximum(d.tuned.value, d.pooled.value) - d.platform_value,
        "ads_gain": d.ads_gain,
        "ad_budget_change": best.a1 - 1,
        "ad_budget_change_without_pool": d.tuned.a1 - 1,
        "ads_band_low": best.band_low - 1,
        "ads_band_high": best.band_high - 1,
        "ads_at_bound": best.at_bound,
        "ads_taper": best.taper,
        "ads_yearly_fall": np.where(best.taper, 1 - c.tau[:, 0] ** 12, 0.0),
        # the pool verdict
        "pool_gain": d.pool_gain,
        "runs_pool": d.runs_pool,
        "pool_material": d.runs_pool & (d.pool_gain >= POOL_MATERIAL_GAIN * revenue * horizon),
        "overtake_month": outcome.overtake_month,
        # where each plan leads
        "end_margin_platform_ads": ads.at_horizon(ads.margin),
        "end_margin_tuned_ads": tuned.at_horizon(tuned.margin),
        "end_margin_best_mix": end_margin_best,
        "end_profit_best_mix": mix.at_horizon(mix.profit),
        "end_revenue_ratio_best_mix": end_revenue,
        "first_loss_month": _first_loss_month(ads),
        "value_platform_ads": d.platform_value,
        "value_tuned_ads": d.tuned.value,
        "value_best_mix": np.maximum(d.tuned.value, d.pooled.value),
        "pool_switch": _pool_switches(switch, n),
        "outside_plausible": np.array([list(x) for x in (outside or [[]] * n)] + [None], dtype=object)[:-1],
    }
    if uncertainty is not None:  # one shop
        facts["probability_pool_pays"] = np.array([uncertainty["probability_pool_pays"]])
        facts["probability_tuning_pays"] = np.array([uncertainty["probability_tuning_pays"]])
        facts["draws"] = np.array([uncertainty["draws"]])
        facts["drawn_from_defaults"] = np.array([len(uncertainty["drawn_from_defaults"])])
        facts["value_tuned_ads_p10"] = np.array([uncertainty["strategies"]["tuned_ads"]["value"]["p10"]])
    return facts


def _first_loss_month(p) -> np.ndarray:
    loss = (p.profit < 0) & p.month_mask
    return np.where(loss.any(axis=-1), np.argmax(loss, axis=-1) + 1, 0)
