"""Profile validation: a parsed document (from YAML or a table row) in, a checked ``Profile`` out.

Validation reports every problem in a document at once, each with the line and column of the
offending key or value, and never raises for bad input: problems are ``Finding`` values.
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
from typing import Any

from advisor.profile import fields as F
from advisor.profile import sanity
from advisor.profile.findings import ERROR, WARNING, Finding
from advisor.profile.reader import Document, NumberTooLarge
from advisor.profile.shop import Profile, Range


class _Checker:
    def __init__(self, doc: Document, filename: str) -> None:
        self.doc = doc
        self.file = filename
        self.findings: list[Finding] = []

    def add(self, keys: tuple, rule: str, message_key: str, severity: str = ERROR, key_pos: bool = False,
            **params: object) -> None:
        pos = self.doc.key_pos.get(keys) if key_pos else None
        line, col = pos or self.doc.where(keys)
        params.setdefault("key", ".".join(str(k) for k in keys))
        self.findings.append(Finding(self.file, line, col, severity, rule, message_key, params))

    def unknown_keys(self, mapping: dict, parent: tuple, allowed) -> None:
        for key in mapping:
            if key in allowed:
                continue
            where = parent + (key,)
            elsewhere = F.home_of(str(key), parent)
            close = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
            if elsewhere:  # a real key, in the wrong section: say where it belongs
                self.add(where, "unknown-key", "unknown-key-elsewhere", key_pos=True, hint=elsewhere)
            elif close:
                self.add(where, "unknown-key", "unknown-key-hint", key_pos=True, hint=close[0])
            elif parent == ("costs",):  # a further cost: costs.other holds those
                self.add(where, "unknown-key", "unknown-key-other-cost", key_pos=True, name=key)
            elif str(key).isdigit():  # "350,000" in a {flow: mapping} splits at the comma
                self.add(where, "unknown-key", "unknown-key-number", key_pos=True)
            else:
                self.add(where, "unknown-key", "unknown-key", key_pos=True, allowed=", ".join(sorted(allowed)))

    # -- values ---------------------------------------------------------------------
    def number(self, keys: tuple, raw: object, f: F.Field) -> float | None:
        """A scalar of a numeric field, or None after reporting why not."""
        percent_text = isinstance(raw, str) and f.kind in (F.SHARE, F.RATE) and raw.strip().endswith("%")
        value: float | None
        if isinstance(raw, str) and percent_text:
            value = F.parse_percent(raw)
            if value is None:
                self.add(keys, "wrong-type", "wrong-type-number", got=raw)
                return None
        elif isinstance(raw, bool) or not isinstance(raw, (int, float)):
            suggestion = F.number_suggestion(raw) if isinstance(raw, str) and not isinstance(raw, NumberTooLarge) else None
            if isinstance(raw, NumberTooLarge):  # read as text by the reader: no float holds it
                self.add(keys, "number-too-large", "number-too-large", got=_show(raw))
            elif suggestion is not None:
                self.add(keys, "wrong-type", "wrong-type-number-hint", got=_show(raw), suggest=suggestion)
            else:
                self.add(keys, "wrong-type", "wrong-type-number", got=_show(raw))
            return None
        else:
            try:
                value = float(raw)
            except OverflowError:  # an int no float holds, from a caller that did not check it
                self.add(keys, "number-too-large", "number-too-large", got=_show(raw))
                return None
        if math.isnan(value) or math.isinf(value):
            self.add(keys, "not-finite", "not-finite", got=_show(raw))
            return None
        problem = f.number_problem(value, percent_text)
        if problem is not None:
            extra: dict[str, Any] = {}
            if problem == "share-over-one":
                extra = {"percent": _show(raw)}
            elif problem == "out-of-range":
                extra = {"low": _bound(f.low, f.low_open, "low"), "high": _bound(f.high, f.high_open, "high")}
            self.add(keys, _RULES[problem], problem, got=_show(raw), **extra)
            return None
        return value

    def uncertain(self, keys: tuple, raw: dict, f: F.Field) -> Range | None:
        form = set(raw)
        if form not in F.RANGE_FORMS:
            self.add(keys, "bad-range", "bad-range")
            return None
        parts = {}
        spread = f.high - f.low if f.low is not None and f.high is not None else None
        for name, value in raw.items():  # an sd is at most the width of the key's whole range
            low, high = (0.0, spread) if name == "sd" else (f.low, f.high)
            checked = self.number(keys + (name,), value, F.Field(f.path, f.kind, "", low=low, high=high))
            if checked is None:
                return None
            parts[name] = checked
        if "sd" in parts:
            if parts["sd"] < 0:
                self.add(keys + ("sd",), "negative", "negative", got=_show(parts["sd"]))
                return None
            low = parts["mean"] - 3 * parts["sd"]
            high = parts["mean"] + 3 * parts["sd"]
            if f.low is not None:
                low = max(low, f.low)
            if f.high is not None:
                high = min(high, f.high)
            return Range("normal", low, high, mean=parts["mean"], sd=parts["sd"])
        low, high = parts["low"], parts["high"]
        mode = parts.get("mode")
        if low > high or (mode is not None and not low <= mode <= high):
            self.add(keys, "bad-range", "range-order")
            return None
        return Range("triangular" if mode is not None else "uniform", low, high, mode=mode)

    def choice(self, keys: tuple, raw: object, f: F.Field) -> str | None:
        if not isinstance(raw, str):
            self.add(keys, "wrong-type", "wrong-type-text", got=_show(raw))
            return None
        value = f.choice(raw)
        if value is None:
            value = raw.strip().lower()
            close = difflib.get_close_matches(value, f.choices, n=1, cutoff=0.6)
            self.add(keys, "unknown-choice", "unknown-choice-hint" if close else "unknown-choice",
                     got=raw, hint=close[0] if close else "", allowed=", ".join(f.choices))
            return None
        return value

    def date(self, keys: tuple, raw: object) -> bool:
        """An ISO date (YYYY-MM-DD), quoted or not; reports why not."""
        text = str(raw) if isinstance(raw, (str, datetime.date)) else ""
        try:
            if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
                datetime.date.fromisoformat(text)
                return True
        except ValueError:
            pass
        self.add(keys, "bad-date", "bad-date", got=_show(raw))
        return False

    def paths(self, keys: tuple, raw: object) -> list[str]:
        """A list of numeric key paths (``calibration.keys``); each bad entry is reported."""
        if not isinstance(raw, list):
            self.add(keys, "wrong-type", "wrong-type-list", got=_show(raw))
            return []
        good = []
        for index, entry in enumerate(raw):
            if isinstance(entry, str) and entry in F.CALIBRATABLE:
                good.append(entry)
                continue
            close = difflib.get_close_matches(str(entry), F.CALIBRATABLE, n=1, cutoff=0.6) if isinstance(entry, str) else []
            self.add(keys + (index,), "unknown-key", "unknown-calibrated-key-hint" if close else "unknown-calibrated-key",
                     got=_show(entry), hint=close[0] if close else "")
        return good


_RULES = {"wrong-type-integer": "wrong-type", "negative": "negative", "share-over-one": "share-range",
          "out-of-range": "out-of-range"}
"""The rule id of each problem ``Field.number_problem`` reports."""


SHOWN_CHARS = 60
"""A value quoted in a message is cut to this many characters: a 100 KB cell is not worth repeating."""


def _bool_message(raw: object) -> str:
    """``yes``/``no``/``on``/``off`` were booleans in YAML 1.1, and are text in YAML 1.2: say so."""
    yaml11 = isinstance(raw, str) and raw.strip().lower() in ("yes", "no", "on", "off", "y", "n")
    return "wrong-type-bool-yaml11" if yaml11 else "wrong-type-bool"


def _show(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        return f"{value:.6g}" if value.bit_length() < 1000 else str(value)[:15] + "…"
    if isinstance(value, float) and math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, int) and value.bit_length() > 3 * SHOWN_CHARS:  # str() is slow, or refused past 4,300 digits
        return f"{'-' if value < 0 else ''}~1e{int(abs(value).bit_length() * 0.30103)}"
    text = str(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _bound(value, open_, side) -> str:
    if value is None:
        return "∞" if side == "high" else "-∞"
    return ("(" if open_ else "") + _show(value) if side == "low" else _show(value) + (")" if open_ else "")


def check_document(doc: Document, filename: str, warnings: bool = True) -> tuple[Profile | None, list[Finding]]:
    """Validate a parsed document. Returns the profile (None when any error) and all findings."""
    c = _Checker(doc, filename)
    data = doc.data
    if not isinstance(data, dict):
        c.add((), "not-a-mapping", "not-a-mapping")
        return None, c.findings
    c.unknown_keys(data, (), F.SECTIONS)
    sections: dict[str, dict] = {}
    for name in F.SECTIONS[1:]:
        section = data.get(name)
        if section is None:
            if name in F.REQUIRED_SECTIONS:
                c.add((), "missing-key", "missing-key", key=name)
            sections[name] = {}
            continue
        if not isinstance(section, dict):
            c.add((name,), "wrong-type", "wrong-type-mapping", got=_show(section))
            sections[name] = {}
            continue
        c.unknown_keys(section, (name,), F.SECTION_KEYS[name])
        sections[name] = section

    values: dict[str, float | int] = {}
    texts: dict[str, str] = {}
    ranges: dict[str, Range] = {}
    calibrated: list[str] = []
    for f in F.FIELDS:
        if len(f.keys) == 1:
            raw = data.get(f.keys[0])
        else:
            raw = sections[f.keys[0]].get(f.keys[1])
        keys = f.keys
        if raw is None:
            if f.required and f.keys[0] in data and isinstance(data[f.keys[0]], dict):
                c.add(keys[:-1], "missing-key", "missing-key", key=f.path, key_pos=True)
            continue
        if f.kind in (F.TEXT,):
            if not isinstance(raw, (str, int, float)) or isinstance(raw, bool):
                c.add(keys, "wrong-type", "wrong-type-text", got=_show(raw))
            elif f.path == "shop.currency":
                code = F.parse_currency(raw) if isinstance(raw, str) else None
                if code is None:
                    c.add(keys, "bad-currency", "bad-currency", got=_show(raw))
                else:
                    texts[f.path] = code
            else:
                texts[f.path] = str(raw)
            continue
        if f.kind == F.CHOICE:
            choice = c.choice(keys, raw, f)
            if choice is not None:
                texts[f.path] = choice
            continue
        if f.kind == F.BOOL:
            if isinstance(raw, bool):
                values[f.path] = raw
            else:
                c.add(keys, "wrong-type", _bool_message(raw), got=_show(raw))
            continue
        if f.kind == F.DATE:
            if c.date(keys, raw):
                texts[f.path] = str(raw)
            continue
        if f.kind == F.LIST:
            calibrated = c.paths(keys, raw)
            continue
        if isinstance(raw, dict):
            if not f.uncertain:
                c.add(keys, "wrong-type", "no-range-here")
                continue
            rng = c.uncertain(keys, raw, f)
            if rng is not None:
                ranges[f.path] = rng
                values[f.path] = rng.point
            continue
        got = c.number(keys, raw, f)
        if got is not None:
            if f.path == "version" and got != 1:
                continue
            values[f.path] = int(got) if f.kind == F.INTEGER else got
    version = data.get("version", 1)
    if version != 1 and not isinstance(version, bool) and isinstance(version, (int, float)):
        # number() already rejects it as out of range; say it in terms a user understands
        c.findings = [x for x in c.findings if x.params.get("key") != "version"]
        c.add(("version",), "unknown-version", "unknown-version", got=_show(version))

    other_costs = _other_costs(c, sections["costs"].get("other"))

    if any(x.is_error for x in c.findings):
        return None, c.findings

    given = set(values)
    profile = build_profile(filename, values, texts, other_costs, ranges)
    _cross_field_errors(c, profile)
    if any(x.is_error for x in c.findings):
        return None, c.findings
    if warnings:  # cross-field sanity checks: validate and evaluate show them; a batch reports errors only
        _warn(c, profile)
    for index, path in enumerate(calibrated):
        if path not in given:
            c.add(("calibration", "keys", index), "calibrated-key-not-set", "calibrated-key-not-set", WARNING, path=path)
    profile.calibrated = frozenset(path for path in calibrated if path in given)
    profile.warnings = [x for x in c.findings if not x.is_error]
    return profile, c.findings


def build_profile(source: str, values: dict, texts: dict, other_costs: dict, ranges: dict) -> Profile:
    """A Profile from checked values, with every default filled in (``values`` is updated)."""
    given = frozenset(values) | frozenset(texts)
    for f in F.FIELDS:
        if f.path in values or f.path in texts or f.default is None:
            continue
        if isinstance(f.default, tuple):
            base, factor = f.default
            values[f.path] = values[base] * factor
        elif isinstance(f.default, str):
            texts[f.path] = f.default
        elif isinstance(f.default, F.ByChannel):
            values[f.path] = f.default.value(texts["shop.platform"])
        else:
            values[f.path] = f.default
    return Profile(source=source, name=texts["shop.name"], platform=texts["shop.platform"],
                   category=texts["shop.category"], currency=texts["shop.currency"], values=values,
                   other_costs=other_costs, ranges=ranges, given=given)


def _other_costs(c: _Checker, raw: object) -> dict:
    result: dict[str, tuple[float, bool]] = {}
    if raw is None:
        return result
    base = ("costs", "other")
    if not isinstance(raw, dict):
        c.add(base, "wrong-type", "wrong-type-mapping", got=_show(raw))
        return result
    for name, value in raw.items():
        keys = base + (name,)
        fixed = False
        if isinstance(value, dict):
            c.unknown_keys(value, keys, {"share", "fixed"})
            if "share" not in value:
                c.add(keys, "missing-key", "missing-key", key=".".join(keys + ("share",)))
                continue
            fixed = value.get("fixed", False)
            if not isinstance(fixed, bool):
                c.add(keys + ("fixed",), "wrong-type", _bool_message(fixed), got=_show(fixed))
                continue
            share = c.number(keys + ("share",), value["share"], F.OTHER_COST)
        else:
            share = c.number(keys, value, F.OTHER_COST)
        if share is not None:
            result[name] = (share, fixed)
    return result


def _cross_field_errors(c: _Checker, p: Profile) -> None:
    """Values legal one by one whose combination the model cannot work with."""
    if p["costs.marketing"] > 0 and p["ads.organic_share"] >= 1:
        c.add(("ads", "organic_share"), "out-of-range", "organic-all", got=_show(p["ads.organic_share"]))
    churn = p.values.get("pool.monthly_churn")
    member_churn = churn if churn is not None else p["pool.churn_ratio"] * (1 - p["ads.customer_retention_per_month"])
    if member_churn <= 0 and p["projection.discount_rate_per_year"] <= 0:
        key = ("pool", "monthly_churn") if churn is not None else ("pool", "churn_ratio")
        c.add(key, "out-of-range", "members-forever")


def _warn(c: _Checker, p: Profile) -> None:
    sanity.check(p, lambda keys, rule, key, **params: c.add(keys, rule, key, WARNING, **params))
