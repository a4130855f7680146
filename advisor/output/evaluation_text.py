"""Terminal rendering of an evaluation (the result of ``advisor.evaluation.evaluate``), with rich."""

from __future__ import annotations

from advisor.i18n import Translator
from advisor.output import texttable
from advisor.output.chart import LABEL_WIDTH, MARKS, STYLES, margin_chart
from advisor.output.numbers import compact_money, money, percent
from advisor.output.safe import printable

BAR_WIDTH = 30
"""Cells for the whole revenue in the P&L's bars (a 40% cost line: 12 cells), when the terminal
has room."""
MIN_BAR = 6
"""The largest bar must get at least this many cells, or the bars are left out: a bar of one or
two cells tells nothing the percent does not."""


def _bar(share: float, unit: float = BAR_WIDTH) -> str:
    """A share of revenue as a bar of ``unit`` cells for the whole revenue."""
    return "█" * max(0, round(share * unit))


def members_source(strategies: dict) -> str:
    """The plan whose members the projection shows: the best plan's when it runs the pool, else
    the profile's own pool plan (the column says which)."""
    return "best_mix" if strategies["best_mix"]["runs_pool"] else "private_pool"


def projection_months(horizon: int) -> list[int]:
    """Months shown in the projection table: every month up to 6, quarters, then half-years."""
    if horizon <= 6:
        return list(range(1, horizon + 1))
    step = 3 if horizon <= 24 else 6 if horizon <= 60 else 12
    shown = [1] + list(range(step, horizon + 1, step))
    if shown[-1] != horizon:
        shown.append(horizon)
    return shown


def paragraph(console, text, style: str | None = None, first: str = "", indent: str = "") -> None:
    """Print ``text`` wrapped to the console's width (CJK-aware, see ``wrap``): never cropped."""
    from rich.text import Text

    from advisor.output.wrap import fill

    console.print(Text(fill(text, console.width, first, indent), style=style or ""), no_wrap=True, overflow="fold")


def render_evaluation(result: dict, t: Translator, console) -> None:
    from rich.text import Text

    from advisor.output.summary import summary

    shop, today, currency = result["shop"], result["today"], result["shop"]["currency"]
    paragraph(console, t("eval.title", name=printable(shop["name"]), platform=t("platform." + shop["platform"]),
                         category=t("category." + shop["category"]), revenue=money(today["revenue"], currency)),
              style="bold")
    if "recommendations" in result and "decision" in result:
        console.print()
        console.print(Text(t("sum.title"), style="bold"))
        for line in summary(result, t):
            paragraph(console, line, first="", indent="  ")
    render_pnl(result, t, console)
    if "strategies" in result:
        render_projection(result, t, console)
    if "uncertainty" in result:
        from advisor.output.uncertainty_text import render_uncertainty

        render_uncertainty(result, t, console)
    if "recommendations" in result:
        render_recommendations(result, t, console)


def render_pnl(result: dict, t: Translator, console) -> None:
    """Today's P&L: each cost line as a share and as money a month, with a bar scaled to fit."""
    today, currency = result["today"], result["shop"]["currency"]
    shares = today["shares"]
    lines = [(t("pnl.line." + name), shares[name]) for name in shares if name != "other"]
    lines += [(t("pnl.line.other", name=printable(t.name("cost", name))), share) for name, share in shares["other"].items()]
    rows: list[list] = [[label, percent(share), money(share * today["revenue"], currency)] for label, share in lines]
    net_style = "bold red" if today["net_margin"] < 0 else "bold green"
    rows.append([t("pnl.contribution"), percent(today["contribution_margin"]),
                 money(today["contribution_margin"] * today["revenue"], currency)])
    rows.append([(t("pnl.net"), "bold"), (percent(today["net_margin"]), net_style),
                 (money(today["net_profit"], currency), net_style)])
    columns: list[tuple[str, str]] = [(t("pnl.col.line"), "left"), (t("pnl.col.share"), "right"),
                                      (t("pnl.col.money"), "right")]
    # the bars take what the numbers leave, at most BAR_WIDTH cells for the whole revenue
    room = console.width - texttable.width_of(columns, rows) - len(texttable.GAP)
    largest = max([share for _, share in lines] + [today["net_margin"], 0.01])
    unit = min(BAR_WIDTH, room / largest)
    if unit * largest >= MIN_BAR:
        bars: list = [(_bar(share, unit), "yellow") for _, share in lines]
        bars += ["", (_bar(max(today["net_margin"], 0), unit), "green")]
        rows = [row + [bar] for row, bar in zip(rows, bars)]
        columns.append((t("pnl.col.bar"), "left"))
    console.print()
    console.print(texttable.render(t("pnl.title"), columns, rows, rules=(len(lines),), width=console.width,
                                   drop=(3,)), no_wrap=True, overflow="fold")
    roas = today["break_even_roas"]
    paragraph(console, t("pnl.roas", roas=f"{roas:.2f}") if roas is not None else t("pnl.roas-none"))


SEVERITY_STYLES = {"critical": "bold red", "warning": "yellow", "info": "cyan"}


def render_recommendations(result: dict, t: Translator, console) -> None:
    from rich.text import Text

    from advisor.output.recommendations import localize
    from advisor.output.wrap import fill_text

    console.print()
    console.print(Text(t("rec.heading"), style="bold"))
    for rec in (localize(r, t, result["shop"]["currency"]) for r in result["recommendations"]):
        line = Text("• ")
        line.append(f"[{t('severity.' + rec['severity'])}] ", style=SEVERITY_STYLES[rec["severity"]])
        line.append(rec["title"], style="bold")
        line.append(f"  ({rec['code']})", style="dim")
        console.print(fill_text(line, console.width, indent="  "), no_wrap=True, overflow="fold")
        paragraph(console, rec["advice"], first="  ", indent="  ")
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
    pool_name = members_source(strategies)
    columns.append((t("proj.row.members-of", strategy=t("proj.short." + pool_name)), "right"))
    pool_source = strategies[pool_name]
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
    console.print(texttable.render(t("proj.title", months=horizon), columns, rows, rules=(len(shown),),
                                   width=console.width, panels=1), no_wrap=True, overflow="fold")
    paragraph(console, t("proj.value-note"))

    console.print()
    console.print(Text(t("proj.chart.title"), style="bold"))
    series = {name: [m["net_margin"] for m in s["months"]] for name, s in strategies.items()}
    print_chart(margin_chart(series, width=console.width, caption=t("chart.month")), console)
    print_legend([(t("proj.chart.legend", mark=MARKS[name], strategy=t("proj.strategy." + name)), STYLES[name])
                  for name in strategies], console)
    render_decision(result, t, console)


def print_legend(items: list, console) -> None:
    """A chart's legend under its plot: (text, style) items, as many to a line as fit, none split."""
    from rich.cells import cell_len
    from rich.text import Text

    indent = " " * LABEL_WIDTH
    line = Text(indent)
    for text, style in items:
        if line.plain.strip() and cell_len(line.plain) + 3 + cell_len(text) > console.width:
            console.print(line, no_wrap=True, overflow="fold")
            line = Text(indent)
        line.append(("   " if line.plain.strip() else "") + text, style=style)
    console.print(line, no_wrap=True, overflow="fold")


def print_chart(lines: list, console) -> None:
    """A chart's lines of (text, style) segments, printed whole in one go."""
    from rich.text import Text

    chart = Text()
    for n, segments in enumerate(lines):
        if n:
            chart.append("\n")
        for text, style in segments:
            chart.append(text, style=style or None)
    console.print(chart, no_wrap=True, overflow="fold")


def render_decision(result: dict, t: Translator, console) -> None:
    """What tuning the ads is worth, what the pool adds on top, and what the verdict hangs on."""
    from rich.text import Text

    console.print()
    console.print(Text(t("dec.title"), style="bold"))
    for line in decision_lines(result, t):
        paragraph(console, line)


def decision_lines(result: dict, t: Translator) -> list[str]:
    """The decision's sentences, in the reader's language (the terminal, Markdown and HTML
    reports all print these)."""
    from advisor.output.recommendations import switch_params

    currency = result["shop"]["currency"]
    horizon = result["horizon_months"]
    d = result["decision"]
    best = result["strategies"]["best_mix"]
    lines = []
    verdict = d["ads_verdict"]
    band = d["ads_band"]
    low, high = percent(1 + band["low"], 0), percent(1 + band["high"], 0)
    gain = money(d["ads_gain"], currency)
    if verdict == "none":
        lines.append(t("dec.ads-none"))
    elif verdict == "keep":
        lines.append(t("dec.ads-keep", gain=gain))
    elif verdict == "taper":
        lines.append(t("dec.ads-taper", low=low, high=high, rate=percent(d["ads_yearly_fall"], 0), gain=gain))
    else:
        taper = t("dec.taper", rate=percent(d["ads_yearly_fall"], 0)) if d["ad_budget_tapers"] else ""
        key = "dec.ads-bound" if d["at_bound"] else "dec.ads"
        lines.append(t(key, level=percent(1 + d["ad_budget_change"], 0), taper=taper,
                       gain=money(d["plan_gain"], currency)))
        if d["runs_pool"]:
            lines.append(t("dec.ads-with-pool", ads_gain=gain))
        lines.append(t("dec.band-flat" if band["flat"] else "dec.band", low=low, high=high))
    if d["runs_pool"]:
        month = d["pool_overtakes_month"]
        when = t("dec.pool-month", month=month) if month else t("dec.pool-after", months=horizon)
        lines.append(t("dec.pool-pays", gain=money(d["pool_gain"], currency), when=when))
    else:
        lines.append(t("dec.pool-loses", loss=money(-d["pool_gain"], currency)))
    pool_points = [s for s in d["switch_points"] if s["verdict"] == "pool" and s["switch_at"] is not None]
    if pool_points:
        nearest = min(pool_points, key=lambda s: abs(s["switch_at"] - s["assumed"])
                      / max(s["plausible_range"][1] - s["plausible_range"][0], 1e-12))
        params = switch_params(nearest, t, currency)
        lines.append(t("dec.switch-pays" if d["runs_pool"] else "dec.switch-would", **params))
    if d["horizon_changes_verdict"]:
        g = {h: money(v, currency) for h, v in d["pool_gain_by_horizon"].items()}
        lines.append(t("dec.horizon", g12=g["12"], g24=g["24"], g60=g["60"]))
    end = best["months"][horizon - 1]
    today = result["today"]["revenue"]
    lines.append(t("dec.end", month=horizon, revenue=money(end["revenue"], currency),
                   ratio=percent(end["revenue"] / today, 0),
                   margin="-" if end["net_margin"] is None else percent(end["net_margin"])))
    return lines

