"""An evaluation as a Markdown report: the terminal report's content in a document a consultant
can paste into notes, a wiki or an email (``advisor evaluate --format markdown``). The same
numbers, the same words, the same order: summary, today's P&L, the plans month by month, the
decision, the uncertainty, the advice."""

from __future__ import annotations

from advisor.i18n import Translator
from advisor.output.evaluation_text import members_source, projection_months
from advisor.output.numbers import compact_money, money, percent, probability
from advisor.output.safe import markdown_text

escape = markdown_text
"""Text that Markdown shows as written (``safe.markdown_text``)."""


def table(headers: list[str], aligns: str, rows: list[list[str]]) -> list[str]:
    """A pipe table; ``aligns`` has one letter a column: l or r."""
    rule = "|" + "|".join("--:" if a == "r" else "---" for a in aligns) + "|"
    return ["| " + " | ".join(headers) + " |", rule] + ["| " + " | ".join(row) + " |" for row in rows]


def render(result: dict, t: Translator) -> str:
    from advisor.output.summary import summary

    shop, today, currency = result["shop"], result["today"], result["shop"]["currency"]
    out = [f"# {escape(shop['name'])}", "",
           escape(f"{t('platform.' + shop['platform'])} · {t('category.' + shop['category'])} · "
                  + t("md.revenue", revenue=money(today["revenue"], currency))), ""]
    out += [f"## {t('sum.title')}", ""] + [f"- {escape(line)}" for line in summary(result, t)] + [""]
    out += _pnl(result, t)
    out += _projection(result, t)
    out += _decision(result, t)
    if "uncertainty" in result:
        out += _uncertainty(result, t)
    out += _advice(result, t)
    return "\n".join(out).rstrip() + "\n"


def _pnl(result: dict, t: Translator) -> list[str]:
    today, currency = result["today"], result["shop"]["currency"]
    shares = today["shares"]
    lines = [(t("pnl.line." + name), shares[name]) for name in shares if name != "other"]
    lines += [(t("pnl.line.other", name=t.name("cost", name)), share) for name, share in shares["other"].items()]
    rows = [[escape(label), percent(share), money(share * today["revenue"], currency)] for label, share in lines]
    rows.append([escape(t("pnl.contribution")), percent(today["contribution_margin"]),
                 money(today["contribution_margin"] * today["revenue"], currency)])
    rows.append([f"**{escape(t('pnl.net'))}**", f"**{percent(today['net_margin'])}**",
                 f"**{money(today['net_profit'], currency)}**"])
    roas = today["break_even_roas"]
    note = t("pnl.roas", roas=f"{roas:.2f}") if roas is not None else t("pnl.roas-none")
    return [f"## {escape(t('pnl.title'))}", "",
            *table([t("pnl.col.line"), t("pnl.col.share"), t("pnl.col.money")], "lrr", rows), "", escape(note), ""]


def _projection(result: dict, t: Translator) -> list[str]:
    currency, horizon, strategies = result["shop"]["currency"], result["horizon_months"], result["strategies"]
    headers = [t("proj.col.month")]
    for name in strategies:
        headers += [t("md.plan-revenue", strategy=t("proj.strategy." + name)),
                    t("md.plan-margin", strategy=t("proj.strategy." + name))]
    pool_name = members_source(strategies)
    headers.append(t("proj.row.members-of", strategy=t("proj.strategy." + pool_name)))
    pool = strategies[pool_name]
    rows = []
    for m in projection_months(horizon):
        row = [t("proj.month", month=m)]
        for s in strategies.values():
            month = s["months"][m - 1]
            row += [compact_money(month["revenue"], currency, t.lang),
                    "-" if month["net_margin"] is None else percent(month["net_margin"])]
        rows.append(row + [f"{pool['months'][m - 1]['members']:,.0f}"])
    for key, field in (("proj.col.total", "total_profit"), ("proj.col.value", "value")):
        row = [f"**{t(key)}**"]
        for s in strategies.values():
            row += [compact_money(s[field], currency, t.lang), ""]
        rows.append(row + [""])
    return [f"## {escape(t('proj.title', months=horizon))}", "",
            *table(headers, "l" + "rr" * len(strategies) + "r", rows), "", escape(t("proj.value-note")), ""]


def _decision(result: dict, t: Translator) -> list[str]:
    from advisor.output.evaluation_text import decision_lines

    return [f"## {t('dec.title')}", ""] + [item for line in decision_lines(result, t) for item in (escape(line), "")]


def _uncertainty(result: dict, t: Translator) -> list[str]:
    u, currency = result["uncertainty"], result["shop"]["currency"]
    rows = []
    for name, s in u["strategies"].items():
        plan = result["strategies"][name]
        label = t("proj.strategy." + name)
        rows.append([escape(t("unc.row", strategy=label, metric=t("unc.col.value"))),
                     compact_money(plan["value"], currency, t.lang),
                     *[compact_money(s["value"][p], currency, t.lang) for p in ("p10", "p50", "p90")]])
        rows.append([escape(t("unc.row", strategy=label, metric=t("unc.col.end-margin"))),
                     percent(plan["end_net_margin"]), *[percent(s["end_net_margin"][p]) for p in ("p10", "p50", "p90")]])
    title = t("unc.title", draws=u["draws"], seed=u["seed"], defaults=len(u["drawn_from_defaults"]),
              ranged=len(u["drawn_from_profile"]))
    note = t("unc.probability", tuning=probability(u["probability_tuning_pays"]),
             pool=probability(u["probability_pool_pays"]))
    return [f"## {escape(title)}", "", *table(["", t("unc.col.plan"), "P10", "P50", "P90"], "lrrrr", rows), "",
            escape(note), ""]


def _advice(result: dict, t: Translator) -> list[str]:
    from advisor.output.recommendations import localize

    out = [f"## {t('rec.heading')}", ""]
    for rec in (localize(r, t, result["shop"]["currency"]) for r in result["recommendations"]):
        out += [f"### {escape(rec['title'])}", "",
                f"*{t('severity.' + rec['severity'])}* · `{rec['code']}`", "", escape(rec["advice"]), ""]
    return out + [f"**{escape(t('rec.score', score=result['health_score']))}**"]
