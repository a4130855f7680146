"""Monte Carlo and sensitivity: ordered percentiles, collapse to the deterministic result,
reproducible seeds, and a ranking that finds the one uncertain assumption."""

import json

import numpy as np
import pytest

from advisor.evaluation import evaluate
from advisor.model.uncertainty import sensitivity

from conftest import MINIMAL, ROOT
from helpers import cli, load

SNACKS = ROOT / "profiles" / "wechat-niche-snacks.yaml"
RANGED = MINIMAL + """\
ads: {cac_growth_per_year: {low: 0.05, mode: 0.2, high: 0.4}, customer_retention_per_month: {mean: 0.85, sd: 0.05}}
pool: {join_rate: {low: 0.05, high: 0.2}, monthly_churn: {low: 0.02, high: 0.1}}
"""


def quantiles(section):
    for s in section["strategies"].values():
        for key in ("total_profit", "discounted_profit", "end_net_margin"):
            yield s[key]["p10"], s[key]["p50"], s[key]["p90"]
        m = s["monthly_net_margin"]
        yield from zip(m["p10"], m["p50"], m["p90"])


def test_percentiles_are_ordered(write):
    u = evaluate(load(write(RANGED)), draws=3000, seed=3)["uncertainty"]
    assert all(p10 <= p50 <= p90 for p10, p50, p90 in quantiles(u))
    assert 0 <= u["probability_pool_beats_ads"] <= 1


def test_collapsed_ranges_equal_the_deterministic_result(write):
    collapsed = MINIMAL + """\
ads: {cac_growth_per_year: {low: 0.2, high: 0.2}, customer_retention_per_month: {mean: 0.85, sd: 0}}
pool: {join_rate: {low: 0.1, mode: 0.1, high: 0.1}}
"""
    result = evaluate(load(write(collapsed)), draws=50, seed=1)
    u = result["uncertainty"]
    for name, s in result["strategies"].items():
        for key in ("total_profit", "discounted_profit", "end_net_margin"):
            q = u["strategies"][name][key]
            assert q["p10"] == pytest.approx(s[key], rel=1e-12, abs=1e-6)
            assert q["p90"] == pytest.approx(s[key], rel=1e-12, abs=1e-6)


def test_same_seed_same_bytes_different_seed_differs(write):
    path = write(RANGED)
    a = cli("evaluate", path, "--draws", "500", "--seed", "7", "--format", "json").stdout
    b = cli("evaluate", path, "--draws", "500", "--seed", "7", "--format", "json").stdout
    c = cli("evaluate", path, "--draws", "500", "--seed", "8", "--format", "json").stdout
    assert a == b and a != c
    assert json.loads(a)["uncertainty"]["seed"] == 7
    text_a = cli("evaluate", path, "--draws", "500", "--seed", "7").stdout
    assert text_a == cli("evaluate", path, "--draws", "500", "--seed", "7").stdout


def test_normal_draws_stay_inside_the_valid_domain(write):
    from advisor.model.uncertainty import sampled_assumptions

    p = load(write(MINIMAL + "pool: {monthly_churn: {mean: 0.01, sd: 0.2}}\n"))
    a = sampled_assumptions(p, 5000, seed=0)
    assert np.all(a.churn >= 0) and np.all(a.churn <= 1) and a.churn.std() > 0


def test_pool_recommendation_states_its_probability(write):
    result = evaluate(load(write(RANGED)), draws=1000, seed=0)
    from advisor.i18n import Translator
    from advisor.output.recommendations import localize

    (rec,) = [r for r in result["recommendations"] if r.code == "build-private-pool"]
    assert 0 <= rec.values()["probability_pays"] <= 1 and rec.values()["draws"] == 1000
    assert "draws" in localize(rec, Translator("en"), "CNY")["advice"]


def test_sensitivity_puts_the_only_uncertain_assumption_first(write):
    # every single-number assumption swings +/-20%; churn is given a wide range
    path = write(MINIMAL + "pool: {monthly_churn: {low: 0.01, high: 0.5}}\n")
    result = sensitivity(load(path))
    rows = result["assumptions"]
    assert rows[0]["assumption"] == "pool.monthly_churn" and rows[0]["source"] == "range"
    assert rows[0]["profit_at_low"] > rows[0]["profit_at_high"]
    assert all(r["swing"] >= s["swing"] for r, s in zip(rows, rows[1:]))
    assert "pool.budget_shift" not in {r["assumption"] for r in rows}


def test_sensitivity_cli_text_and_json():
    result = cli("sensitivity", SNACKS)
    assert result.exit_code == 0 and "Measure" in result.stdout
    data = json.loads(cli("sensitivity", SNACKS, "--format", "json").stdout)
    assert data["assumptions"][0]["swing"] >= data["assumptions"][-1]["swing"]


def test_evaluate_text_shows_band_chart():
    out = cli("evaluate", SNACKS, "--draws", "300").stdout
    assert "P10" in out and "░" in out and "P50 line" in out
