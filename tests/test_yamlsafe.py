"""The hardened reader reads plain scalars by the YAML 1.2 core schema (as editors and
check-jsonschema do), agreeing with a separate 1.2 reading on every scalar it accepts."""

import math
import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.profile.reader import parse_document

from helpers import yaml12_load

number_like = st.one_of(
    st.from_regex(r"\A[-+]?[0-9_]{1,6}(\.[0-9_]{0,4})?([eE][-+]?[0-9]{1,2})?\Z", fullmatch=True),
    st.from_regex(r"\A[-+]?\.[0-9]{1,4}\Z", fullmatch=True),
    st.sampled_from(["0x1f", "0o17", "017", "1:20", "1_000", ".nan", ".inf", "-.inf", "yes", "no", "on", "off",
                     "true", "False", "null", "~", "", "2024-01-01", "30%", "1e5", "1.5e+3"]),
)


YAML12_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+\Z")


@settings(max_examples=300, deadline=None)
@given(number_like)
def test_plain_scalars_match_yaml_1_2(text):
    source = f"a: {text}\n"
    try:
        expected = yaml12_load(source)["a"]
    except yaml.YAMLError:
        return
    if isinstance(expected, str) and YAML12_FLOAT.match(text):
        expected = float(text)  # YAML 1.2 (and a CSV cell) read it as a number
    doc, findings = parse_document(source, "x.yaml")
    assert findings == []
    got = doc.data["a"]
    if isinstance(expected, float) and math.isnan(expected):
        assert isinstance(got, float) and math.isnan(got)
    else:
        assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize("text,expected", [
    ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("y", "y"),  # YAML 1.1 booleans are text
    ("true", True), ("False", False), ("1e13", 1e13), ("1E5", 1e5), ("1.5e+3", 1500.0), ("0o17", 15),
    ("0x1F", 31), ("017", 17), ("1_000", "1_000"), ("1:20", "1:20"), ("2024-01-01", "2024-01-01"),
    ("~", None), ("null", None), ("", None), ("+12", 12), ("-.5", -0.5), ("!!int '12'", 12), ("!!str 12", "12"),
    ("!!float 3", 3.0),
])
def test_yaml_1_2_core_scalars(text, expected):
    doc, findings = parse_document(f"a: {text}\n", "x.yaml")
    assert findings == []
    got = doc.data["a"]
    assert got == expected and type(got) is type(expected)
    if "!!" not in text:
        assert yaml12_load(f"a: {text}\n")["a"] == expected


def test_a_tag_its_value_does_not_fit_is_a_finding_at_the_value():
    """``!!bool yes``: yes is no YAML 1.2 boolean, so the tag cannot hold; said where it is."""
    doc, findings = parse_document("a: 1\nb: !!bool yes\n", "x.yaml")
    assert doc is None and [(f.line, f.column, f.rule) for f in findings] == [(2, 4, "yaml-tag")]


def test_nan_and_infinity_are_numbers_for_the_validator_to_refuse():
    doc, _ = parse_document("a: .nan\nb: -.Inf\n", "x.yaml")
    assert math.isnan(doc.data["a"]) and doc.data["b"] == -math.inf


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


def _both(text):
    """The line reader's document and the parser's (read with ``ends``, which the line reader
    never serves), for the same text."""
    from advisor.profile import reader

    return reader._plain_document(text), parse_document(text, "x.yaml", ends=True)


def _same(fast, slow):
    doc, findings = slow
    assert findings == [] and doc is not None
    assert fast.data == doc.data and fast.key_pos == doc.key_pos and fast.value_pos == doc.value_pos

    def types(value):
        return {k: types(v) for k, v in value.items()} if isinstance(value, dict) else type(value)

    assert types(fast.data) == types(doc.data)


def _fixture_texts():
    from conftest import ROOT

    paths = sorted((ROOT / "tests").rglob("*.yaml")) + sorted((ROOT / "profiles").glob("*.yaml"))
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def test_the_line_reader_reads_every_plain_fixture_as_the_parser_does():
    texts = _fixture_texts()
    taken = 0
    for text in texts:
        fast, slow = _both(text)
        if fast is not None:
            _same(fast, slow)
            taken += 1
    assert taken >= 5  # the shipped profiles at least are plain


KEY = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)
VALUE = st.one_of(
    st.sampled_from(["1", "-2", "0.5", "1e6", ".5", "5.", "+3", "0x1F", "0o17", "yes", "no", "true", "False", "null",
                     "~", "", "30%", "1_000", "a b", "Crown (Taobao)", "x:y", "a#b", "a #b", "'q'", '"dq"', "'a''b'",
                     '"a\\"b"', "[1, 2]", "{a: 1}", "- x", "-x", "? x", ": x", "|", ">", "&a x", "*a", "!!int 3",
                     "@x", "`x", "%x", "淘宝 女装", "1:20", "2024-01-01", ".inf", "-.inf", ".nan", "9" * 400,
                     "x: y", "x:", "a  b  ", "0", "00", "1.5e+3"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12))


@st.composite
def plain_documents(draw):
    lines = []
    if draw(st.booleans()):
        lines.append("---")
    for _ in range(draw(st.integers(1, 4))):
        key = draw(KEY)
        if draw(st.booleans()):
            lines.append(f"{key}:")
            indent = draw(st.sampled_from([2, 4]))
            for _ in range(draw(st.integers(1, 3))):
                comment = draw(st.sampled_from(["", "  # note", " #x"]))
                lines.append(" " * indent + f"{draw(KEY)}: {draw(VALUE)}{comment}")
                if draw(st.integers(0, 5)) == 0:
                    lines.append(draw(st.sampled_from(["", "# c", "   # c", "  "])))
        else:
            lines.append(f"{key}: {draw(VALUE)}")
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


@settings(max_examples=400, deadline=None)
@given(plain_documents())
def test_the_line_reader_agrees_with_the_parser_or_leaves_the_text_to_it(text):
    fast, slow = _both(text)
    if fast is not None:
        _same(fast, slow)
