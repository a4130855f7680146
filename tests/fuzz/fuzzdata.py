"""Hostile inputs for the fuzz tests: raw bytes, and profiles and tables mutated the way real files
and attackers break them (tokens that YAML, CSV and JSON treat specially, huge numbers, bad bytes)."""

from __future__ import annotations

import os

from hypothesis import settings
from hypothesis import strategies as st

from advisor.i18n import Translator
from advisor.output.findings import finding_message
from advisor.profile.findings import Finding

EXAMPLES = int(os.environ.get("ADVISOR_FUZZ_EXAMPLES", "0")) or None
"""``ADVISOR_FUZZ_EXAMPLES=N`` runs each fuzz test N times; the long run is ``run.py`` (docs/reliability.md)."""


def fuzz_settings(default: int):
    return settings(max_examples=EXAMPLES or default, deadline=None, database=None if EXAMPLES else settings().database,
                    suppress_health_check=list(__import__("hypothesis").HealthCheck))


MINIMAL = """version: 1
shop: {name: Test shop, platform: taobao, category: womenswear, currency: CNY}
sales: {monthly_revenue: 600000, average_order_value: 220, repeat_order_share: 0.3}
costs:
  product: 0.30
  marketing: "40%"
  staff: 0.12
  logistics: 0.08
  platform_fees: 0.05
  other: {rent: {share: 0.02, fixed: true}, returns: 0.03}
pool: {join_rate: {low: 0.05, high: 0.2}, monthly_churn: 0.04}
projection: {horizon_months: 24}
"""

TOKENS = [
    "!!bool", "!!int", "!!float", "!!str", "!!null", "!!map", "!!seq", "!!binary", "!!python/object:os.system", "!x",
    "&a", "*a", "<<", "? ", ": ", "- ", "[", "]", "{", "}", ",", "#", "|", ">", "'", '"', "%YAML 1.2", "---", "...",
    "\t", "\r", "\n", "\r\n", "\x00", "\x01", "\x1b[2J", "\x7f", "\x85", "\u2028", "\ufeff", "\udcff"[:0], "\\",
    "maybe", "yes", "~", "null", ".nan", ".inf", "-.inf", "1e400", "1e6", "0x", "0x1f", "0o17", "0b101", "1:0:0",
    "1" + "0" * 320, "9" * 5000, ":".join(["1"] * 300), "-0", "1_000", "30%", "1e-400", "2024-01-01",
    "__duplicate__", "version", "shop", "costs", "other", "pool", "low", "high", "mode", "mean", "sd",
    "淘宝", "女装", "零食", "[/]", "[link=x]", "=cmd|' /C calc'!A0", "@SUM(A1)", "a" * 300, "." * 300,
]

TAGS = ["!!bool ", "!!int ", "!!float ", "!!str ", "!!null ", "!!map ", "!!seq ", "!!timestamp ", "! ", "&a ", "*a "]
VALUES = TOKENS + ["", "''", '""', "0", "-1", "1.5", "abc", "30 %", "[]", "{}", "[1, 2]", "{low: 1, high: 0}",
                   "{low: 0.1, high: 0.3}", "{mean: 0.1, sd: -1}", "true", "1e6", "99999999999999999999"]
_VALUE = __import__("re").compile(r"(?<=: )[^,}\n]+")

CSV_HEADER = ["shop.name", "shop.platform", "shop.category", "shop.currency", "sales.monthly_revenue",
              "sales.average_order_value", "sales.repeat_order_share", "costs.product", "costs.marketing",
              "costs.staff", "costs.other.returns", "costs.other.rent.share", "costs.other.rent.fixed",
              "pool.join_rate", "pool.join_rate.low", "pool.join_rate.high", "projection.horizon_months", "version"]
CSV_CELLS = ["", "Shop", "taobao", "女装", "CNY", "600000", "220", "0.3", "30%", "0.12", "0.05", "true", "24", "1",
             '"quoted, cell"', '"stray', 'a"b', '""', "1e400", "1" + "0" * 320, "nan", "-1", "=1+1", "\t", "x" * 200]


class Chance:
    """The random choices a generator makes: from hypothesis (``draw``, shrinkable) in the test
    suite, or from ``random.Random`` in the long run (``run.py``: a hundred times faster)."""

    def __init__(self, draw=None, rng=None) -> None:
        self.draw, self.rng = draw, rng

    def int(self, low: int, high: int) -> int:
        return self.draw(st.integers(low, high)) if self.draw else self.rng.randint(low, high)

    def pick(self, options):
        return options[self.int(0, len(options) - 1)]

    def chars(self, size: int) -> str:
        if self.draw:
            return self.draw(st.text(max_size=size))
        return "".join(chr(self.rng.choice((self.rng.randint(0, 0x7F), self.rng.randint(0x80, 0x2FFF),
                                             self.rng.randint(0x3000, 0xFFFD))))
                       for _ in range(self.rng.randint(0, size)))

    def binary(self, size: int) -> bytes:
        if self.draw:
            return self.draw(st.binary(max_size=size))
        return self.rng.randbytes(self.rng.randint(0, size))


def mutate(r: Chance, text: str, tokens=TOKENS) -> str:
    """``text`` with a few random edits: tokens inserted, spans deleted, duplicated or swapped."""
    for _ in range(r.int(0, 8)):
        if not text:
            text = r.pick(tokens)
            continue
        at = r.int(0, len(text))
        kind = r.int(0, 6)
        if kind >= 5:  # a value replaced: by a tagged value half the time
            spans = [m.span() for m in _VALUE.finditer(text)]
            if spans:
                a, b = r.pick(spans)
                text = text[:a] + (r.pick(TAGS) if kind == 6 else "") + r.pick(VALUES) + text[b:]
            continue
        if kind == 0:
            text = text[:at] + r.pick(tokens) + text[at:]
        elif kind == 1:
            text = text[:at] + text[at + r.int(1, 40):]
        elif kind == 2:
            end = min(len(text), at + r.int(1, 80))
            text = text[:end] + text[at:end] + text[end:]
        elif kind == 3:
            text = text[:at] + r.chars(8) + text[at:]
        else:
            a, b = sorted((at, r.int(0, len(text))))
            text = text[:a] + text[b:] + text[a:b]
    return text


def encode(r: Chance, text: str) -> bytes:
    """Mostly UTF-8; sometimes another encoding, a byte-order mark, or a stray byte."""
    how = r.int(0, 9)
    if how == 0:
        return text.encode(r.pick(["utf-16", "utf-16-le", "utf-32", "utf-8-sig"]), "surrogatepass")
    if how == 1:
        return text.encode("gb18030", "replace")
    raw = text.encode("utf-8", "surrogatepass")
    if how == 2 and raw:
        at = r.int(0, len(raw))
        raw = raw[:at] + bytes([r.int(0x80, 0xFF)]) + raw[at:]
    return raw


def make_profile(r: Chance) -> bytes:
    """A profile file: mostly a mutated valid one, sometimes any bytes."""
    if r.int(0, 9) == 0:
        return r.binary(400)
    return encode(r, mutate(r, MINIMAL))


def make_csv(r: Chance) -> bytes:
    header = list(CSV_HEADER)
    if r.int(0, 1):
        header = [r.pick(CSV_HEADER + ["costs.marketting", "", "a.b.c.d.e.f.g"]) for _ in range(r.int(1, 12))]
    rows = [",".join(header)]
    for _ in range(r.int(0, 6)):
        width = len(header) + r.pick([0, 0, 0, -1, 1])
        rows.append(",".join(r.pick(CSV_CELLS) for _ in range(max(width, 0))))
    return encode(r, mutate(r, r.pick(["\n", "\r\n", "\r"]).join(rows), TOKENS + CSV_CELLS))


def _json_value(r: Chance, depth: int = 0):
    kind = r.int(0, 9 if depth < 3 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return bool(r.int(0, 1))
    if kind == 2:
        return r.int(-(10 ** 20), 10 ** 20)
    if kind == 3:
        return r.pick([0.0, -0.5, 1e308, float("nan"), float("inf"), 0.3, 5e-324])
    if kind in (4, 5, 6):
        return r.pick(TOKENS) if kind == 4 else r.chars(12)
    if kind == 7:
        return [_json_value(r, depth + 1) for _ in range(r.int(0, 3))]
    return {r.pick(CSV_HEADER + TOKENS): _json_value(r, depth + 1) for _ in range(r.int(0, 4))}


def make_jsonl(r: Chance) -> bytes:
    import json

    lines = []
    for _ in range(r.int(0, 5)):
        obj = {r.pick(CSV_HEADER + TOKENS): _json_value(r) for _ in range(r.int(0, 8))}
        lines.append(json.dumps(obj, ensure_ascii=bool(r.int(0, 1)), allow_nan=True))
    return encode(r, mutate(r, "\n".join(lines), TOKENS + ["1" + "0" * 5000, '{"a": 1, "a": 2}', "\\u0000"]))


def strategy(make):
    """A hypothesis strategy from a generator."""
    return st.composite(lambda draw: make(Chance(draw=draw)))()


EN, ZH = Translator("en"), Translator("zh")


def assert_findings(findings) -> None:
    """Only the tool's own findings came out: well-formed, renderable in both languages."""
    for f in findings:
        assert isinstance(f, Finding), f
        assert f.severity in ("error", "warning") and f.rule and f.line >= 0 and f.column >= 0, f
        assert f.rule != "internal-error", f
        finding_message(EN, f)
        finding_message(ZH, f)


def check_profile(raw: bytes) -> None:
    from advisor.profile.load import load_bytes

    profile, findings = load_bytes(raw, "x.yaml")
    assert_findings(findings)
    assert (profile is None) == any(f.is_error for f in findings)


def check_table(raw: bytes, name: str) -> list:
    """Every row of a table through the reader, the header check and the row validators."""
    import io

    from advisor.profile import tables
    from advisor.profile.tablefile import read_stream

    out = []
    for kind, header, rows in read_stream(io.BytesIO(raw), name, 3):
        if kind == "header":
            problems = rows or tables.csv_header(name, header)
            assert_findings(problems)
            if problems:
                break
            continue
        for source, profile, findings in tables.parse_chunk(name, kind, header, rows):
            assert_findings(findings)
            assert (profile is None) == any(f.is_error for f in findings), (source, findings)
            out.append(source)
    return out
