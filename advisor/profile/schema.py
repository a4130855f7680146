"""The profile's JSON Schema (draft-07, what yaml-language-server reads), built from ``fields``.

The schema checks types, names, required keys and bounds, so an editor can autocomplete and
flag mistakes as you type; ``advisor validate`` does the same and more (positions, hints,
cross-field checks). A test keeps the two in agreement on every shipped profile and fixture.
"""

from __future__ import annotations

import json

from advisor.profile import fields as F

SCHEMA_ID = "https://advisor.invalid/profile-v1.schema.json"  # an identifier, not a download
PERCENT_PATTERN = r"^\s*-?[0-9]+(\.[0-9]+)?\s*%\s*$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _number(f: F.Field) -> dict:
    out: dict = {"type": "integer" if f.kind == F.INTEGER else "number"}
    if f.low is not None:
        out["exclusiveMinimum" if f.low_open else "minimum"] = f.low
    elif f.kind in (F.MONEY, F.NUMBER):
        out["minimum"] = 0
    if f.high is not None:
        out["exclusiveMaximum" if f.high_open else "maximum"] = f.high
    return out


def _range(f: F.Field) -> dict:
    bound = _number(f)
    bound.pop("type")
    num = {"type": "number", **bound}
    def obj(*names):
        props = {n: ({"type": "number", "minimum": 0} if n == "sd" else num) for n in names}
        return {"type": "object", "properties": props, "required": list(names), "additionalProperties": False}
    return {"oneOf": [obj("low", "high"), obj("low", "mode", "high"), obj("mean", "sd")]}


def _field(f: F.Field) -> dict:
    out: dict
    if f.kind == F.TEXT:
        out = {"type": "string"}
        if f.path == "shop.currency":
            out["pattern"] = "^[A-Za-z]{3}$"
    elif f.kind == F.CHOICE:
        out = {"type": "string", "enum": list(f.choices) + list(f.aliases)}
    elif f.kind == F.BOOL:
        out = {"type": "boolean"}
    elif f.kind == F.DATE:
        out = {"type": "string", "pattern": DATE_PATTERN}
    elif f.kind == F.LIST:
        out = {"type": "array", "items": {"type": "string", "enum": list(F.CALIBRATABLE)}}
    else:
        options: list[dict] = [_number(f)]
        if f.kind in (F.SHARE, F.RATE):
            options.append({"type": "string", "pattern": PERCENT_PATTERN})
        if f.uncertain:
            options.append(_range(f))
        out = options[0] if len(options) == 1 else {"anyOf": options}
    out["description"] = f.doc
    if f.default is not None and not isinstance(f.default, (tuple, F.ByChannel)):
        out["default"] = f.default
    if f.path == "version":
        out = {"const": 1, "description": f.doc}
    return out


def build() -> dict:
    sections: dict = {}
    for f in F.FIELDS:
        if len(f.keys) == 1:
            continue
        section = sections.setdefault(f.keys[0], {"type": "object", "properties": {}, "required": [],
                                                  "additionalProperties": False})
        section["properties"][f.keys[1]] = _field(f)
        if f.required:
            section["required"].append(f.keys[1])
    share = {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1},
                       {"type": "string", "pattern": PERCENT_PATTERN}]}
    sections["costs"]["properties"]["other"] = {
        "description": F.OTHER_COST_DOC,
        "type": "object",
        "additionalProperties": {"anyOf": [share, {
            "type": "object", "properties": {"share": share, "fixed": {"type": "boolean"}},
            "required": ["share"], "additionalProperties": False}]},
    }
    for section in sections.values():
        if not section["required"]:
            del section["required"]
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "advisor shop profile, version 1",
        "description": "A shop's cost profile for advisor (see docs/profile.md).",
        "type": "object",
        "properties": {"version": _field(F.BY_PATH["version"]), **sections},
        "required": list(F.REQUIRED_SECTIONS),
        "additionalProperties": False,
    }


def dumps() -> str:
    return json.dumps(build(), ensure_ascii=False, indent=2) + "\n"
