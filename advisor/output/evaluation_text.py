"""Terminal rendering of an evaluation (the result of ``advisor.evaluation.evaluate``), with rich."""

from __future__ import annotations

from advisor.i18n import Translator
from advisor.output import texttable
from advisor.output.chart import MARKS, STYLES, margin_chart
from advisor.output.numbers import compact_money, money, percent
from advisor.output.safe import printable

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
    console.print(Text(t("eval.title", name=printable(shop["name"]), platform=t("platform." + shop["platform"]),
                         category=t("category." + shop["category"]),
                         revenue=money(today["revenue"], currency)), style="bold"))

    shares = today["shares"]
    lines = [(t("pnl.line." + name), shares[name]) for name in shares if name != "other"]
    lines += [(t("pnl.line.other", name=printable(t.name("cost", name))), share) for name, share in shares["other"].items()]
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
    columns += [(t("proj.col.plan", strategy=t("proj.short." + name)), "right") for name in strategies]
    columns.append((t("proj.row.members"), "right"))
    pool_source = strategies["best_mix"] if strategies["best_mix"]["runs_pool"] else strategies["private_pool"]
    rows = []
    for m in shown:
        cells: list = [t("proj.month", month=m)]
        for name, s in strategies.items():
            month = s["months"][m - 1]
            margin = "-" if month["net_margin"] is None else percent(month["net_margin"])
            cells.append((f"{compact_money(month['revenue'], currency, t.lang)} {margin:>6}", STYLES[name]))
        rows.append(cells + [f"{pool_source['months'][m - 1]['members']:,.0f}"])
    for key, field in (("proj.col.total", "total_profit"), ("proj.col.value", "value")):
        cells = [t(key)] + [compact_money(s[field], currency, t.lang) for s in strategies.values()]
        rows.append(cells + [""])
    console.print()
    console.print(texttable.render(t("proj.title", months=horizon), columns, rows, rules=(len(shown),)),
                  no_wrap=True, overflow="crop")
    console.print(t("proj.value-note"))

    console.print()
    console.print(Text(t("proj.chart.title"), style="bold"))
    series = {name: [m["net_margin"] for m in s["months"]] for name, s in strategies.items()}
    chart = Text()
    for segments in margin_chart(series):
        for text, style in segments:
            chart.append(text, style=style or None)
        chart.append("\n")
    chart.append("        ")
    for name in strategies:
        chart.append(t("proj.chart.legend", mark=MARKS[name], strategy=t("proj.strategy." + name)) + "   ",
                     style=STYLES[name])
    console.print(chart)
    render_decision(result, t, console)


def render_decision(result: dict, t: Translator, console) -> None:
    """What tuning the ads is worth, what the pool adds on top, and what the verdict hangs on."""
    from rich.text import Text

    from advisor.output.recommendations import switch_params

    currency = result["shop"]["currency"]
    horizon = result["horizon_months"]
    d = result["decision"]
    best = result["strategies"]["best_mix"]
    console.print()
    console.print(Text(t("dec.title"), style="bold"))
    level = percent(1 + d["ad_budget_change"], 0)
    taper = t("dec.taper", rate=percent(1 - _yearly_taper(best), 0)) if d["ad_budget_tapers"] else ""
    key = "dec.ads-bound" if d["at_bound"] else "dec.ads"
    console.print(t(key, level=level, taper=taper, gain=money(d["ads_gain"], currency)))
    band = d["ads_band"]
    console.print(t("dec.band-flat" if band["flat"] else "dec.band", low=percent(1 + band["low"], 0),
                    high=percent(1 + band["high"], 0)))
    if d["runs_pool"]:
        month = d["pool_overtakes_month"]
        when = t("dec.pool-month", month=month) if month else t("dec.pool-after", months=horizon)
        console.print(t("dec.pool-pays", gain=money(d["pool_gain"], currency), when=when))
    else:
        console.print(t("dec.pool-loses", loss=money(-d["pool_gain"], currency)))
    pool_points = [s for s in d["switch_points"] if s["verdict"] == "pool" and s["switch_at"] is not None]
    if pool_points:
        nearest = min(pool_points, key=lambda s: abs(s["switch_at"] - s["assumed"])
                      / max(s["plausible_range"][1] - s["plausible_range"][0], 1e-12))
        params = switch_params(nearest, t, currency)
        console.print(t("dec.switch-pays" if d["runs_pool"] else "dec.switch-would", **params))
    if d["horizon_changes_verdict"]:
        g = {h: money(v, currency) for h, v in d["pool_gain_by_horizon"].items()}
        console.print(t("dec.horizon", g12=g["12"], g24=g["24"], g60=g["60"]))
    end = best["months"][horizon - 1]
    today = result["today"]["revenue"]
    console.print(t("dec.end", month=horizon, revenue=money(end["revenue"], currency),
                    ratio=percent(end["revenue"] / today, 0),
                    margin="-" if end["net_margin"] is None else percent(end["net_margin"])))


def _yearly_taper(strategy: dict) -> float:
    """The factor the ad level keeps from one year to the next (1 - yearly cut)."""
    path = strategy["ad_budget_path"]
    if len(path) >= 2 and (1 + path[0]) > 0:
        return (1 + path[1]) / (1 + path[0])
    return 1.0
