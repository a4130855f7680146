"""The projection and the decision, version 2: the vectorised model against the independent scalar
reference (tests/reference_model.py), and the invariants of design.md section 4."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from advisor.model.assumptions import Assumptions, from_profiles
from advisor.model.pnl import today
from advisor.model.projection import project
from advisor.model.strategies import decide, pool_gain_by_horizon, run, stack

from conftest import CROWN, PROFILES
from helpers import load
from reference_model import best_plan, project_one, value

FIELDS = list(Assumptions._fields)

PARAMS = {
    "revenue": st.floats(1e3, 1e7), "order_value": st.floats(5, 5000),
    "repeat_share": st.one_of(st.just(0.0), st.floats(1e-6, 0.9)),
    "variable_share": st.floats(0.05, 0.9), "platform_fee_share": st.floats(0, 0.05), "fixed_share": st.floats(0, 0.4),
    "marketing_share": st.one_of(st.just(0.0), st.floats(1e-3, 0.6)), "acquisition_share": st.floats(0.3, 1),
    "organic_share": st.floats(0, 0.95), "organic_growth": st.floats(-0.3, 0.2), "organic_follows_sales": st.floats(0, 1),
    "cac_growth": st.floats(-0.3, 1.0), "elasticity": st.one_of(st.just(0.0), st.floats(0.01, 0.9)),
    "retention": st.floats(0.3, 0.97),
    "budget_shift": st.floats(0, 1), "join_rate": st.floats(0, 0.5), "order_uplift": st.floats(0.5, 4),
    "churn_ratio": st.floats(0.1, 3), "member_orders": st.one_of(st.just(math.nan), st.floats(0, 2)),
    "member_churn": st.one_of(st.just(math.nan), st.floats(0.01, 1)), "orders_on_platform": st.sampled_from([0.0, 1.0]),
    "member_discount": st.floats(0, 0.3), "referrals": st.floats(0, 0.3),
    "max_members": st.one_of(st.just(math.nan), st.floats(1, 1e6)), "referral_reward": st.floats(0, 50),
    "membership_fee": st.floats(0, 20), "setup_cost": st.floats(0, 1e5), "operating_cost": st.floats(0, 2e4),
    "member_cost": st.floats(0, 10), "discount_rate": st.floats(0, 0.5), "horizon": st.integers(1, 60),
}
shops = st.fixed_dictionaries(PARAMS)


def arrays(params_list):
    return Assumptions(**{name: np.array([p[name] for p in params_list]) for name in FIELDS})


def crown():
    return from_profiles([load(CROWN)])


@settings(max_examples=60, deadline=None)
@given(shops, st.floats(0, 2), st.booleans(), st.booleans(), st.integers(0, 24))
def test_vectorised_equals_the_scalar_reference(p, a1, taper, pool, extra_months):
    months = p["horizon"] + extra_months
    got = project(arrays([p]), months, [[a1]], [[float(taper)]], pool, record=True)
    rows = project_one(p, months, a1, taper, pool)
    for t, row in enumerate(rows):
        for name, mine in (("revenue", got.revenue), ("members", got.members), ("ad_spend", got.ad_spend),
                           ("customers", got.customers)):
            assert mine[0, 0, t] == pytest.approx(row[name], rel=1e-9, abs=1e-6)
        # profit is a difference of large terms: compare at the scale of the month's revenue
        assert got.profit[0, 0, t] == pytest.approx(row["profit"], rel=1e-9, abs=1e-9 * (p["revenue"] + row["revenue"]))
    scale = 1e-9 * p["revenue"] * max(1, p["horizon"]) * 10
    assert got.value[0, 0] == pytest.approx(value(p, months, a1, taper, pool), rel=1e-9, abs=scale)


def test_month_zero_reproduces_the_pnl_and_stays_flat():
    p = load(CROWN)
    a = from_profiles([p]).replace(cac_growth=[0.0], organic_growth=[0.0])
    got = project(a, 36, [[1.0]], [[0.0]], False, record=True)
    t = today(p)
    assert got.revenue[0, 0] == pytest.approx(np.full(36, t.revenue), rel=1e-12)
    assert got.profit[0, 0] == pytest.approx(np.full(36, t.net_profit), abs=1e-6 * t.revenue)
    assert got.ad_spend[0, 0] == pytest.approx(np.full(36, p["costs.marketing"] * t.revenue), rel=1e-12)


@settings(max_examples=25, deadline=None)
@given(shops)
def test_without_cac_growth_the_tuned_plan_holds_its_level(p):
    p = dict(p, cac_growth=0.0)
    d = decide(arrays([p]), p["horizon"])
    a = arrays([p])
    held = project(a, p["horizon"], [[d.tuned.a1[0]]], [[0.0]], False).value[0, 0]
    assert held == pytest.approx(d.tuned.value[0], rel=1e-12, abs=1e-6)


@settings(max_examples=25, deadline=None)
@given(shops, st.floats(0.0, 0.5))
def test_dearer_traffic_never_raises_todays_plan(p, more):
    """Whenever a returning customer brings more than the ads that re-buy them cost (otherwise fewer
    customers are better, and validation warns: rebuy-over-margin)."""
    from advisor.model.projection import calibrate

    c = calibrate(arrays([p]))
    assume(float(c.u[0, 0]) <= p["order_value"] * (1 - p["variable_share"]))
    low = arrays([p])
    high = arrays([dict(p, cac_growth=p["cac_growth"] + more)])
    v_low = project(low, p["horizon"], [[1.0]], [[0.0]], False).value[0, 0]
    v_high = project(high, p["horizon"], [[1.0]], [[0.0]], False).value[0, 0]
    assert v_high <= v_low + 1e-6 * p["revenue"]


@settings(max_examples=40, deadline=None)
@given(shops, st.floats(0, 2), st.booleans(), st.floats(1.01, 3))
def test_more_member_churn_never_raises_pool_profit(p, a1, taper, factor):
    """Whenever a member's monthly contribution net of its cost is positive (docs/model.md)."""
    p = dict(p, member_churn=math.nan, referrals=0.0)
    a = arrays([p])
    from advisor.model.projection import calibrate

    c = calibrate(a)
    member_margin = (c.price_m - c.unit_m) * c.f_m + p["membership_fee"] - p["member_cost"]
    assume(float(member_margin[0, 0]) > 0)
    base = project(a, p["horizon"], [[a1]], [[float(taper)]], True).discounted_profit[0, 0]
    faster = project(a.replace(churn_ratio=[p["churn_ratio"] * factor]), p["horizon"], [[a1]], [[float(taper)]],
                     True).discounted_profit[0, 0]
    assert faster <= base + 1e-6 * p["revenue"]


@settings(max_examples=30, deadline=None)
@given(st.lists(shops, min_size=1, max_size=5))
def test_values_are_ordered_best_mix_tuned_platform(params):
    a = arrays(params)
    outcome = run(a, max(p["horizon"] for p in params))
    v = {name: s.projection.value for name, s in outcome.strategies.items()}
    tol = 1e-6 * a.revenue
    assert np.all(v["best_mix"] >= v["tuned_ads"] - tol)
    assert np.all(v["tuned_ads"] >= v["platform_ads"] - tol)
    assert np.all(outcome.decision.pooled.value >= outcome.decision.private_pool_value - tol)


@settings(max_examples=30, deadline=None)
@given(shops, st.floats(0.2, 1.0), st.floats(1.0, 3.0))
def test_a_pool_of_ordinary_customers_who_cost_money_never_pays(p, uplift, churn):
    p = dict(p, order_uplift=uplift, churn_ratio=churn, acquisition_share=1.0, orders_on_platform=1.0, referrals=0.0,
             membership_fee=0.0, member_orders=math.nan, member_churn=math.nan)
    d = decide(arrays([p]), p["horizon"])
    assert d.pool_gain[0] <= 1e-6 * p["revenue"]
    assert not d.runs_pool[0]


@settings(max_examples=30, deadline=None)
@given(shops, st.floats(0, 2), st.booleans(), st.integers(1, 120))
def test_customers_and_members_never_negative_and_members_capped(p, a1, taper, months):
    p = dict(p, horizon=min(p["horizon"], months))
    rows = project_one(p, months, a1, taper, True)
    got = project(arrays([p]), months, [[a1]], [[float(taper)]], True, record=True)
    assert np.all(got.customers >= 0) and np.all(got.members >= 0)
    from reference_model import derive

    c = derive(p)
    invited = 0.0
    customers_before = c["C0"]
    for t, row in enumerate(rows):
        # members that joined by invitation this month: j n_t + J_t (J_t from last month's base)
        joined = p["join_rate"] * min(c["fp"], p["retention"]) * customers_before
        invited += p["join_rate"] * row["new_customers"] + joined
        customers_before = row["customers"]
        assert got.members[0, 0, t] <= c["M_max"] + invited + 1e-6 * (1 + c["M_max"])


@pytest.mark.parametrize("path", PROFILES, ids=[p.stem for p in PROFILES])
def test_the_search_finds_at_least_a_fine_brute_force(path):
    a = from_profiles([load(path)])
    d = decide(a, int(a.horizon[0]))
    p = {name: float(getattr(a, name)[0]) for name in FIELDS}
    p["horizon"] = int(a.horizon[0])
    for pool, found in ((False, d.tuned), (True, d.pooled)):
        reference, _, _ = best_plan(p, pool, step=0.02)
        assert found.value[0] >= reference - 1e-6 * p["revenue"]


@settings(max_examples=6, deadline=None)
@given(shops)
def test_the_search_is_within_a_ten_thousandth_of_a_brute_force_in_steps_of_a_hundredth(p):
    p = dict(p, horizon=min(p["horizon"], 24))
    d = decide(arrays([p]), p["horizon"])
    for pool, found in ((False, d.tuned), (True, d.pooled)):
        reference, _, _ = best_plan(p, pool, step=0.01)
        assert found.value[0] >= reference - 2e-4 * (abs(reference) + p["revenue"])


def test_a_shops_result_does_not_depend_on_its_batch():
    """To the last bit: the same shop alone, with the shipped ones, or among 100 copies."""
    shops_ = [load(path) for path in PROFILES]
    together = run(from_profiles(shops_), 24)
    crowd = run(from_profiles(shops_ * 20), 24)
    for i, p in enumerate(shops_):
        alone = run(from_profiles([p]), 24)
        for other, k in ((together, i), (crowd, i + 5 * 7)):
            assert other.decision.tuned.a1[k] == alone.decision.tuned.a1[0]
            assert other.decision.pool_gain[k] == alone.decision.pool_gain[0]
            for name in ("platform_ads", "tuned_ads", "private_pool", "best_mix"):
                mine, theirs = alone[name].projection, other[name].projection
                assert np.array_equal(mine.profit[0], theirs.profit[k])
                assert mine.margin_over(12)[0] == theirs.margin_over(12)[k]


def test_the_combined_and_separate_kernels_agree():
    """Few shops are searched in one pass of the pool kernel; many with the plain kernel too."""
    from advisor.model import strategies

    a = stack(*[from_profiles([load(path)]) for path in PROFILES])
    combined = decide(a, 24)
    saved = strategies.COMBINED_SHOPS
    strategies.COMBINED_SHOPS = 0
    try:
        separate = decide(a, 24)
    finally:
        strategies.COMBINED_SHOPS = saved
    assert np.allclose(combined.tuned.value, separate.tuned.value, rtol=1e-12)
    assert np.allclose(combined.pooled.value, separate.pooled.value, rtol=1e-12)
    assert np.array_equal(combined.tuned.a1, separate.tuned.a1)


def test_crown_against_the_design_prototype():
    """design.md section 4: tuned ads start near 45% of today's acquisition budget and taper,
    worth about 0.77M over two years; revenue falls to about 170k and month-24 profit is slightly
    negative; the pool does not pay (about -0.19M) unless members order ~3.4x as often. Our
    equations differ in details docs/model.md records, so the figures are bands, not points."""
    outcome = run(crown(), 24)
    d = outcome.decision
    assert 0.3 <= d.tuned.a1[0] <= 0.5 and d.tuned.taper[0]
    assert 0.7e6 <= d.ads_gain[0] <= 1.0e6
    tuned = outcome["tuned_ads"].projection
    assert 140_000 <= tuned.revenue[0, 23] <= 190_000
    assert -30_000 <= tuned.profit[0, 23] < 0
    assert -0.35e6 <= d.pool_gain[0] <= -0.1e6 and not d.runs_pool[0]


def test_pool_gain_by_horizon_reuses_the_decision():
    a = crown()
    gains = pool_gain_by_horizon(a)
    assert gains.shape == (1, 3)
    assert gains[0, 1] == pytest.approx(decide(a, 24).pool_gain[0], rel=1e-9)


KNOWN_HORIZON_FLIPS = {"wechat-niche-snacks": (True, True)}
"""Shipped profiles whose pool verdict is recorded on purpose: the snack shop's pool only just pays
at 24 months (and does not at 12: the output says so), docs/model.md."""


@pytest.mark.parametrize("path", PROFILES, ids=[p.stem for p in PROFILES])
def test_the_verdict_is_stable_from_24_to_60_months(path):
    gains = pool_gain_by_horizon(from_profiles([load(path)]), (24, 60))[0]
    verdict = (bool(gains[0] > 0), bool(gains[1] > 0))
    assert verdict == KNOWN_HORIZON_FLIPS.get(path.stem, (verdict[0], verdict[0]))
