"""Profile loading and validation: every bad input becomes findings with positions, never a crash."""

import math

import pytest

from advisor import profile
from advisor.yamlsafe import MAX_BYTES

from conftest import MINIMAL


def findings_of(text, name="shop.yaml"):
    loaded, findings = profile.load_bytes(text if isinstance(text, bytes) else text.encode(), name)
    return loaded, findings


def errors(text):
    loaded, findings = findings_of(text)
    errs = [f for f in findings if f.is_error]
    assert loaded is None or not errs
    return [(f.rule, f.line, f.column) for f in errs]


def replace(old, new):
    assert old in MINIMAL
    return MINIMAL.replace(old, new)


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b]\n"

# (id, content, expected rule, expected (line, column) or None)
BAD_INPUTS = [
    ("malformed-yaml", "shop: {name: x\nsales: [1, 2\n", "yaml-syntax", None),
    ("bad-indent", "shop:\n  name: x\n bad: 1\n", "yaml-syntax", None),
    ("empty", "", "empty-file", (1, 1)),
    ("only-comments", "# nothing\n", "empty-file", (1, 1)),
    ("binary", b"\x00\x01\x02shop", "binary-file", (1, 1)),
    ("not-utf8", b"shop:\n  name: \xff\xfe\n", "not-utf8", (2, 9)),
    ("huge", b"a: " + b"x" * (MAX_BYTES + 10), "file-too-large", None),
    ("alias-bomb", BILLION_LAUGHS, "yaml-alias", None),
    ("alias", MINIMAL + "ads: &x {spend_elasticity: 0.3}\npool: *x\n", "yaml-alias", None),
    ("deep-nesting", "a: " + "[" * 5000 + "]" * 5000, None, None),
    ("deep-block-nesting", "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n", "yaml-too-deep", None),
    ("python-tag", "shop: !!python/object/apply:os.system ['echo hi']\n", "yaml-tag", (1, 7)),
    ("custom-tag", MINIMAL.replace("name: Test shop", "name: !secret x"), "yaml-tag", (2, 14)),
    ("two-documents", MINIMAL + "---\n" + MINIMAL, "yaml-multiple-documents", None),
    ("list-not-mapping", "- 1\n- 2\n", "not-a-mapping", (1, 1)),
    ("scalar-not-mapping", "hello\n", "not-a-mapping", (1, 1)),
    ("wrong-type", replace("monthly_revenue: 600000", "monthly_revenue: lots"), "wrong-type", (3, 26)),
    ("bool-as-number", replace("product: 0.30", "product: yes"), "wrong-type", (4, 18)),
    ("nan", replace("product: 0.30", "product: .nan"), "not-finite", (4, 18)),
    ("infinity", replace("monthly_revenue: 600000", "monthly_revenue: .inf"), "not-finite", (3, 26)),
    ("negative", replace("staff: 0.12", "staff: -0.12"), "negative", (4, 48)),
    ("zero-revenue", replace("monthly_revenue: 600000", "monthly_revenue: 0"), "out-of-range", (3, 26)),
    ("share-over-one", replace("marketing: 0.40", "marketing: 40"), "share-range", (4, 35)),
    ("share-over-100", replace("marketing: 0.40", "marketing: 400"), "out-of-range", (4, 35)),
    ("bad-percent", replace("marketing: 0.40", 'marketing: "forty%"'), "wrong-type", (4, 35)),
    ("unknown-key", replace("staff: 0.12", "staf: 0.12"), "unknown-key", (4, 41)),
    ("unknown-section", MINIMAL + "poool: {join_rate: 0.1}\n", "unknown-key", (5, 1)),
    ("duplicate-key", MINIMAL + "costs: {product: 0.5}\n", "duplicate-key", (5, 1)),
    ("duplicate-nested", replace("product: 0.30", "product: 0.30, product: 0.31"), "duplicate-key", (4, 24)),
    ("missing-section", "shop: {name: x}\nsales: {monthly_revenue: 1, average_order_value: 1}\n", "missing-key", (1, 1)),
    ("missing-key", replace("product: 0.30, ", ""), "missing-key", (4, 1)),
    ("section-not-mapping", replace("costs: {product: 0.30, marketing: 0.40, staff: 0.12, logistics: 0.08, platform_fees: 0.05}", "costs: 7"), "wrong-type", None),
    ("unknown-version", replace("version: 1", "version: 2"), "unknown-version", (1, 10)),
    ("unknown-platform", replace("platform: taobao", "platform: taobaoo"), "unknown-choice", (2, 35)),
    ("unknown-category", replace("category: womenswear", "category: robots"), "unknown-choice", (2, 53)),
    ("bad-currency", replace("category: womenswear}", "category: womenswear, currency: yuan}"), "bad-currency", None),
    ("range-reversed", MINIMAL + "pool: {join_rate: {low: 0.4, high: 0.1}}\n", "bad-range", (5, 19)),
    ("range-bad-form", MINIMAL + "pool: {join_rate: {min: 0.1, max: 0.4}}\n", "bad-range", (5, 19)),
    ("range-on-fact", replace("monthly_revenue: 600000", "monthly_revenue: {low: 1, high: 2}"), "wrong-type", (3, 26)),
    ("horizon-fraction", MINIMAL + "projection: {horizon_months: 2.5}\n", "wrong-type", (5, 30)),
    ("horizon-absurd", MINIMAL + "projection: {horizon_months: 100000}\n", "out-of-range", (5, 30)),
    ("retention-one", MINIMAL + "ads: {customer_retention_per_month: 1}\n", "out-of-range", None),
    ("other-cost-bad", replace("platform_fees: 0.05}", "platform_fees: 0.05, other: {rent: {share: 0.1, fixed: maybe}}}"), "wrong-type", None),
    ("complex-key", "? [a, b]\n: 1\n", "yaml-complex-key", None),
]


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
    loaded, findings = findings_of(replace("marketing: 0.40", "marketing: 40"))
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
    loaded, findings = findings_of(MINIMAL + "pool: {join_rate: {low: 0.1, high: 0.3}, monthly_churn: {low: 0.02, mode: 0.03, high: 0.1}}\n")
    assert findings == []
    assert loaded["pool.join_rate"] == pytest.approx(0.2)
    assert loaded["pool.monthly_churn"] == pytest.approx(0.03)
    assert loaded.ranges["pool.join_rate"].form == "uniform"


def test_costs_over_100_is_a_warning_not_an_error():
    loaded, findings = findings_of(replace("product: 0.30", "product: 0.50"))
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
    assert loaded.variable_share == pytest.approx(0.30 + 0.08 + 0.05 + 0.05)
    assert loaded.fixed_share == pytest.approx(0.12 + 0.02)


def test_unreadable_paths_are_findings(tmp_path):
    for path, key in ((tmp_path, "is-a-directory"), (tmp_path / "missing.yaml", "file-not-found")):
        loaded, findings = profile.read_file(str(path))
        assert loaded is None and findings[0].message_key == key


@pytest.mark.parametrize("path", ["taobao-womenswear-crown.yaml"])
def test_crown_net_margin_is_about_zero(path):
    from conftest import ROOT

    loaded = profile.load(str(ROOT / "profiles" / path))
    from advisor.pnl import today

    assert math.isclose(today(loaded).net_margin, 0.0, abs_tol=1e-12)
