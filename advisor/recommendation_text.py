"""Titles and advice for recommendations, in the user's language, with their figures filled in."""

from __future__ import annotations

from advisor.formatting import money, percent
from advisor.i18n import Translator


def _params(rec: dict, t: Translator, currency: str) -> dict:
    e = rec["evidence"]
    out: dict = {}
    for key, value in e.items():
        if value is None:
            out[key] = "-"
        elif key in ("cac", "profit_gain"):
            out[key] = money(value, currency)
        elif key in ("marginal_roas", "break_even_roas", "average_roas", "cac_to_order_value"):
            out[key] = f"{value:.2f}"
        elif key == "order_value":
            out[key] = money(value, currency)
        elif key in ("first_loss_month", "payoff_month", "horizon_months", "draws"):
            out[key] = str(value)
        elif key == "mode":
            out[key] = t("mode." + value)
        elif key == "category":
            out[key] = t("category." + value)
        elif key == "probability_pays":
            out[key] = percent(value, 0)
        elif isinstance(value, float):
            out[key] = percent(value)
        else:
            out[key] = str(value)
    return out


def message_key(rec: dict, part: str) -> str:
    variant = rec.get("variant")
    return f"rec.{rec['code']}.{variant}.{part}" if variant else f"rec.{rec['code']}.{part}"


def localize(rec: dict, t: Translator, currency: str) -> dict:
    """The recommendation as published: code, severity, title, advice, evidence (numbers)."""
    params = _params(rec, t, currency)
    if rec["code"] == "build-private-pool" and rec.get("variant") in ("pays", "alongside") and rec["evidence"]["payoff_month"] is None:
        params["payoff_month"] = t("rec.never")
    title = t(message_key(rec, "title"), **params)
    advice = t(message_key(rec, "advice"), **params)
    if "probability_pays" in rec["evidence"]:
        advice += t("rec.join") + t("rec.build-private-pool.probability", **params)
    if rec["code"] == "social-mode":
        advice += t("rec.join") + t("mode-reason." + rec["evidence"]["reason"], **params)
    return {"code": rec["code"], "severity": rec["severity"], "title": title, "advice": advice,
            "evidence": dict(rec["evidence"])}
