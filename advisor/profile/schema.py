"""The profile's JSON Schema (draft-07, what yaml-language-server reads), built from ``fields``.

The schema and ``advisor validate`` give the same verdict on a document, both reading YAML by the
1.2 core schema: the field table decides, for both, what a value may be -- choices compared
without regard to case or surrounding spaces (``Douyin``, `` TAOBAO ``) and their Chinese
aliases; percent strings ("30%") only where the key is a share or a rate, and inside its range;
no NaN and no infinity (JSON Schema cannot say "not NaN", but NaN is the only number that meets
two contradictory bounds, so ``not: {minimum: 1, maximum: 0}`` refuses it); ``null`` (a key left
empty) wherever the validator takes it as "not given". What only the validator checks --
positions, duplicate keys, aliases, tags, several documents, a range whose low exceeds its high,
a calendar date such as 2024-02-30, and the checks across keys -- is listed in ``VALIDATOR_ONLY``
(the agreement test holds the schema to everything else). See docs/profile.md.
"""

from __future__ import annotations

import json
import sys

from advisor.profile import fields as F

SCHEMA_FILE = "profile.schema.json"
"""The name the schema ships under, and the ``$id`` it has when written without ``--output``."""
DATE_PATTERN = (r"^[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
                r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-9]))$")
BIGGEST = sys.float_info.max
NOT_NAN = {"not": {"minimum": 1, "maximum": 0}}
"""Only NaN satisfies both bounds (every comparison with NaN is false), so ``not`` refuses NaN alone."""

VALIDATOR_ONLY = frozenset({
    "yaml-syntax", "yaml-alias", "yaml-tag", "yaml-too-deep", "yaml-multiple-documents", "yaml-complex-key",
    "duplicate-key", "empty-file", "binary-file", "not-utf8", "file-too-large", "unreadable",
    "bad-range",  # a range whose low is above its high (the schema checks the form, not the order)
    "bad-date",  # a date the calendar lacks (2023-02-29); the schema checks the form and month lengths
    "out-of-range",  # only as the checks across keys report it (organic-all, members-forever)
})
"""Rule ids of the errors the JSON Schema cannot express (see the module's docstring)."""
CROSS_FIELD_MESSAGES = frozenset({"organic-all", "members-forever", "range-order", "bad-date"})
"""Message keys of those errors that the schema cannot see (the agreement test uses them)."""


def _digits_range(low: str, high: str) -> str:
    """A regex for the integers from ``low`` to ``high``, both written with the same number of digits."""
    if len(low) == 1:
        return f"[{low}-{high}]" if low != high else low
    if low[0] == high[0]:
        return low[0] + _digits_range(low[1:], high[1:])
    rest = len(low) - 1
    parts = [low[0] + _digits_range(low[1:], "9" * rest)]
    if int(high[0]) - int(low[0]) > 1:
        parts.append(f"[{int(low[0]) + 1}-{int(high[0]) - 1}][0-9]{{{rest}}}")
    parts.append(high[0] + _digits_range("0" * rest, high[1:]))
    return "(?:" + "|".join(parts) + ")"


def integer_range(low: int, high: int) -> str:
    """A regex for the whole numbers ``low``..``high`` (>= 0), leading zeros allowed."""
    parts = []
    for width in range(len(str(low)), len(str(high)) + 1):
        start = max(low, 10 ** (width - 1) if width > 1 else 0)
        end = min(high, 10 ** width - 1)
        if start <= end:
            parts.append(_digits_range(str(start).zfill(width), str(end).zfill(width)))
    return "0*(?:" + "|".join(parts) + ")"


def percent_pattern(low: float | None, high: float | None) -> str:
    """A regex for the percent strings whose value lies in [low, high] (as fractions: 0.3 = "30%"),
    in the forms ``fields.PERCENT_PATTERN`` reads. Bounds must be whole percents."""
    lo = None if low is None else round(low * 100)
    hi = None if high is None else round(high * 100)
    assert low is None or abs(round(low * 100) - low * 100) < 1e-9, "whole percents only"
    assert high is None or abs(round(high * 100) - high * 100) < 1e-9, "whole percents only"
    any_fraction, zero_fraction = r"(?:\.[0-9]*)?", r"(?:\.0*)?"

    def upto(limit: int | None) -> str:
        """Non-negative numbers from 0 to ``limit`` (None: no limit)."""
        if limit is None:
            return r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
        options = [integer_range(limit, limit) + zero_fraction]
        if limit >= 1:
            options.insert(0, integer_range(0, limit - 1) + any_fraction)
            options.append(r"\.[0-9]+")
        else:
            options.append(r"\.0+")
        return "(?:" + "|".join(options) + ")"

    def from_(start: int, limit: int | None) -> str:
        """Numbers from ``start`` (> 0) to ``limit``."""
        assert limit is not None, "a percent range with a lower bound above 0 needs an upper bound"
        if start == limit:
            return integer_range(start, start) + zero_fraction
        return f"(?:{integer_range(start, limit - 1)}{any_fraction}|{integer_range(limit, limit)}{zero_fraction})"

    branches = []
    if hi is None or hi >= 0:  # the non-negative values
        positive = upto(hi) if lo is None or lo <= 0 else from_(lo, hi)
        branches.append(r"\+?" + positive)
    if lo is None or lo < 0:
        negative = upto(None if lo is None else -lo) if hi is None or hi >= 0 else None
        assert negative is not None, "percent ranges below zero only are not used"
        branches.append("-" + negative)
    elif lo == 0:
        branches.append(r"-(?:0+(?:\.0*)?|\.0+)")  # "-0%" is 0
    return r"^\s*(?:" + "|".join(branches) + r")\s*%\s*$"


def _bounds(low: float | None, high: float | None, low_open: bool = False, high_open: bool = False) -> dict:
    out: dict = {"minimum": -BIGGEST, "maximum": BIGGEST}
    if low is not None:
        out.pop("minimum")
        out["exclusiveMinimum" if low_open else "minimum"] = low
    if high is not None:
        out.pop("maximum")
        out["exclusiveMaximum" if high_open else "maximum"] = high
    return out


def _value(f: F.Field, low: float | None, high: float | None, integer: bool = False) -> dict:
    """A number of this field's kind within [low, high], or where it reads them, a percent string."""
    number = {"type": "integer" if integer else "number",
              **_bounds(low, high, f.low_open and low == f.low, f.high_open and high == f.high), **NOT_NAN}
    if f.kind not in (F.SHARE, F.RATE):
        return number
    return {"anyOf": [number, {"type": "string", "pattern": percent_pattern(low, high)}]}


def _range(f: F.Field) -> dict:
    part = _value(f, f.low, f.high)
    spread = f.high - f.low if f.low is not None and f.high is not None else None
    sd = _value(F.Field(f.path, f.kind, ""), 0, spread)

    def form(*names):
        props = {n: (sd if n == "sd" else part) for n in names}
        return {"type": "object", "properties": props, "required": list(names), "additionalProperties": False}
    return {"oneOf": [form("low", "high"), form("low", "mode", "high"), form("mean", "sd")]}


def choice_pattern(f: F.Field) -> str:
    """The choices as the validator reads them: any case (ASCII letters), spaces around allowed."""
    def spelled(text: str) -> str:
        return "".join(f"[{c.upper()}{c}]" if c.isascii() and c.isalpha() else _escape(c) for c in text)
    names = [spelled(c) for c in f.choices] + [_escape(a) for a in f.aliases]
    return r"^\s*(?:" + "|".join(names) + r")\s*$"


def _escape(text: str) -> str:
    return "".join("\\" + c if c in r".^$*+?()[]{}|\-/" else c for c in text)


def _field(f: F.Field) -> dict:
    out: dict
    if f.kind == F.TEXT:
        out = {"type": "string", "pattern": F.CURRENCY_PATTERN} if f.path == "shop.currency" else {
            "type": ["string", "number"]}
    elif f.kind == F.CHOICE:
        out = {"anyOf": [{"enum": list(f.choices) + list(f.aliases)},  # what editors offer to complete
                         {"type": "string", "pattern": choice_pattern(f)}]}
    elif f.kind == F.BOOL:
        out = {"type": "boolean"}
    elif f.kind == F.DATE:
        out = {"type": "string", "pattern": DATE_PATTERN}
    elif f.kind == F.LIST:
        out = {"type": "array", "items": {"type": "string", "enum": list(F.CALIBRATABLE)}}
    else:
        out = _value(f, f.low, f.high, integer=f.kind == F.INTEGER)
        if f.uncertain:
            out = {"anyOf": (out["anyOf"] if "anyOf" in out else [out]) + [_range(f)]}
    if not f.required:  # a key left empty is "not given", as for the validator
        out = {"anyOf": (out["anyOf"] if "anyOf" in out and len(out) == 1 else [out]) + [{"type": "null"}]}
    out["description"] = f.doc
    if f.default is not None and not isinstance(f.default, (tuple, F.ByChannel)):
        out["default"] = f.default
    if f.path == "version":
        out = {"enum": [1, None], "description": f.doc, "default": 1}
    return out


def build(location: str = SCHEMA_FILE) -> dict:
    """The schema; ``location`` is its ``$id``: the file name it is written to, a reference
    relative to wherever a tool found it (no host serves it; see docs/profile.md)."""
    from advisor import __version__

    sections: dict = {}
    for f in F.FIELDS:
        if len(f.keys) == 1:
            continue
        section = sections.setdefault(f.keys[0], {"type": ["object", "null"], "properties": {}, "required": [],
                                                  "additionalProperties": False})
        section["properties"][f.keys[1]] = _field(f)
        if f.required:
            section["required"].append(f.keys[1])
    share = _value(F.OTHER_COST, F.OTHER_COST.low, F.OTHER_COST.high)
    sections["costs"]["properties"]["other"] = {
        "description": F.OTHER_COST_DOC,
        "type": ["object", "null"],
        "additionalProperties": {"anyOf": share["anyOf"] + [{
            "type": "object", "properties": {"share": share, "fixed": {"type": "boolean"}},
            "required": ["share"], "additionalProperties": False}]},
    }
    for name, section in sections.items():
        if name in F.REQUIRED_SECTIONS:
            section["type"] = "object"
        if not section["required"]:
            del section["required"]
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": location,
        "$comment": f"Written by advisor {__version__} (`advisor schema`); profile format version 1. "
                    "Regenerate it after upgrading advisor.",
        "title": "advisor shop profile, version 1",
        "description": "A shop's cost profile for advisor (see docs/profile.md).",
        "type": "object",
        "properties": {"version": _field(F.BY_PATH["version"]), **sections},
        "required": list(F.REQUIRED_SECTIONS),
        "additionalProperties": False,
    }


def generate(location: str = SCHEMA_FILE) -> str:
    """The schema's text, built from the field table (tests/test_schema_init.py keeps the shipped
    file equal to it)."""
    return json.dumps(build(location), ensure_ascii=False, indent=2) + "\n"


def dumps(location: str = SCHEMA_FILE) -> str:
    """The schema's text: the shipped file, with its ``$id`` set to ``location`` (encoding the
    131 KB afresh would cost every ``advisor schema`` 20 ms)."""
    import pathlib

    text = (pathlib.Path(__file__).parent / SCHEMA_FILE).read_text(encoding="utf-8")
    if location != SCHEMA_FILE:
        shipped = f'  "$id": {json.dumps(SCHEMA_FILE, ensure_ascii=False)},\n'
        text = text.replace(shipped, f'  "$id": {json.dumps(location, ensure_ascii=False)},\n', 1)
    return text
