"""Terminal rendering of an evaluation (the result of ``advisor.evaluation.evaluate``), with rich."""

from __future__ import annotations

from advisor.i18n import Translator
from advisor.output import texttable
from advisor.output.chart import MARKS, STYLES, margin_chart
from advisor.output.numbers import compact_money, money, percent

BAR_WIDTH = 30


def _bar(share: float, width: int = BAR_WIDTH) -> str:
    return "█" * max(0, min(width, round(share * width)))


def projection_months(horizon: int) -> list[int]:
    """Months shown in the projection table: every month up to 6, quarters, then half-years."""
    if horizon <= 6:
        return list(range(1, horizon + 1))
    step = 3 if horizon <= 24 else 6 if horizon <= 60 else 12
    shown = [1] + list(range(step, horizon + 1, step))
    if shown[-1] != horizon:
        shown.append(horizon)
    return shown


def render_evaluation(result: dict, t: Translator, console) -> None:
    from rich.text import Text

    shop, today, currency = result["shop"], result["today"], result["shop"]["currency"]
    console.print(Text(t("eval.title", name=shop["name"], platform=t("platform." + shop["platform"]),
                         category=t("category." + shop["category"]),
                         revenue=money(today["revenue"], currency)), style="bold"))

    shares = today["shares"]
    lines = [(t("pnl.line." + name), shares[name]) for name in shares if name != "other"]
    lines += [(t("pnl.line.other", name=t.name("cost", name)), share) for name, share in shares["other"].items()]
    rows = [[label, percent(share), money(share * today["revenue"], currency), (_bar(share), "yellow")]
            for label, share in lines]
    net_style = "bold red" if today["net_margin"] < 0 else "bold green"
    rows.append([t("pnl.contribution"), percent(today["contribution_margin"]),
                 money(today["contribution_margin"] * today["revenue"], currency), ""])
    rows.append([(t("pnl.net"), "bold"), (percent(today["net_margin"]), net_style),
                 (money(today["net_profit"], currency), net_style), (_bar(max(today["net_margin"], 0)), "green")])
    columns = [(t("pnl.col.line"), "left"), (t("pnl.col.share"), "right"), (t("pnl.col.money"), "right"),
               (t("pnl.col.bar"), "left")]
    console.print()
    console.print(texttable.render(t("pnl.title"), columns, rows, rules=(len(lines),)), no_wrap=True, overflow="crop")
    roas = today["break_even_roas"]
    console.print(t("pnl.roas", roas=f"{roas:.2f}") if roas is not None else t("pnl.roas-none"))

    if "strategies" in result:
        render_projection(result, t, console)
    if "uncertainty" in result:
        from advisor.output.uncertainty_text import render_uncertainty

        render_uncertainty(result, t, console)
    if "recommendations" in result:
        render_recommendations(result, t, console)


SEVERITY_STYLES = {"critical": "bold red", "warning": "yellow", "info": "cyan"}


def render_recommendations(result: dict, t: Translator, console) -> None:
    from rich.text import Text

    from advisor.output.recommendations import localize

    console.print()
    console.print(Text(t("rec.heading"), style="bold"))
    for rec in (localize(r, t, result["shop"]["currency"]) for r in result["recommendations"]):
        line = Text("• ")
        line.append(f"[{t('severity.' + rec['severity'])}] ", style=SEVERITY_STYLES[rec["severity"]])
        line.append(rec["title"], style="bold")
        line.append(f"  ({rec['code']})", style="dim")
        console.print(line)
        console.print(Text(rec["advice"]), style=None, overflow="fold")
        console.print()
    console.print(Text(t("rec.score", score=result["health_score"]), style="bold"))


def render_projection(result: dict, t: Translator, console) -> None:
    from rich.text import Text

    currency = result["shop"]["currency"]
    horizon = result["horizon_months"]
    strategies = result["strategies"]
    shown = projection_months(horizon)
    columns = [(t("proj.col.month"), "left")]
    for name in strategies:
        label = t("proj.short." + name)
        columns += [(t("proj.col.margin", strategy=label), "right"), (t("proj.col.profit", strategy=label), "right")]
    columns.append((t("proj.row.members"), "right"))
    mix = strategies["best_mix"]
    member_source = mix if mix["runs_pool"] else strategies["private_pool"]
    rows = []
    for m in shown:
        cells: list = [t("proj.month", month=m)]
        for name, s in strategies.items():
            month = s["months"][m - 1]
            cells += [(percent(month["net_margin"]), STYLES[name]), compact_money(month["profit"], currency, t.lang)]
        rows.append(cells + [f"{member_source['months'][m - 1]['members']:,.0f}"])
    for key, field in (("proj.col.total", "total_profit"), ("proj.col.discounted", "discounted_profit")):
        cells = [t(key)]
        for s in strategies.values():
            cells += ["", compact_money(s[field], currency, t.lang)]
        rows.append(cells + [""])
    console.print()
    console.print(texttable.render(t("proj.title", months=horizon), columns, rows, rules=(len(shown),)),
                  no_wrap=True, overflow="crop")

    console.print()
    console.print(Text(t("proj.chart.title"), style="bold"))
    series = {name: [m["net_margin"] for m in s["months"]] for name, s in strategies.items()}
    chart = Text()
    for segments in margin_chart(series):
        for text, style in segments:
            chart.append(text, style=style or None)
        chart.append("\n")
    legend = chart
    legend.append("        ")
    for name in strategies:
        legend.append(t("proj.chart.legend", mark=MARKS[name], strategy=t("proj.strategy." + name)) + "   ",
                      style=STYLES[name])
    console.print(legend)
    console.print()

    overtake = result["pool_overtakes_ads_month"]
    console.print(t("proj.overtake", month=overtake) if overtake else t("proj.overtake-never", months=horizon))
    ads = strategies["platform_ads"]
    if mix["runs_pool"]:
        console.print(t("proj.best", shift=percent(mix["budget_shift"], 0), profit=money(mix["discounted_profit"], currency),
                        gain=money(mix["discounted_profit"] - ads["discounted_profit"], currency)))
    else:
        console.print(t("proj.best-no-pool", months=horizon))
    console.print(t("proj.end-share", ads=percent(ads["end_marketing_share"]), mix=percent(mix["end_marketing_share"])))
