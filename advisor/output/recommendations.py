"""Recommendations in words: the catalogue's title and advice with the evidence filled in, each
figure shown as its unit says (a share as a percent, money in the shop's currency, ...)."""

from __future__ import annotations

from advisor.advice.rules.base import CODE, MONEY, PROBABILITY, RATIO, SHARE, Evidence, Recommendation
from advisor.i18n import Translator
from advisor.output.numbers import money, percent, probability


def show(e: Evidence, t: Translator, currency: str) -> str:
    """One evidence value as text in the reader's language."""
    if e.value is None:
        return t(e.missing) if e.missing else "-"
    if isinstance(e.value, str):
        return t(f"{e.names}.{e.value}") if e.unit == CODE and e.names else e.value
    if e.unit == MONEY:
        return money(e.value, currency)
    if e.unit == SHARE:
        return percent(e.value)
    if e.unit == PROBABILITY:
        return probability(e.value)
    if e.unit == RATIO:
        return f"{e.value:.2f}"
    return str(e.value)  # months and counts


def message_key(rec: Recommendation, part: str) -> str:
    return f"rec.{rec.code}.{rec.variant}.{part}" if rec.variant else f"rec.{rec.code}.{part}"


def localize(rec: Recommendation, t: Translator, currency: str) -> dict:
    """The recommendation as published: code, severity, title, advice, evidence (numbers)."""
    params = {name: show(e, t, currency) for name, e in rec.evidence.items()}
    title = t(message_key(rec, "title"), **params)
    advice = t(message_key(rec, "advice"), **params)
    for note in rec.notes:
        advice += t("rec.join") + t(note, **params)
    return {"code": rec.code, "severity": rec.severity, "title": title, "advice": advice, "evidence": rec.values(),
            "units": {name: e.unit for name, e in rec.evidence.items()}, "aliases": list(rec.aliases)}


def switch_params(point: dict, t: Translator, currency: str) -> dict:
    """A switch point's parts as text: the assumption's name, the direction, the values in its unit."""
    from advisor.advice.rules.base import switch_evidence

    return {name: show(e, t, currency) for name, e in switch_evidence(point).items()}
