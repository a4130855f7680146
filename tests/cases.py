"""Shared test data: bad profile inputs, each with the rule and position it must be reported at."""

from advisor.profile.reader import MAX_BYTES

from conftest import MINIMAL


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
    ("deep-nesting", "a: " + "[" * 5000 + "]" * 5000, "yaml-too-deep", None),  # libyaml's own limit
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
    # tags whose value does not fit them, numbers no float holds: located findings, not exceptions
    ("bool-tag-value", replace("version: 1", "version: !!bool maybe"), "yaml-tag", (1, 10)),
    ("int-tag-empty", replace("version: 1", 'version: !!int ""'), "yaml-tag", (1, 10)),
    ("float-tag-bracket", replace("version: 1", "version: !!float ]"), "yaml-tag", (1, 10)),
    ("int-tag-0x", replace("version: 1", "version: !!int 0x"), "yaml-tag", (1, 10)),
    ("map-tag-on-text", replace("version: 1", "version: !!map x"), "yaml-tag", (1, 10)),
    ("int-tag-on-mapping", replace("shop: {", "shop: !!int {"), "yaml-tag", (2, 7)),
    ("int-309-digits", replace("monthly_revenue: 600000", "monthly_revenue: 1" + "0" * 309), "number-too-large", (3, 26)),
    ("int-5000-digits", replace("monthly_revenue: 600000", "monthly_revenue: 1" + "0" * 5000), "number-too-large", (3, 26)),
    # YAML 1.2 has no base-60 numbers: text where a number belongs, however long
    ("base-60-huge", MINIMAL + "projection:\n  horizon_months: " + ":".join(["1"] * 200) + "\n", "wrong-type", (6, 19)),
    ("base-60-long", MINIMAL + "projection:\n  horizon_months: " + ":".join(["1"] * 100_000) + "\n", "wrong-type", (6, 19)),
    ("float-overflow", replace("monthly_revenue: 600000", "monthly_revenue: 1e400"), "number-too-large", (3, 26)),
    ("control-character", replace("name: Test shop", "name: Test\x01shop"), "yaml-syntax", (2, 18)),
    ("control-character-line-3", replace("monthly_revenue: 600000", "monthly_revenue: 6\x7f"), "yaml-syntax", (3, 27)),
    ("deep-flow-mappings", "a: " + "{b: " * 3000, "yaml-too-deep", None),
    ("key-named-like-a-marker", MINIMAL + "__duplicate__: 1\n", "unknown-key", (5, 1)),
]


