"""Writing measured keys into a profile's text (every other byte kept), and the profile format's
``calibration`` section: validation, ``Profile.calibrated``, the schema."""

import datetime
import json

import jsonschema
import pytest
import yaml

from advisor.calibrate.profile_text import Editor, calibration_lines
from advisor.calibration import updated_profile
from advisor.profile.load import load_text
from advisor.profile.reader import parse_document
from advisor.profile.schema import dumps

from conftest import CROWN, MINIMAL

MEASURED = {"sales.monthly_revenue": 217179, "sales.average_order_value": 189.24, "sales.repeat_order_share": 0.584,
            "ads.customer_retention_per_month": 0.808}


def edit(text, values, mark=None, section=None):
    doc, findings = parse_document(text, "x.yaml", ends=True)
    assert doc is not None, findings
    editor = Editor(text, doc)
    for key, value in values.items():
        editor.set(key, value, mark)
    if section:
        editor.set_section("calibration", section)
    return editor.result()


def changed_lines(before, after):
    return [line for line in after.splitlines() if line not in before.splitlines()]


def test_values_change_in_place_and_comments_keep_their_column():
    text = CROWN.read_text()
    new = edit(text, MEASURED)
    assert changed_lines(text, new) == ["  monthly_revenue: 217179        # net of refunds",
                                        "  average_order_value: 189.24    # a typical mid-price dress or coat order",
                                        "  repeat_order_share: 0.584",
                                        "  customer_retention_per_month: 0.808"]
    assert len(new.splitlines()) == len(text.splitlines())


def test_a_longer_value_still_leaves_a_space_before_the_comment():
    assert edit("sales:\n  monthly_revenue: 1 # note\n", {"sales.monthly_revenue": 123456789}) == \
        "sales:\n  monthly_revenue: 123456789 # note\n"


@pytest.mark.parametrize("before,after", [
    ("ads:\n  customer_retention_per_month:\n    low: 0.8\n    high: 0.9\n  cac_growth_per_year: 0.2\n",
     "ads:\n  customer_retention_per_month: 0.808\n  cac_growth_per_year: 0.2\n"),
    ("ads:\n  customer_retention_per_month: {low: 0.8, high: 0.9}  # a guess\n",
     "ads:\n  customer_retention_per_month: 0.808" + " " * 18 + "# a guess\n"),  # the comment keeps its column
    ('ads:\n  customer_retention_per_month: "85%"\n', "ads:\n  customer_retention_per_month: 0.808\n"),
    ("ads: {cac_growth_per_year: 0.2, customer_retention_per_month: 0.85}\n",
     "ads: {cac_growth_per_year: 0.2, customer_retention_per_month: 0.808}\n"),
    ("ads: {cac_growth_per_year: 0.2}  # flow\n",
     "ads: {cac_growth_per_year: 0.2, customer_retention_per_month: 0.808}  # flow\n"),
    ("ads: {}\n", "ads: {customer_retention_per_month: 0.808}\n"),
    ("ads:\n  cac_growth_per_year: 0.2   # why\n  # a note about pool\npool:\n  join_rate: 0.1\n",
     "ads:\n  cac_growth_per_year: 0.2   # why\n  customer_retention_per_month: 0.808\n"
     "  # a note about pool\npool:\n  join_rate: 0.1\n"),
    ("ads:\n    cac_growth_per_year: 0.2\n", "ads:\n    cac_growth_per_year: 0.2\n    customer_retention_per_month: 0.808\n"),
    ("ads:   # nothing yet\npool: {}\n", "ads:   # nothing yet\n  customer_retention_per_month: 0.808\npool: {}\n"),
    ("pool: {}\n", "pool: {}\nads:\n  customer_retention_per_month: 0.808\n"),
    ("pool: {}", "pool: {}\nads:\n  customer_retention_per_month: 0.808\n"),
], ids=["block-range", "flow-range", "percent", "flow-section", "flow-insert", "empty-flow", "block-insert",
        "four-spaces", "null-section", "missing-section", "no-final-newline"])
def test_edits(before, after):
    new = edit(before, {"ads.customer_retention_per_month": 0.808})
    assert new == after
    assert yaml.safe_load(new)["ads"]["customer_retention_per_month"] == 0.808


def test_crlf_stays_crlf():
    text = "ads:\r\n  cac_growth_per_year: 0.2\r\n"
    assert edit(text, {"ads.customer_retention_per_month": 0.8}) == text + "  customer_retention_per_month: 0.8\r\n"


def test_marked_values():
    assert edit("sales:\n  repeat_order_share: 0.2   # typical\n", {"sales.repeat_order_share": 0.5}, "measured") == \
        "sales:\n  repeat_order_share: 0.5   # measured\n"
    assert edit("ads:\n  x: 1\n", {"ads.y": 2}, "measured") == "ads:\n  x: 1\n  y: 2  # measured\n"


SECTION = calibration_lines("a.csv, b.csv", "2024-05-01", list(MEASURED), 1000, 600, 12.5, "note")


def test_the_calibration_section_is_appended_then_replaced_in_place():
    text = MINIMAL + "projection: {horizon_months: 24}  # keep\n"
    once = edit(text, {}, section=SECTION)
    assert once.startswith(text) and once.endswith("  months: 12.5\n")
    again = edit(once, {}, section=calibration_lines("c.csv", "2024-06-01", ["sales.monthly_revenue"], 5, 4, 1, "note"))
    assert again.startswith(text) and again.count("calibration:") == 1 and 'source: "c.csv"' in again
    moved = once.replace("projection: {horizon_months: 24}  # keep\n", "") + "projection: {horizon_months: 24}  # keep\n"
    assert edit(moved, {}, section=SECTION) == moved


def test_updated_profile_keeps_a_byte_order_mark(tmp_path):
    path = tmp_path / "shop.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + CROWN.read_bytes())
    result = {"measured": MEASURED, "currency": "CNY", "files": [{"file": "/x/orders.csv"}],
              "quality": {"orders": 10, "customers": 5}, "period": {"months": 3.0}}
    text, block = updated_profile(str(path), result, datetime.date(2024, 5, 1))
    assert text.startswith("\ufeff# yaml-language-server") and text.count("\ufeff") == 1
    assert len(changed_lines(CROWN.read_text(), text[1:])) == 4 + len(SECTION) + 1
    assert [c["old"] for c in block["changes"]] == [600000, 220, 0.2, 0.85]
    assert 'source: "orders.csv"' in text and 'date: "2024-05-01"' in text


KEYS = "keys: [sales.monthly_revenue, sales.average_order_value]"
CALIBRATED = MINIMAL + f"calibration:\n  source: orders.csv\n  date: 2024-05-01\n  {KEYS}\n"


def test_calibrated_keys_reach_the_profile():
    profile, findings = load_text(CALIBRATED, "x.yaml")
    assert findings == [] and profile.calibrated == {"sales.monthly_revenue", "sales.average_order_value"}
    assert load_text(MINIMAL, "x.yaml")[0].calibrated == frozenset()


@pytest.mark.parametrize("change,rule,message_key", [
    ((KEYS, "keys: sales.monthly_revenue"), "wrong-type", "wrong-type-list"),
    (("sales.average_order_value]", "sales.repeat_share]"), "unknown-key", "unknown-calibrated-key-hint"),
    (("sales.average_order_value]", "shop.name]"), "unknown-key", "unknown-calibrated-key"),
    (("sales.average_order_value]", "calibration.orders]"), "unknown-key", "unknown-calibrated-key"),
    (("date: 2024-05-01", "date: 2024-13-01"), "bad-date", "bad-date"),
    (("date: 2024-05-01", "date: May 1st"), "bad-date", "bad-date"),
    (("source: orders.csv", "sourse: orders.csv"), "unknown-key", "unknown-key-hint"),
])
def test_bad_calibration_sections(change, rule, message_key):
    profile, findings = load_text(CALIBRATED.replace(*change), "x.yaml")
    assert profile is None
    assert [(f.rule, f.message_key) for f in findings] == [(rule, message_key)]


def test_a_listed_key_the_profile_does_not_set_is_a_warning():
    profile, findings = load_text(CALIBRATED.replace("sales.average_order_value]", "sales.repeat_order_share]"), "x.yaml")
    assert profile.calibrated == {"sales.monthly_revenue"}
    assert [(f.severity, f.rule, f.line) for f in findings] == [("warning", "calibrated-key-not-set", 8)]


def test_schema_and_validator_agree_on_the_calibration_section():
    schema = json.loads(dumps())
    good = yaml.safe_load(CALIBRATED.replace("date: 2024-05-01", 'date: "2024-05-01"') + "  orders: 10\n  months: 2.5\n")
    jsonschema.validate(good, schema, cls=jsonschema.Draft7Validator)
    for bad in (CALIBRATED.replace("sales.average_order_value]", "shop.name]"),
                CALIBRATED.replace(KEYS, "keys: x"),
                CALIBRATED + "  orders: -1\n"):
        data = yaml.safe_load(bad.replace("date: 2024-05-01", 'date: "2024-05-01"'))
        assert not jsonschema.Draft7Validator(schema).is_valid(data)
        assert load_text(bad, "x.yaml")[0] is None
