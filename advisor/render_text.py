"""Terminal rendering of an evaluation (the dict from ``advisor.evaluation``), with rich."""

from __future__ import annotations

from advisor.formatting import compact_money, money, percent
from advisor.chart import MARKS, STYLES, margin_chart
from advisor.i18n import Translator

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
    from rich.table import Table
    from rich.text import Text

    shop, today, currency = result["shop"], result["today"], result["shop"]["currency"]
    console.print(Text(t("eval.title", name=shop["name"], platform=t("platform." + shop["platform"]),
                         category=t("category." + shop["category"]),
                         revenue=money(today["revenue"], currency)), style="bold"))

    table = Table(title=t("pnl.title"), title_justify="left", show_edge=False, pad_edge=False)
    table.add_column(t("pnl.col.line"))
    table.add_column(t("pnl.col.share"), justify="right")
    table.add_column(t("pnl.col.money"), justify="right")
    table.add_column(t("pnl.col.bar"), no_wrap=True)
    shares = today["shares"]
    rows = [(t("pnl.line." + name), shares[name]) for name in shares if name != "other"]
    rows += [(t("pnl.line.other", name=t.name("cost", name)), share) for name, share in shares["other"].items()]
    for label, share in rows:
        table.add_row(label, percent(share), money(share * today["revenue"], currency), Text(_bar(share), style="yellow"))
    table.add_section()
    table.add_row(t("pnl.contribution"), percent(today["contribution_margin"]),
                  money(today["contribution_margin"] * today["revenue"], currency), "")
    net_style = "bold red" if today["net_margin"] < 0 else "bold green"
    table.add_row(Text(t("pnl.net"), style="bold"), Text(percent(today["net_margin"]), style=net_style),
                  Text(money(today["net_profit"], currency), style=net_style),
                  Text(_bar(max(today["net_margin"], 0)), style="green"))
    console.print()
    console.print(table)
    roas = today["break_even_roas"]
    console.print(t("pnl.roas", roas=f"{roas:.2f}") if roas is not None else t("pnl.roas-none"))

    if "strategies" in result:
        render_projection(result, t, console)
    if "uncertainty" in result:
        from advisor.render_uncertainty import render_uncertainty

        render_uncertainty(result, t, console)
    if "recommendations" in result:
        render_recommendations(result, t, console)


SEVERITY_STYLES = {"critical": "bold red", "warning": "yellow", "info": "cyan"}


def render_recommendations(result: dict, t: Translator, console) -> None:
    from rich.text import Text

    console.print()
    console.print(Text(t("rec.heading"), style="bold"))
    for rec in result["recommendations"]:
        line = Text("• ")
        line.append(f"[{t('severity.' + rec['severity'])}] ", style=SEVERITY_STYLES[rec["severity"]])
        line.append(rec["title"], style="bold")
        line.append(f"  ({rec['code']})", style="dim")
        console.print(line)
        console.print(Text(rec["advice"]), style=None, overflow="fold")
        console.print()
    console.print(Text(t("rec.score", score=result["health_score"]), style="bold"))


def render_projection(result: dict, t: Translator, console) -> None:
    from rich.table import Table
    from rich.text import Text

    currency = result["shop"]["currency"]
    horizon = result["horizon_months"]
    strategies = result["strategies"]
    shown = projection_months(horizon)
    table = Table(title=t("proj.title", months=horizon), title_justify="left", show_edge=False, pad_edge=False)
    table.add_column(t("proj.col.month"))
    for name in strategies:
        label = t("proj.strategy." + name)
        table.add_column(t("proj.col.margin", strategy=label), justify="right", style=STYLES[name])
        table.add_column(t("proj.col.profit", strategy=label), justify="right")
    table.add_column(t("proj.row.members"), justify="right")
    mix = strategies["best_mix"]
    member_source = mix if mix["runs_pool"] else strategies["private_pool"]
    for m in shown:
        cells = []
        for s in strategies.values():
            month = s["months"][m - 1]
            cells += [percent(month["net_margin"]), compact_money(month["profit"], currency, t.lang)]
        table.add_row(t("proj.month", month=m), *cells, f"{member_source['months'][m - 1]['members']:,.0f}")
    table.add_section()
    for key, field in (("proj.col.total", "total_profit"), ("proj.col.discounted", "discounted_profit")):
        cells = []
        for s in strategies.values():
            cells += ["", compact_money(s[field], currency, t.lang)]
        table.add_row(t(key), *cells, "")
    console.print()
    console.print(table)

    console.print()
    console.print(Text(t("proj.chart.title"), style="bold"))
    series = {name: [m["net_margin"] for m in s["months"]] for name, s in strategies.items()}
    for segments in margin_chart(series):
        line = Text()
        for text, style in segments:
            line.append(text, style=style or None)
        console.print(line, no_wrap=True, overflow="crop")
    legend = Text("        ")
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
