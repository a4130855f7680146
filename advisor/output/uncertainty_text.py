"""Terminal rendering of the uncertainty section of an evaluation and of a sensitivity run."""

from __future__ import annotations

from typing import Literal

from advisor.i18n import Translator
from advisor.output.chart import BAND, MARKS, STYLES, margin_chart
from advisor.output.numbers import compact_money, percent

TORNADO_WIDTH = 10


def _print_chart(lines, console) -> None:
    from rich.text import Text

    for segments in lines:
        line = Text()
        for text, style in segments:
            line.append(text, style=style or None)
        console.print(line, no_wrap=True, overflow="crop")


def render_uncertainty(result: dict, t: Translator, console) -> None:
    from rich.table import Table
    from rich.text import Text

    u = result["uncertainty"]
    currency = result["shop"]["currency"]
    table = Table(title=t("unc.title", draws=u["draws"], seed=u["seed"]), title_justify="left", show_edge=False,
                  pad_edge=False)
    table.add_column("")
    for column in ("P10", "P50", "P90"):
        table.add_column(column, justify="right")
    for name, s in u["strategies"].items():
        label = t("proj.strategy." + name)
        for key, metric in (("discounted_profit", "unc.col.discounted"), ("total_profit", "unc.col.total"),
                            ("end_net_margin", "unc.col.end-margin")):
            q = s[key]
            show = percent if key == "end_net_margin" else (lambda v: compact_money(v, currency, t.lang))
            table.add_row(Text(t("unc.row", strategy=label, metric=t(metric)), style=STYLES[name]),
                          *[show(q[p]) for p in ("p10", "p50", "p90")])
        table.add_section()
    console.print()
    console.print(table)
    console.print(t("unc.probability", probability=percent(u["probability_pool_beats_ads"], 0),
                    mix=percent(u["probability_best_mix_beats_ads"], 0)))
    console.print()
    console.print(Text(t("unc.chart.title"), style="bold"))
    strategies = u["strategies"]
    shown = ("platform_ads", "best_mix")
    series = {name: strategies[name]["monthly_net_margin"]["p50"] for name in shown}
    bands = {name: (strategies[name]["monthly_net_margin"]["p10"], strategies[name]["monthly_net_margin"]["p90"])
             for name in shown}
    _print_chart(margin_chart(series, bands=bands), console)
    legend = Text("        ")
    for name in shown:
        legend.append(t("unc.chart.legend", mark=MARKS[name], band=BAND, strategy=t("proj.strategy." + name)) + "   ",
                      style=STYLES[name])
    console.print(legend)


def render_sensitivity(result: dict, t: Translator, console, currency: str) -> None:
    from rich.table import Table
    from rich.text import Text

    rows = result["assumptions"]
    base = result["baseline_discounted_profit"]
    widest = max((r["swing"] for r in rows), default=0) or 1
    table = Table(title=t("sens.title", profit=compact_money(base, currency, t.lang)), title_justify="left",
                  show_edge=False, pad_edge=False)
    justify: Literal["left", "right"]
    for key, justify in (("sens.col.assumption", "left"), ("sens.col.range", "right"), ("sens.col.low", "right"),
                         ("sens.col.bar", "left"), ("sens.col.high", "right")):
        table.add_column(t(key), justify=justify, no_wrap=True)
    for r in rows:
        down = min(r["profit_at_low"], r["profit_at_high"]) - base
        up = max(r["profit_at_low"], r["profit_at_high"]) - base
        left = round(-down / widest * TORNADO_WIDTH) if down < 0 else 0
        right = round(up / widest * TORNADO_WIDTH) if up > 0 else 0
        bar = Text(" " * (TORNADO_WIDTH - left))
        bar.append("█" * left, style="red")
        bar.append("│")
        bar.append("█" * right, style="green")
        value_range = f"{_number(r['low'])} – {_number(r['high'])}"
        if r["source"] == "swing":
            value_range += " *"
        table.add_row(t.name("field", r["assumption"]), value_range, compact_money(r["profit_at_low"] - base, currency, t.lang),
                      bar, compact_money(r["profit_at_high"] - base, currency, t.lang))
    console.print(table)
    console.print(t("sens.note"))
    if rows:
        console.print(t("sens.first", assumption=t.name("field", rows[0]["assumption"])))


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
