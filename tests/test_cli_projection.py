"""evaluate with the projection: the JSON contract of design.md 5a and the text report."""

import json

import pytest

from conftest import CROWN, MINIMAL, PROFILES
from helpers import cli

MONTH_KEYS = {"month", "revenue", "profit", "net_margin", "members"}
STRATEGY_KEYS = {"budget_shift", "runs_pool", "months", "total_profit", "discounted_profit"}


def evaluate_json(*args):
    result = cli("evaluate", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("path", PROFILES, ids=[p.name for p in PROFILES])
def test_json_contract_for_every_shipped_profile(path):
    data = evaluate_json(path)
    assert {"revenue", "net_margin", "shares", "break_even_roas"} <= set(data["today"])
    assert set(data["strategies"]) == {"platform_ads", "private_pool", "best_mix"}
    for s in data["strategies"].values():
        assert STRATEGY_KEYS <= set(s)
        assert isinstance(s["runs_pool"], bool) and 0 <= s["budget_shift"] <= 1
        assert len(s["months"]) == data["horizon_months"]
        assert all(MONTH_KEYS <= set(m) for m in s["months"])
        assert all(isinstance(m["profit"], float) for m in s["months"])
    overtake = data["pool_overtakes_ads_month"]
    assert overtake is None or (isinstance(overtake, int) and 1 <= overtake <= data["horizon_months"])
    best = data["strategies"]["best_mix"]["discounted_profit"]
    assert best >= data["strategies"]["platform_ads"]["discounted_profit"] - 1e-6
    assert best >= data["strategies"]["private_pool"]["discounted_profit"] - 1e-6


def test_flat_projection_with_no_growth_and_no_shift(write):
    path = write(MINIMAL + "ads: {cac_growth_per_year: 0}\npool: {budget_shift: 0}\n")
    data = evaluate_json(path)
    today = data["today"]["net_margin"]
    for m in data["strategies"]["platform_ads"]["months"]:
        assert m["net_margin"] == pytest.approx(today, abs=1e-9)


def test_horizon_and_budget_shift_override():
    data = evaluate_json(CROWN, "--horizon", "36", "--budget-shift", "0.5")
    assert data["horizon_months"] == 36
    assert len(data["strategies"]["best_mix"]["months"]) == 36
    assert data["strategies"]["private_pool"]["budget_shift"] == 0.5


@pytest.mark.parametrize("flag,value", [("--horizon", "0"), ("--budget-shift", "1.5"), ("--horizon", "abc")])
def test_bad_override_is_a_usage_error(flag, value):
    result = cli("evaluate", CROWN, flag, value)
    assert result.exit_code == 2


def test_text_report_has_projection_chart_and_overtake():
    out = cli("evaluate", CROWN).stdout
    assert "Projection over 24 months" in out
    assert "Monthly net margin" in out and "×" in out and "●" in out
    assert "overtakes platform ads in month 3" in out
    assert "Best mix: move" in out
