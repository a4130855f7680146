"""Monte Carlo and sensitivity: every unpinned assumption is drawn, percentiles are ordered, a
pinned shop collapses to the deterministic result, seeds reproduce byte for byte, probabilities
compare plan values, and the sensitivity re-plans for every swing."""

import json

import numpy as np
import pytest

from advisor.evaluation import evaluate
from advisor.model.uncertainty import sampled_assumptions, sensitivity
from advisor.profile import fields as F

from conftest import CROWN, MINIMAL, ROOT
from helpers import cli, load

SNACKS = ROOT / "profiles" / "wechat-niche-snacks.yaml"
RANGED = MINIMAL + """\
ads: {cac_growth_per_year: {low: 0.05, mode: 0.2, high: 0.4}, customer_retention_per_month: {mean: 0.85, sd: 0.05}}
pool: {join_rate: {low: 0.03, high: 0.1}, churn_ratio: {low: 0.5, high: 1.0}}
"""


def quantiles(section):
    for s in section["strategies"].values():
        for key in ("value", "total_profit", "discounted_profit", "end_net_margin"):
            yield s[key]["p10"], s[key]["p50"], s[key]["p90"]
        m = s["monthly_net_margin"]
        yield from zip(m["p10"], m["p50"], m["p90"])


def test_percentiles_are_ordered(write):
    u = evaluate(load(write(RANGED)), draws=3000, seed=3)["uncertainty"]
    assert all(p10 <= p50 <= p90 for p10, p50, p90 in quantiles(u))
    for key in ("probability_pool_pays", "probability_tuning_pays", "probability_best_mix_beats_platform"):
        assert 0 <= u[key] <= 1


def test_ranging_one_input_still_draws_every_other_guess(write):
    """Issue 12: a profile that ranges only CAC growth must not report the pool's inputs as certain."""
    p = load(write(MINIMAL + "ads: {cac_growth_per_year: {low: 0.1, high: 0.3}}\n"))
    u = evaluate(p, draws=400, seed=1)["uncertainty"]
    assert u["drawn_from_profile"] == ["ads.cac_growth_per_year"]
    for path in ("pool.order_uplift", "pool.churn_ratio", "pool.join_rate", "ads.organic_share",
                 "ads.acquisition_share", "pool.monthly_operating_cost"):
        assert path in u["drawn_from_defaults"]


def test_plain_numbers_stay_points_and_measured_figures_pin_their_ratio(write):
    p = load(write(MINIMAL + "pool: {order_uplift: 1.4, monthly_churn: 0.05}\n"))
    _, drawn = sampled_assumptions(p, 10, 0)
    paths = {f.path for f, _, _ in drawn}
    assert "pool.order_uplift" not in paths  # pinned by the profile
    assert "pool.churn_ratio" not in paths  # stands in for the measured churn the profile gives


def test_a_fully_pinned_shop_collapses_to_the_deterministic_result(write):
    pinned = {f.path: f.default if not isinstance(f.default, (tuple, F.ByChannel)) else None
              for f in F.FIELDS if f.plausible is not None}
    lines = {"ads": [], "pool": [], "costs": []}
    for path in pinned:
        section, key = path.split(".")
        value = {"pool.setup_cost": 30000, "pool.monthly_operating_cost": 12000, "pool.cost_per_member_per_month": 2.2,
                 "ads.organic_follows_sales": 0.5}.get(path, pinned[path])
        lines[section].append(f"{key}: {value}")
    text = MINIMAL.replace("platform_fees: 0.05}", "platform_fees: 0.05, " + ", ".join(lines["costs"]) + "}")
    text += "ads: {" + ", ".join(lines["ads"]) + "}\npool: {" + ", ".join(lines["pool"]) + "}\n"
    result = evaluate(load(write(text)), draws=50, seed=1)
    u = result["uncertainty"]
    assert u["drawn_from_defaults"] == [] and u["drawn_from_profile"] == []
    for name, s in result["strategies"].items():
        for key in ("value", "total_profit", "end_net_margin"):
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
    p = load(write(MINIMAL + "ads: {customer_retention_per_month: {mean: 0.9, sd: 0.2}}\n"))
    a, _ = sampled_assumptions(p, 5000, seed=0)
    assert np.all(a.retention >= 0) and np.all(a.retention <= 0.99) and a.retention.std() > 0


def test_the_pool_advice_states_its_probability(write):
    from advisor.i18n import Translator
    from advisor.output.recommendations import localize

    result = evaluate(load(SNACKS), draws=1000, seed=0)
    rec = next(r for r in result["recommendations"] if r.code in ("build-private-pool", "pool-not-yet"))
    assert rec.values()["probability_pool_pays"] == result["uncertainty"]["probability_pool_pays"]
    assert rec.values()["draws"] == 1000
    assert "draws" in localize(rec, Translator("en"), "CNY")["advice"]


def test_text_shows_the_plan_beside_the_median_and_what_was_drawn():
    out = cli("evaluate", SNACKS, "--draws", "500").stdout
    assert "assumptions drawn from their documented ranges" in out
    assert "Plan" in out and "P50" in out
    assert "pays on top of tuned ads in" in out


def test_sensitivity_swings_facts_too_and_replans():
    result = sensitivity(load(CROWN))
    paths = [r["assumption"] for r in result["assumptions"]]
    for path in ("sales.repeat_order_share", "sales.average_order_value", "costs.product", "costs.marketing",
                 "pool.order_uplift", "ads.organic_share"):
        assert path in paths
    effects = [r["effect"] for r in result["assumptions"]]
    assert effects == sorted(effects, reverse=True) and effects[0] > 0
    retention = next(r for r in result["assumptions"] if r["assumption"] == "ads.customer_retention_per_month")
    assert (retention["low"], retention["high"]) == (0.75, 0.93)  # its plausible range, not +/-20%
    elasticity = next(r for r in result["assumptions"] if r["assumption"] == "ads.spend_elasticity")
    assert elasticity["value_at_low"] != elasticity["value_at_high"]  # re-planned: no zero effect


def test_sensitivity_cli_text_and_json():
    text = cli("sensitivity", CROWN)
    assert text.exit_code == 0 and "Where the verdicts turn" in text.stdout
    data = json.loads(cli("sensitivity", CROWN, "--format", "json").stdout)
    assert data["assumptions"] and data["switch_points"]
    assert data["baseline_value"] == pytest.approx(
        json.loads(cli("evaluate", CROWN, "--format", "json").stdout)["strategies"]["best_mix"]["value"])
