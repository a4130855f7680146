"""evaluate, model version 2: the JSON contract of design.md 5a (validated against the shipped JSON
Schema) and the text report."""

import json
import pathlib

import pytest

from conftest import CROWN, MINIMAL, PROFILES, ROOT
from helpers import cli

SCHEMA = json.loads((ROOT / "advisor" / "output" / "evaluation.schema.json").read_text())
STRATEGIES = {"platform_ads", "tuned_ads", "private_pool", "best_mix"}


def evaluate_json(*args):
    result = cli("evaluate", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_output_schema_is_valid_draft7():
    import jsonschema

    jsonschema.Draft7Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", PROFILES, ids=[p.name for p in PROFILES])
def test_json_contract_for_every_shipped_profile(path):
    import jsonschema

    data = evaluate_json(path)
    jsonschema.validate(data, SCHEMA)
    assert data["model_version"] == 2
    assert set(data["strategies"]) == STRATEGIES
    for s in data["strategies"].values():
        assert len(s["months"]) == data["horizon_months"]
        assert s["value"] == pytest.approx(s["discounted_profit"] + s["terminal_value"])
    d, s = data["decision"], data["strategies"]
    # the pool is measured against tuned ads: never credited with the ad cut
    assert d["ads_gain"] == pytest.approx(s["tuned_ads"]["value"] - s["platform_ads"]["value"])
    if d["runs_pool"]:
        assert s["best_mix"]["value"] - s["tuned_ads"]["value"] == pytest.approx(d["pool_gain"])
    else:
        assert s["best_mix"]["value"] == s["tuned_ads"]["value"]
    assert s["best_mix"]["value"] >= s["tuned_ads"]["value"] - 1e-6 >= s["platform_ads"]["value"] - 2e-6
    assert d["ad_budget_change"] == pytest.approx(s["best_mix"]["ad_budget_change"])
    sources = {a["source"] for a in data["assumptions"].values()}
    assert {"profile", "default", "derived"} <= sources
    assert data["assumptions"]["pool.orders_per_member_per_month"]["source"] == "derived"


def test_json_with_draws_validates_too():
    import jsonschema

    data = evaluate_json(ROOT / "profiles" / "wechat-niche-snacks.yaml", "--draws", "300")
    jsonschema.validate(data, SCHEMA)
    assert "ads.cac_growth_per_year" in data["uncertainty"]["drawn_from_profile"]
    assert "pool.order_uplift" not in data["uncertainty"]["drawn_from_defaults"]  # pinned in the profile
    assert "ads.organic_share" in data["uncertainty"]["drawn_from_defaults"]


def test_flat_projection_with_no_growth_and_no_shift(write):
    path = write(MINIMAL + "ads: {cac_growth_per_year: 0, organic_growth_per_year: 0}\n")
    data = evaluate_json(path)
    today = data["today"]["net_margin"]
    for m in data["strategies"]["platform_ads"]["months"]:
        assert m["net_margin"] == pytest.approx(today, abs=1e-9)
        assert m["revenue"] == pytest.approx(600000)


def test_horizon_and_budget_shift_override():
    data = evaluate_json(CROWN, "--horizon", "36", "--budget-shift", "0.5")
    assert data["horizon_months"] == 36
    assert len(data["strategies"]["best_mix"]["months"]) == 36
    assert data["strategies"]["private_pool"]["ad_budget_change"] == pytest.approx(-0.5)
    assert data["assumptions"]["pool.budget_shift"] == {"value": 0.5, "source": "option"}


@pytest.mark.parametrize("flag,value", [("--horizon", "0"), ("--budget-shift", "1.5"), ("--horizon", "abc")])
def test_bad_override_is_a_usage_error(flag, value):
    result = cli("evaluate", CROWN, flag, value)
    assert result.exit_code == 2


def test_text_report_has_four_strategies_chart_and_decision():
    out = cli("evaluate", CROWN).stdout
    assert "Projection over 24 months" in out
    for name in ("Today's plan", "Tuned ads", "Your pool plan", "Best plan"):
        assert name in out
    assert "It is worth" in out and "against keeping today's plan" in out and "The decision" in out
    assert "It would pay if" in out  # the switch point


def test_crown_decision_matches_the_design(tmp_path):
    d = evaluate_json(CROWN)["decision"]
    assert -0.7 <= d["ad_budget_change"] <= -0.5 and d["ad_budget_tapers"]
    assert d["ads_gain"] > 0.7e6 and d["pool_gain"] < 0 and not d["runs_pool"]
    uplift = next(s for s in d["switch_points"] if s["assumption"] == "pool.order_uplift")
    assert uplift["switch_at"] > 3 and uplift["inside_plausible"] is False and uplift["verdict_holds_above"]


def test_a_pool_of_ordinary_customers_gets_no_build_advice(write):
    path = write(MINIMAL + "pool: {order_uplift: 1.0, churn_ratio: 1.0, referrals_per_member_per_month: 0,"
                           " membership_fee_per_month: 0}\n")
    data = evaluate_json(path)
    assert data["decision"]["pool_gain"] <= 0
    assert "build-private-pool" not in [r["code"] for r in data["recommendations"]]


def test_schema_ships_with_the_package():
    import advisor.output

    assert (pathlib.Path(advisor.output.__file__).parent / "evaluation.schema.json").is_file()
