"""One ad figure on a screen, each gain credited to its cause (design.md section 5; issue 12):
the summary, the decision section and the tune-ads advice say the same about the ads, for every
shipped profile, every init template and the edge cases a reviewer found (no ad budget, a shop
of repeat buyers)."""

import pytest

from advisor.evaluation import evaluate
from advisor.i18n import Translator
from advisor.output.evaluation_text import decision_lines
from advisor.output.numbers import percent
from advisor.output.summary import decision_sentence
from advisor.profile.check import check_document
from advisor.profile.reader import parse_document
from advisor.profile.templates import TEMPLATES

from conftest import MINIMAL, PROFILES
from helpers import load

EN = Translator("en")


def _profile(text):
    doc, findings = parse_document(text, "x.yaml")
    profile, findings = check_document(doc, "x.yaml")
    assert profile is not None, findings
    return profile


def _template(name):
    f = TEMPLATES[name]
    return _profile("\n".join([
        "version: 1",
        f"shop: {{name: T, platform: {f['platform']}, category: {f['category']}}}",
        f"sales: {{monthly_revenue: {f['revenue']}, average_order_value: {f['aov']}, repeat_order_share: {f['repeat']}}}",
        f"costs: {{product: {f['product']}, marketing: {f['marketing']}, staff: {f['staff']}, "
        f"logistics: {f['logistics']}, platform_fees: {f['fees']}}}",
        f"ads: {{cac_growth_per_year: {f['growth']}}}",
        f"pool: {{join_rate: {f['join']}, order_uplift: {f['uplift']}}}",
    ]) + "\n")


CASES = ([load(p) for p in PROFILES] + [_template(name) for name in sorted(TEMPLATES)]
         + [_profile(MINIMAL.replace("marketing: 0.40", "marketing: 0.0")),
            _profile(MINIMAL.replace("average_order_value: 220}", "average_order_value: 220, repeat_order_share: 0.95}"))])


@pytest.mark.parametrize("profile", CASES, ids=[p.name + str(i) for i, p in enumerate(CASES)])
def test_the_ads_are_said_one_way(profile):
    result = evaluate(profile)
    d = result["decision"]
    verdict = d["ads_verdict"]
    sentence = decision_sentence(result, EN)
    section = " ".join(decision_lines(result, EN))
    tune = [r for r in result["recommendations"] if r.code == "tune-ads"]
    level = percent(1 + d["ad_budget_change"], 0)
    # the advice fires exactly when the verdict says to move
    assert bool(tune) == (verdict in ("change", "taper"))
    if verdict in ("keep", "none"):
        assert "start the ads at" not in sentence and "start paid acquisition" not in section
        assert "does about as well" not in section  # no band around a level nobody is told to take
    if verdict == "none":
        assert d["ads_gain"] == pytest.approx(0, abs=1e-6 * result["today"]["revenue"])
        assert "no ad budget today" in sentence
    if verdict == "change":
        assert f"at {level} of today" in sentence and f"at {level} of today" in section
        assert tune[0].variant != "taper"
        assert tune[0].evidence["ad_budget_level"].value == pytest.approx(1 + d["ad_budget_change"])
    if verdict == "taper":
        assert tune[0].variant == "taper" and "keep today's ad budget for now" in sentence
    # the plan's worth is the ads' part plus, with the pool, the pool's part
    expected = d["ads_gain"] + (d["pool_gain"] if d["runs_pool"] else 0.0)
    assert d["plan_gain"] == pytest.approx(expected, rel=1e-9, abs=1e-6)
    if tune:
        assert tune[0].evidence["plan_gain"].value == pytest.approx(d["plan_gain"])


def test_every_verdict_is_met_among_the_cases():
    verdicts = {evaluate(p)["decision"]["ads_verdict"] for p in CASES}
    assert {"none", "keep", "change"} <= verdicts


def test_the_batch_table_quotes_the_same_ad_figure_as_the_evaluation():
    from advisor.advice import ranking

    profiles = [load(p) for p in PROFILES]
    rows = list(ranking.score_profiles([(str(p), profile) for p, profile in zip(PROFILES, profiles)]))
    for profile, row in zip(profiles, rows):
        d = evaluate(profile)["decision"]
        expected = d["ad_budget_change"] if d["ads_verdict"] == "change" else 0.0
        assert row[ranking.INDEX["best_ad_budget_change"]] == pytest.approx(expected, abs=1e-9)
