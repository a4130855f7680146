"""The JSON Schema and `advisor validate` give the same verdict.

Every YAML fixture in tests (the files under tests/fixtures and the inline bad inputs), the
shipped profiles, the init templates and generated edge cases are judged twice: by
`advisor validate` (its exit code) and by the `jsonschema` library against `advisor schema`,
on the document as a YAML 1.2 reader (an editor, check-jsonschema) sees it. They must agree,
except where the validator refuses for a reason JSON Schema cannot express
(``schema.VALIDATOR_ONLY``: positions, duplicate keys, aliases, a range's order, a calendar
date, the checks across keys) -- and never the other way round.
"""

import json
import math

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.profile import fields as F
from advisor.profile.load import load_bytes
from advisor.profile.schema import CROSS_FIELD_MESSAGES, VALIDATOR_ONLY, build
from advisor.profile.templates import TEMPLATES

from cases import BAD_INPUTS
from conftest import MINIMAL, PROFILES, ROOT
from helpers import cli, yaml12_load

SCHEMA = build()
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
FIXTURES = sorted((ROOT / "tests").rglob("*.y*ml"))


def schema_verdict(raw: bytes) -> bool:
    """Valid for the schema, on the document as a YAML 1.2 reader loads it; a file that does not
    load (bad encoding, syntax, several documents, unknown tags) is invalid."""
    try:
        data = yaml12_load(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError, RecursionError, ValueError):
        return False
    return VALIDATOR.is_valid(data)


def validator_only(findings) -> bool:
    """Every error is one the schema cannot express."""
    errors = [f for f in findings if f.is_error]
    return bool(errors) and all(f.message_key in CROSS_FIELD_MESSAGES
                                or (f.rule in VALIDATOR_ONLY and f.rule != "out-of-range") for f in errors)


def assert_agree(raw: bytes, advisor_valid: bool) -> None:
    _, findings = load_bytes(raw, "case.yaml")
    schema_valid = schema_verdict(raw)
    if advisor_valid == schema_valid:
        return
    assert not advisor_valid and schema_valid, (
        "the schema refuses what advisor accepts: " + str(list(VALIDATOR.iter_errors(yaml12_load(raw.decode())))[:3]))
    assert validator_only(findings), [(f.rule, f.message_key) for f in findings if f.is_error]


def test_the_tests_have_yaml_fixtures():
    assert len(FIXTURES) >= 10


@pytest.mark.parametrize("path", FIXTURES + PROFILES, ids=[p.name for p in FIXTURES + PROFILES])
def test_schema_and_validate_agree_on_every_fixture_file(path):
    result = cli("validate", path, "--format", "json", "--isolated")
    assert result.exit_code in (0, 1), result.output
    assert_agree(path.read_bytes(), result.exit_code == 0)


@pytest.mark.parametrize("name,content", [(b[0], b[1]) for b in BAD_INPUTS], ids=[b[0] for b in BAD_INPUTS])
def test_schema_and_validate_agree_on_every_inline_fixture(tmp_path, name, content):
    raw = content if isinstance(content, bytes) else content.encode()
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(raw)
    result = cli("validate", path, "--format", "json", "--isolated")
    assert result.exit_code == 1  # every bad input is refused...
    assert_agree(raw, False)  # ...and the schema refuses it too, unless JSON Schema cannot say why


@pytest.mark.parametrize("template", sorted(TEMPLATES))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_schema_and_validate_agree_on_the_templates(tmp_path, template, lang):
    path = tmp_path / "shop.yaml"
    assert cli("init", path, "--template", template, "--lang", lang).exit_code == 0
    assert cli("validate", "--strict", path).exit_code == 0
    assert schema_verdict(path.read_bytes())


def replace(old, new):
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new, 1)


def add(section_line):
    return MINIMAL + section_line + "\n"


# (id, document, what advisor decides): edge cases at the borders of every kind of value
EDGE_CASES = [
    ("platform-capitalised", replace("platform: taobao", "platform: Douyin"), True),
    ("platform-upper-spaced", replace("platform: taobao", 'platform: "  TAOBAO "'), True),
    ("platform-alias", replace("platform: taobao", "platform: 淘宝"), True),
    ("platform-kelvin-sign", replace("platform: taobao", "platform: \u212auaishou"), False),
    ("platform-number", replace("platform: taobao", "platform: 12"), False),
    ("category-capitalised", replace("category: womenswear", "category: Cosmetics"), True),
    ("category-alias", replace("category: womenswear", "category: 女装"), True),
    ("currency-rmb", replace("womenswear}", "womenswear, currency: RMB}"), True),
    ("currency-lower", replace("womenswear}", "womenswear, currency: usd}"), True),
    ("currency-chinese", replace("womenswear}", "womenswear, currency: 人民币}"), False),
    ("currency-four-letters", replace("womenswear}", "womenswear, currency: CNYY}"), False),
    ("name-number", replace("name: Test shop", "name: 123"), True),
    ("name-true", replace("name: Test shop", "name: true"), False),
    ("name-empty", replace("name: Test shop", "name:"), False),
    ("yes-boolean", add("pool: {orders_on_platform: yes}"), False),
    ("true-boolean", add("pool: {orders_on_platform: true}"), True),
    ("exponent-in-range", replace("monthly_revenue: 600000", "monthly_revenue: 6e5"), True),
    ("exponent-too-large", replace("monthly_revenue: 600000", "monthly_revenue: 1e13"), False),
    ("nan", replace("monthly_revenue: 600000", "monthly_revenue: .nan"), False),
    ("nan-in-share", replace("product: 0.30", "product: .NaN"), False),
    ("infinity", replace("monthly_revenue: 600000", "monthly_revenue: .inf"), False),
    ("minus-infinity-rate", add("ads: {cac_growth_per_year: -.inf}"), False),
    ("infinity-unbounded", add("calibration: {orders: .inf}"), False),
    ("hex-integer", replace("average_order_value: 220", "average_order_value: 0xDC"), True),
    ("comma-number", replace("sales: {monthly_revenue: 600000, average_order_value: 220}",
                             'sales: {monthly_revenue: "600,000", average_order_value: 220}'), False),
    ("percent-share", replace("product: 0.30", 'product: "30%"'), True),
    ("percent-share-100", replace("product: 0.30", 'product: "100.0%"'), True),
    ("percent-share-over", replace("product: 0.30", 'product: "100.01%"'), False),
    ("percent-negative-zero", replace("product: 0.30", 'product: "-0%"'), True),
    ("percent-negative", replace("product: 0.30", 'product: "-1%"'), False),
    ("percent-leading-point", replace("product: 0.30", 'product: ".5%"'), True),
    ("percent-plus", replace("product: 0.30", 'product: "+5%"'), True),
    ("percent-exponent", replace("product: 0.30", 'product: "1e1%"'), False),
    ("percent-spaces", replace("product: 0.30", 'product: " 30 % "'), True),
    ("percent-nan", replace("product: 0.30", 'product: "nan%"'), False),
    ("percent-on-money", replace("average_order_value: 220", 'average_order_value: "20%"'), False),
    ("percent-rate-negative", add('ads: {cac_growth_per_year: "-50%"}'), True),
    ("percent-rate-too-negative", add('ads: {cac_growth_per_year: "-50.5%"}'), False),
    ("percent-rate-high", add('ads: {cac_growth_per_year: "300%"}'), True),
    ("percent-repeat-edge", replace("average_order_value: 220}", 'average_order_value: 220, repeat_order_share: "99%"}'), True),
    ("percent-repeat-over", replace("average_order_value: 220}",
                                    'average_order_value: 220, repeat_order_share: "99.1%"}'), False),
    ("share-as-percent-number", replace("marketing: 0.40", "marketing: 40"), False),
    ("share-exactly-one", replace("marketing: 0.40", "marketing: 1"), True),
    ("null-optional-key", replace("staff: 0.12", "staff: null"), True),
    ("null-optional-section", add("ads:\npool: ~"), True),
    ("null-required-key", replace("product: 0.30", "product: null"), False),
    ("null-version", replace("version: 1", "version:"), True),
    ("version-float", replace("version: 1", "version: 1.0"), True),
    ("version-text", replace("version: 1", 'version: "1"'), False),
    ("version-true", replace("version: 1", "version: true"), False),
    ("horizon-whole-float", add("projection: {horizon_months: 24.0}"), True),
    ("horizon-fraction", add("projection: {horizon_months: 24.5}"), False),
    ("range-percent-parts", add('pool: {join_rate: {low: "3%", mode: "6%", high: "10%"}}'), True),
    ("range-sd-wide", add("pool: {join_rate: {mean: 0.5, sd: 1}}"), True),
    ("range-sd-too-wide", add("pool: {join_rate: {mean: 0.5, sd: 1.5}}"), False),
    ("range-sd-percent", add('pool: {join_rate: {mean: 0.06, sd: "2%"}}'), True),
    ("range-null-part", add("pool: {join_rate: {low: null, high: 0.1}}"), False),
    ("range-reversed", add("pool: {join_rate: {low: 0.4, high: 0.1}}"), False),
    ("range-extra-key", add("pool: {join_rate: {low: 0.1, high: 0.4, mode: 0.2, sd: 1}}"), False),
    ("other-cost-percent", replace("platform_fees: 0.05}", 'platform_fees: 0.05, other: {returns: "5%"}}'), True),
    ("other-cost-fixed", replace("platform_fees: 0.05}",
                                 "platform_fees: 0.05, other: {rent: {share: 0.02, fixed: true}}}"), True),
    ("other-cost-null", replace("platform_fees: 0.05}", "platform_fees: 0.05, other: {rent: }}"), False),
    ("other-costs-null", replace("platform_fees: 0.05}", "platform_fees: 0.05, other: }"), True),
    ("misplaced-cost", replace("platform_fees: 0.05}", "platform_fees: 0.05, returns: 0.05}"), False),
    ("date-valid", add("calibration: {date: 2024-02-29}"), True),
    ("date-week-form", add("calibration: {date: 2024-W10-1}"), False),
    ("date-month-13", add("calibration: {date: 2024-13-01}"), False),
    ("date-not-leap", add("calibration: {date: 2023-02-29}"), False),
    ("calibrated-keys", add("calibration: {keys: [sales.monthly_revenue]}"), True),
    ("calibrated-unknown-key", add("calibration: {keys: [sales.nope]}"), False),
    ("organic-all", add("ads: {organic_share: 1}"), False),
    ("elasticity-open-bound", add("ads: {spend_elasticity: 1}"), False),
    ("cac-open-bound", add("ads: {customer_acquisition_cost: 0}"), False),
]


def test_enough_generated_edge_cases():
    assert len(EDGE_CASES) >= 20


@pytest.mark.parametrize("name,text,expected", EDGE_CASES, ids=[c[0] for c in EDGE_CASES])
def test_schema_and_validate_agree_on_edge_cases(tmp_path, name, text, expected):
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("validate", path, "--format", "json", "--isolated")
    assert result.exit_code == (0 if expected else 1), result.stdout
    assert_agree(text.encode(), expected)


# Random documents: every key of the format set to a value drawn from a pool of borderline ones.
VALUES = st.one_of(
    st.sampled_from(["0", "1", "-1", "0.5", "0.99", "1.0", "2", "40", "100", "120", "1e12", "1e13", ".nan", ".inf", "-.inf",
                     "yes", "true", "null", "~", '"30%"', '"-0%"', '"150%"', '"5 %"', '"x"', "Douyin", "淘宝", "cosmetics",
                     "CNY", "rmb", "2024-02-29", "2023-02-29", "[sales.monthly_revenue]", "{low: 0.1, high: 0.3}",
                     "{low: 0.3, high: 0.1}", "{mean: 0.1, sd: 0.05}", '{low: "10%", high: "20%"}', "{a: 1}", "0x10",
                     "24.0", "2.5", '"12"']),
    st.floats(min_value=-2, max_value=200, allow_nan=False).map(lambda x: f"{x:.4g}"),
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from([f.path for f in F.FIELDS if len(f.keys) == 2]), VALUES, max_size=4))
def test_schema_and_validator_agree_on_random_documents(changes):
    sections: dict = {}
    base = yaml12_load(MINIMAL)
    for section, values in base.items():
        if isinstance(values, dict):
            sections[section] = {key: json.dumps(value, ensure_ascii=False) for key, value in values.items()}
    for path, value in changes.items():
        section, key = path.split(".")
        sections.setdefault(section, {})[key] = value
    text = "version: 1\n" + "".join(f"{name}:\n" + "".join(f"  {k}: {v}\n" for k, v in body.items())
                                    for name, body in sections.items())
    profile, _ = load_bytes(text.encode(), "case.yaml")
    assert_agree(text.encode(), profile is not None)


def test_no_nan_gets_past_the_schema():
    assert not VALIDATOR.is_valid({**yaml12_load(MINIMAL), "sales": {"monthly_revenue": math.nan, "average_order_value": 1}})
