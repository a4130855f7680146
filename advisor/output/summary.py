"""The evaluation in four sentences, read before anything else: what to do first, the decision in
figures, where the best plan leads, the health score. The terminal report, the markdown report
and the HTML report all open with these same sentences."""

from __future__ import annotations

from advisor.i18n import Translator
from advisor.output.numbers import money, percent
from advisor.output.recommendations import localize

DIAGNOSES = frozenset({"loss-warning", "pool-not-yet"})
"""Advice that describes the shop rather than naming an action: never the "do this first" line
(its figures are in the other lines: today's plan's end margin, the pool's verdict)."""


def actions(result: dict, t: Translator) -> list[dict]:
    """The localized recommendations that name an action, most severe first."""
    currency = result["shop"]["currency"]
    return [rec for rec in (localize(r, t, currency) for r in result["recommendations"])
            if rec["code"] not in DIAGNOSES]


def summary(result: dict, t: Translator) -> list[str]:
    """Two to four sentences: the first action (and the next, when it is a warning too; "nothing
    urgent" when the most severe is only information), the ads and pool decision, where the best
    plan leads against today's plan, and the health score."""
    currency = result["shop"]["currency"]
    lines = []
    todo = actions(result, t)
    if todo:
        urgent = todo[0]["severity"] != "info"
        first = t("sum.first" if urgent else "sum.first-info", action=todo[0]["title"])
        if urgent and len(todo) > 1 and todo[1]["severity"] != "info":
            first += t("sum.join") + t("sum.then", action=todo[1]["title"])
        lines.append(first)
    lines.append(decision_sentence(result, t))
    horizon = result["horizon_months"]
    best = result["strategies"]["best_mix"]["months"][horizon - 1]
    kept = result["strategies"]["platform_ads"]["months"][horizon - 1]
    revenue = result["today"]["revenue"]
    lines.append(t("sum.leads", month=horizon, margin=_margin(best["net_margin"]),
                   revenue=money(best["revenue"], currency), ratio=percent(best["revenue"] / revenue, 0),
                   kept=_margin(kept["net_margin"])))
    lines.append(t("rec.score", score=result["health_score"]))
    return lines


def _margin(value: float | None) -> str:
    return "-" if value is None else percent(value)


def decision_sentence(result: dict, t: Translator) -> str:
    """The ads and pool decision in one sentence: one ad figure (the best plan's), and each gain
    credited to what makes it -- tuning the ads (the best plan without the pool, against today's
    plan) and the pool (the best plan with it, against that)."""
    currency = result["shop"]["currency"]
    d = result["decision"]
    if d["runs_pool"]:
        month = d["pool_overtakes_month"]
        pool = (t("sum.pool-pays", gain=money(d["pool_gain"], currency), month=month) if month
                else t("sum.pool-after", gain=money(d["pool_gain"], currency)))
    else:
        pool = t("sum.pool-no", loss=money(max(0.0, -d["pool_gain"]), currency))
    verdict = d["ads_verdict"]
    gain = money(d["ads_gain"], currency)
    if verdict == "none":
        return t("sum.decision-no-ads", pool=pool)
    if verdict == "keep":
        return t("sum.decision-keep", gain=gain, pool=pool)
    if verdict == "taper":
        return t("sum.decision-taper", rate=percent(d["ads_yearly_fall"], 0), gain=gain, pool=pool)
    level = percent(1 + d["ad_budget_change"], 0)
    if d["runs_pool"]:
        return t("sum.decision-with-pool", level=level, gain=money(d["plan_gain"], currency),
                 pool_gain=money(d["pool_gain"], currency), ads_gain=gain)
    return t("sum.decision", level=level, gain=gain, pool=pool)
