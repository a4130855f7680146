"""Profile loading and validation: every bad input becomes findings with positions, never a crash."""

import math

import pytest

from advisor.profile.load import load_bytes, read_file

from cases import BAD_INPUTS, replace
from conftest import MINIMAL
from helpers import load


def findings_of(text, name="shop.yaml"):
    loaded, findings = load_bytes(text if isinstance(text, bytes) else text.encode(), name)
    return loaded, findings


def errors(text):
    loaded, findings = findings_of(text)
    errs = [f for f in findings if f.is_error]
    assert loaded is None or not errs
    return [(f.rule, f.line, f.column) for f in errs]


@pytest.mark.parametrize("name,content,rule,position", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_reported_with_position(name, content, rule, position):
    loaded, findings = findings_of(content)
    assert loaded is None
    errs = [f for f in findings if f.is_error]
    assert errs, "an invalid profile must produce at least one error"
    if rule is not None:
        assert rule in {f.rule for f in errs}, errs
    if position is not None:
        match = [f for f in errs if f.rule == rule]
        assert (match[0].line, match[0].column) == position


def test_share_over_one_suggests_percent():
    _loaded, findings = findings_of(replace("marketing: 0.40", "marketing: 40"))
    (f,) = [f for f in findings if f.rule == "share-range"]
    assert f.params["percent"] == "40"


def test_unknown_key_suggests_the_close_one():
    _, findings = findings_of(replace("staff: 0.12", "staf: 0.12"))
    (f,) = findings
    assert f.message_key == "unknown-key-hint" and f.params["hint"] == "staff"


def test_five_mistakes_reported_at_once():
    text = MINIMAL.replace("marketing: 0.40", "marketing: 40").replace("staff: 0.12", "staf: 0.12")
    text = text.replace("average_order_value: 220", "average_order_value: -5")
    text = text.replace("platform: taobao", "platform: ebay")
    text += "pool: {join_rate: .nan}\n"
    rules = errors(text)
    assert sorted(r[0] for r in rules) == sorted(["share-range", "unknown-key", "negative", "unknown-choice", "not-finite"])
    assert len({(line, col) for _, line, col in rules}) == 5


def test_percent_strings_and_aliases():
    text = replace("marketing: 0.40", 'marketing: "40%"').replace("category: womenswear", "category: 女装")
    loaded, findings = findings_of(text)
    assert findings == []
    assert loaded["costs.marketing"] == pytest.approx(0.40)
    assert loaded.category == "womenswear"


def test_defaults_scale_with_the_shop():
    loaded, _ = findings_of(MINIMAL)
    assert loaded["pool.setup_cost"] == pytest.approx(0.05 * 600000)
    assert loaded["pool.monthly_operating_cost"] == pytest.approx(0.02 * 600000)
    assert loaded["pool.referral_reward"] == pytest.approx(0.05 * 220)
    assert loaded["ads.cac_growth_per_year"] == 0.20
    assert loaded["projection.horizon_months"] == 24


def test_ranges_use_their_midpoint_and_are_kept():
    ranges = "pool: {join_rate: {low: 0.1, high: 0.3}, monthly_churn: {low: 0.02, mode: 0.03, high: 0.1}}\n"
    loaded, findings = findings_of(MINIMAL + ranges)
    assert findings == []
    assert loaded["pool.join_rate"] == pytest.approx(0.2)
    assert loaded["pool.monthly_churn"] == pytest.approx(0.03)
    assert loaded.ranges["pool.join_rate"].form == "uniform"


def test_costs_over_100_is_a_warning_not_an_error():
    loaded, findings = findings_of(replace("product: 0.30", "product: 0.40"))
    assert loaded is not None
    assert [f.rule for f in findings] == ["costs-over-100"]
    assert not findings[0].is_error


def test_high_repeat_share_warns():
    loaded, findings = findings_of(replace("average_order_value: 220", "average_order_value: 220, repeat_order_share: 0.95"))
    assert loaded is not None and "repeat-share-high" in [f.rule for f in findings]


def test_other_costs_fixed_and_variable():
    text = replace("platform_fees: 0.05}", "platform_fees: 0.05, other: {returns: 0.05, rent: {share: 0.02, fixed: true}}}")
    loaded, findings = findings_of(text)
    assert not [f for f in findings if f.is_error]
    # staff is 30% variable by default (customer service and packing grow with orders)
    assert loaded.variable_share == pytest.approx(0.30 + 0.08 + 0.05 + 0.05 + 0.3 * 0.12)
    assert loaded.fixed_share == pytest.approx(0.7 * 0.12 + 0.02)


def test_unreadable_paths_are_findings(tmp_path):
    for path, key in ((tmp_path, "is-a-directory"), (tmp_path / "missing.yaml", "file-not-found")):
        loaded, findings = read_file(str(path))
        assert loaded is None and findings[0].message_key == key


@pytest.mark.parametrize("path", ["taobao-womenswear-crown.yaml"])
def test_crown_net_margin_is_about_zero(path):
    from conftest import ROOT

    loaded = load(ROOT / "profiles" / path)
    from advisor.model.pnl import today

    assert math.isclose(today(loaded).net_margin, 0.0, abs_tol=1e-12)
