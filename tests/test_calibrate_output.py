"""What ``advisor calibrate`` prints: text that fits the terminal in English and Chinese, and JSON
with the same figures whatever the language."""

import json
import re

import pytest
from rich.cells import cell_len

from advisor.i18n.en import MESSAGES as EN
from advisor.i18n.zh import MESSAGES as ZH

from conftest import ROOT
from helpers import cli
from make_exports import Shop, simulate, write_exports

JSON_KEYS = {"files", "platform", "currency", "period", "quality", "figures", "second_order", "monthly", "cohorts",
             "seasonality", "warnings", "measured"}


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    sim = simulate(Shop(new_per_month=40, months=20, seed=11))
    return write_exports(sim, tmp_path_factory.mktemp("out"), "taobao", "utf-8")


@pytest.fixture(scope="module")
def small_export(tmp_path_factory):
    sim = simulate(Shop(new_per_month=10, months=8, seed=12))
    return write_exports(sim, tmp_path_factory.mktemp("small"), "shopify", "utf-8")


def test_text_shows_figures_quality_and_cohorts(export):
    result = cli("calibrate", *export)
    assert result.exit_code == 0, result.output
    out = result.stdout
    for text in ("Figures for the profile", "Monthly retention, fitted", "ads.customer_retention_per_month",
                 "Data quality", "Enough data (>= 500 customers, >= 180 days)  yes", "Retention by first-order month",
                 "First order  Customers", "+1", "Second orders: a median"):
        assert text in out, text
    assert max(cell_len(line) for line in out.splitlines()) <= 100  # COLUMNS=100 in the tests


def test_the_cohort_table_shrinks_with_the_terminal(export):
    wide = cli("calibrate", *export, env={"COLUMNS": "140"}).stdout
    narrow = cli("calibrate", *export, env={"COLUMNS": "60"}).stdout
    assert "+11" in wide and "+11" not in narrow and "+5" in narrow
    assert max(cell_len(line) for line in narrow.splitlines() if line.startswith("20")) <= 60


def test_chinese_text(export):
    out = cli("calibrate", *export, "--lang", "zh").stdout
    for text in ("档案数据", "月留存率（拟合）", "数据质量", "按首单月份的留存", "首单月份", "淘宝"):
        assert text in out, text


def test_json_is_the_same_in_both_languages_but_the_words(export):
    en = json.loads(cli("calibrate", *export, "--format", "json").stdout)
    zh = json.loads(cli("calibrate", *export, "--format", "json", "--lang", "zh").stdout)
    assert set(en) == JSON_KEYS
    assert en["figures"] == zh["figures"] and en["cohorts"] == zh["cohorts"] and en["measured"] == zh["measured"]
    assert [w["code"] for w in en["warnings"]] == [w["code"] for w in zh["warnings"]]
    assert set(en["measured"]) == {"sales.monthly_revenue", "sales.average_order_value", "sales.repeat_order_share",
                                   "ads.customer_retention_per_month"}
    assert isinstance(en["measured"]["sales.monthly_revenue"], int)
    assert en["quality"]["key_reliability"] == "exact" and en["currency"] == "CNY"
    assert en["cohorts"][0]["active"][0] == 1.0


def test_what_cannot_be_measured_is_left_out_with_a_warning(small_export):
    result = cli("calibrate", *small_export, "--format", "json")
    data = json.loads(result.stdout)
    assert data["figures"]["retention_per_month"] is None and data["figures"]["repeat_order_share"] is None
    assert set(data["measured"]) == {"sales.monthly_revenue", "sales.average_order_value"}
    warning = next(w for w in data["warnings"] if w["code"] == "not-enough-data")
    assert warning["message"].startswith(f"{data['quality']['customers']} customers over")
    text = cli("calibrate", *small_export).stdout
    assert re.search(r"Monthly retention, fitted +left out", text) and "Warnings" in text
    assert "the bar Klaviyo sets" in text and data["currency"] == "USD" and "$" in text


def test_every_warning_and_problem_has_words_in_both_languages():
    source = "".join(p.read_text() for p in [*(ROOT / "advisor" / "calibrate").glob("*.py"), ROOT / "advisor" / "calibration.py"])
    warnings = set(re.findall(r'"code": "([a-z-]+)"', source))
    rules_only = {"export-" + p for p in ("layout", "unreadable", "format", "currency")}
    problems = set(re.findall(r'"(export-[a-z-]+)"', source)) - rules_only
    problems |= {f"export-{p}" for p in ("money", "negative", "date", "date-mixed", "date-order-mixed", "date-order-unknown")}
    assert len(warnings) >= 10 and len(problems) >= 15
    for key in [f"calib.warn.{w}" for w in warnings] + [f"finding.{p}" for p in problems]:
        assert key in EN and key in ZH, key
