"""Invariants of the scalar reference for model version 2 (tests/reference_model.py)."""

import math

import pytest

from reference_model import CROWN, best_plan, decision, derive, project_one, value

SHOPS = {
    "crown": CROWN,
    "snacks": dict(
        CROWN,
        revenue=150000.0,
        order_value=60.0,
        repeat_share=0.55,
        variable_share=0.62,
        fixed_share=0.08,
        marketing_share=0.15,
        retention=0.9,
        referrals=0.04,
        member_cost=0.6,
        setup_cost=7500.0,
        operating_cost=3000.0,
    ),
    "own_channel": dict(
        CROWN,
        revenue=80000.0,
        order_value=120.0,
        repeat_share=0.35,
        organic_follows_sales=0.0,
        orders_on_platform=0.0,
        member_orders=0.3,
        member_churn=0.08,
        max_members=2000.0,
        membership_fee=2.0,
        setup_cost=4000.0,
        operating_cost=1600.0,
        member_cost=1.2,
    ),
    "no_ads": dict(CROWN, revenue=50000.0, marketing_share=0.0, elasticity=0.0),
    "no_repeat": dict(CROWN, revenue=90000.0, repeat_share=0.0, cac_growth=0.1),
}
KEYS = ("revenue", "profit", "members", "ad_spend", "platform_orders", "customers", "new_customers", "member_orders")


def close(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(abs(a), abs(b), 1.0)


@pytest.fixture(params=sorted(SHOPS))
def shop(request):
    return SHOPS[request.param]


def test_month_zero_reproduced_and_flat(shop):
    p = dict(shop, cac_growth=0.0, organic_growth=0.0)
    R0 = p["revenue"]
    flat = R0 * (1 - p["variable_share"] - p["fixed_share"] - p["marketing_share"])
    rows = project_one(p, 36, 1.0, False, False)
    for row in rows:
        assert close(row["revenue"], R0)
        assert close(row["profit"], flat)
        assert close(row["ad_spend"], p["marketing_share"] * R0)
        assert close(row["platform_orders"], R0 / p["order_value"])
        assert row["members"] == 0.0 and row["member_orders"] == 0.0


def test_taper_is_hold_without_cac_growth(shop):
    p = dict(shop, cac_growth=0.0, elasticity=max(shop["elasticity"], 0.3))
    for pool in (False, True):
        hold = project_one(p, 30, 0.7, False, pool)
        taper = project_one(p, 30, 0.7, True, pool)
        assert hold == taper


def test_members_bounded(shop):
    c = derive(shop)
    for a1, taper in ((0.0, False), (1.0, False), (2.0, True), (0.5, True)):
        rows = project_one(shop, 60, a1, taper, True)
        C_prev, joined = c["C0"], 0.0
        for row in rows:
            J = shop["join_rate"] * min(c["fp"], shop["retention"]) * C_prev
            joined += shop["join_rate"] * row["new_customers"] + J
            assert row["members"] >= 0.0 and row["customers"] >= 0.0
            assert row["members"] <= c["M_max"] + joined + 1e-9 * c["M_max"]
            C_prev = row["customers"]


def test_pool_off_has_no_members(shop):
    for row in project_one(shop, 24, 1.3, True, False):
        assert row["members"] == 0.0 and row["member_orders"] == 0.0


def test_ordinary_customers_who_cost_money_never_pay(shop):
    p = dict(
        shop,
        order_uplift=1.0,
        churn_ratio=1.0,
        acquisition_share=1.0,
        orders_on_platform=1.0,
        referrals=0.0,
        membership_fee=0.0,
        member_discount=0.05,
        member_orders=math.nan,
        member_churn=math.nan,
    )
    assert decision(p, step=0.05)["pool_gain"] <= 1e-6


def test_values_ordered_and_finite(shop):
    d = decision(shop, step=0.05)
    assert all(math.isfinite(x) for x in d.values())
    # best_mix (the better of the best pool plan and tuned ads) >= tuned >= platform ads; the best
    # pool plan alone may lose to tuned ads (pool_gain < 0: the pool does not pay).
    best_mix = max(d["value_best_pool"], d["value_tuned_ads"])
    assert best_mix >= d["value_tuned_ads"] >= d["value_platform_ads"]
    assert d["value_best_pool"] >= d["value_private_pool"]
    H = int(shop["horizon"])
    assert close(value(shop, H + 12, 1.0, False, False), d["value_platform_ads"])


def test_rows_have_the_interface_keys():
    rows = project_one(CROWN, 24, 1.0, False, True)
    assert len(rows) == 24 and all(tuple(r) == KEYS for r in rows)


def test_crown_figures():
    """Run with -s to see the figures to compare with the design's prototype."""
    for step in (0.05, 0.01):
        d = decision(CROWN, step)
        tuned, pool = best_plan(CROWN, False, step), best_plan(CROWN, True, step)
        rev24 = project_one(CROWN, 24, tuned[1], tuned[2], False)[-1]["revenue"]
        print(f"\ncrown step {step}: " + ", ".join(f"{k} {v:,.0f}" for k, v in d.items()))
        print(
            f"  tuned a1 {tuned[1]} taper {tuned[2]}; best pool a1 {pool[1]} taper {pool[2]}; tuned revenue month 24 {rev24:,.0f}"
        )
        assert all(math.isfinite(x) for x in d.values())
        assert d["ads_gain"] > 0 and 0 < tuned[1] < 1
