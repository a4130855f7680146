"""Terminal rendering of the uncertainty section of an evaluation and of a sensitivity run."""

from __future__ import annotations

from advisor.i18n import Translator
from advisor.output import texttable
from advisor.output.chart import BAND, MARKS, STYLES, margin_chart
from advisor.output.numbers import compact_money, field_value, percent, probability

TORNADO_WIDTH = 8


def render_uncertainty(result: dict, t: Translator, console) -> None:
    from rich.text import Text

    from advisor.output.evaluation_text import paragraph, print_chart, print_legend

    u = result["uncertainty"]
    currency = result["shop"]["currency"]
    title = t("unc.title", draws=u["draws"], seed=u["seed"], defaults=len(u["drawn_from_defaults"]),
              ranged=len(u["drawn_from_profile"]))
    columns = [("", "left"), (t("unc.col.plan"), "right"), ("P10", "right"), ("P50", "right"), ("P90", "right")]
    rows = []
    for name, s in u["strategies"].items():
        label = t("proj.strategy." + name)
        plan = result["strategies"][name]
        q = s["value"]
        rows.append([(t("unc.row", strategy=label, metric=t("unc.col.value")), STYLES[name]),
                     compact_money(plan["value"], currency, t.lang),
                     *[compact_money(q[p], currency, t.lang) for p in ("p10", "p50", "p90")]])
        q = s["end_net_margin"]
        rows.append([(t("unc.row", strategy=label, metric=t("unc.col.end-margin")), STYLES[name]),
                     percent(plan["end_net_margin"]), *[percent(q[p]) for p in ("p10", "p50", "p90")]])
    console.print()
    console.print(texttable.render(title, columns, rows, width=console.width), no_wrap=True, overflow="fold")
    paragraph(console, t("unc.probability", tuning=probability(u["probability_tuning_pays"]),
                         pool=probability(u["probability_pool_pays"])))
    console.print()
    console.print(Text(t("unc.chart.title"), style="bold"))
    strategies = u["strategies"]
    shown = ("platform_ads", "best_mix")
    series = {name: strategies[name]["monthly_net_margin"]["p50"] for name in shown}
    bands = {name: (strategies[name]["monthly_net_margin"]["p10"], strategies[name]["monthly_net_margin"]["p90"])
             for name in shown}
    print_chart(margin_chart(series, bands=bands, width=console.width, caption=t("chart.month")), console)
    print_legend([(t("unc.chart.legend", mark=MARKS[name], band=BAND, strategy=t("proj.strategy." + name)),
                   STYLES[name]) for name in shown], console)


SOURCE_MARKS = {"books": " *", "pinned": " °"}


def render_sensitivity(result: dict, t: Translator, console, currency: str) -> None:
    from advisor.output.evaluation_text import paragraph
    from advisor.output.recommendations import switch_params

    rows = result["assumptions"]
    value, gain = result["baseline_value"], result["baseline_pool_gain"]
    widest = max((abs(r["value_at_high"] - r["value_at_low"]) for r in rows), default=0) or 1

    def money(x):
        return compact_money(x, currency, t.lang)

    table_rows = []
    for r in rows:
        down = min(r["value_at_low"], r["value_at_high"]) - value
        up = max(r["value_at_low"], r["value_at_high"]) - value
        left = round(-down / widest * TORNADO_WIDTH) if down < 0 else 0
        right = round(up / widest * TORNADO_WIDTH) if up > 0 else 0
        bar = [(" " * (TORNADO_WIDTH - left), None), ("█" * left, "red"), ("│", None), ("█" * right, "green")]
        low, high = (field_value(r["assumption"], r[end], currency) for end in ("low", "high"))
        tested = f"{low}–{high}{SOURCE_MARKS.get(r['source'], '')}"
        table_rows.append([t.name("field", r["assumption"]), tested, money(r["value_at_low"] - value),
                           ("".join(text for text, _ in bar), None), money(r["value_at_high"] - value),
                           money(r["pool_gain_at_low"] - gain), money(r["pool_gain_at_high"] - gain)])
    columns = [(t("sens.col.assumption"), "left"), (t("sens.col.range"), "right"), (t("sens.col.value-low"), "right"),
               (t("sens.col.bar"), "left"), (t("sens.col.value-high"), "right"), (t("sens.col.gain-low"), "right"),
               (t("sens.col.gain-high"), "right")]
    paragraph(console, t("sens.title", value=money(value), gain=money(gain)), style="bold")
    # too narrow: the bar goes first, then the pool-gain columns move to a panel of their own;
    # narrower still, rows stack
    console.print(texttable.render(None, columns, table_rows, width=console.width, drop=(3,), panels=1),
                  no_wrap=True, overflow="fold")
    paragraph(console, t("sens.note"))
    if rows:
        paragraph(console, t("sens.first", assumption=t.name("field", rows[0]["assumption"])))
    console.print()
    paragraph(console, t("sens.switch-title"))
    points = [s for s in result.get("switch_points", []) if s["switch_at"] is not None]
    for s in points:
        paragraph(console, t("sens.switch-" + s["verdict"], **switch_params(s, t, currency)), first="• ", indent="  ")
    if not points:
        paragraph(console, t("sens.no-switch"))
