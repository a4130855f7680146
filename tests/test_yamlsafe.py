"""The hardened reader agrees with PyYAML on every scalar it accepts (and reads YAML 1.2 numbers
such as ``1e6``, which PyYAML's YAML 1.1 leaves as text), and refuses what it must."""

import math
import re

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.profile.reader import parse_document

number_like = st.one_of(
    st.from_regex(r"\A[-+]?[0-9_]{1,6}(\.[0-9_]{0,4})?([eE][-+]?[0-9]{1,2})?\Z", fullmatch=True),
    st.from_regex(r"\A[-+]?\.[0-9]{1,4}\Z", fullmatch=True),
    st.sampled_from(["0x1f", "0o17", "017", "1:20", "1_000", ".nan", ".inf", "-.inf", "yes", "no", "on", "off",
                     "true", "False", "null", "~", "", "2024-01-01", "30%", "1e5", "1.5e+3"]),
)


YAML12_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+\Z")


@settings(max_examples=300, deadline=None)
@given(number_like)
def test_plain_scalars_match_pyyaml(text):
    source = f"a: {text}\n"
    try:
        expected = yaml.safe_load(source)["a"]
    except yaml.YAMLError:
        return
    if isinstance(expected, str) and YAML12_FLOAT.match(text):
        expected = float(text)  # YAML 1.2 (and a CSV cell) read it as a number
    doc, findings = parse_document(source, "x.yaml")
    assert findings == []
    got = doc.data["a"]
    if isinstance(expected, float) and math.isnan(expected):
        assert isinstance(got, float) and math.isnan(got)
    elif hasattr(expected, "isoformat"):  # timestamps stay text for the validator to reject
        assert got == text
    else:
        assert got == expected and type(got) is type(expected)


def test_positions_are_one_based():
    doc, _ = parse_document("shop:\n  name: x\n", "x.yaml")
    assert doc.key_pos[("shop", "name")] == (2, 3)
    assert doc.value_pos[("shop", "name")] == (2, 9)


def test_quoted_numbers_stay_text():
    doc, _ = parse_document('a: "12"\n', "x.yaml")
    assert doc.data["a"] == "12"


def test_yaml12_exponents_are_numbers_as_in_csv():
    from advisor.profile.tables import cell_value

    for text in ("1e6", "2.5E3", "-1e-2", "1.e5"):
        doc, findings = parse_document(f"a: {text}\n", "x.yaml")
        assert findings == [] and doc.data["a"] == float(text) == cell_value(text), text
