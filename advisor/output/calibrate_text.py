"""Terminal rendering of a calibration (the result of ``advisor.calibration.calibrate``): the measured
figures, the data quality, the cohort retention table fitted to the terminal's width, warnings,
and the profile written or updated."""

from __future__ import annotations

import os

from advisor.i18n import Translator
from advisor.output import texttable
from advisor.output.calibrate import warning_message
from advisor.output.evaluation_text import paragraph
from advisor.output.numbers import money, percent
from advisor.output.safe import printable
from advisor.output.wrap import fill

FIGURES = ("monthly_revenue", "average_order_value", "repeat_order_share", "retention_per_month", "monthly_churn",
           "repeat_orders_per_customer_per_month", "implied_repeat_order_share")
PROFILE_KEYS = {"monthly_revenue": "sales.monthly_revenue", "average_order_value": "sales.average_order_value",
                "repeat_order_share": "sales.repeat_order_share", "retention_per_month": "ads.customer_retention_per_month"}
COHORT_ROWS = 12
"""The cohort table shows the twelve most recent first-order months (JSON has them all)."""
AGE_COLUMN = 6  # "100%" and the gap between columns
DROPPED = ("cancelled_or_unpaid", "refunded_in_full", "duplicates", "without_amount", "without_date", "zero_amount",
           "without_order_id")


def _figure(name: str, value, currency: str | None) -> str:
    if name == "monthly_revenue":
        return money(value, currency)
    if name == "average_order_value":
        return money(value, currency, 2)
    if name == "repeat_orders_per_customer_per_month":
        return f"{value:.3f}"
    return percent(value)


def _show(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.10g}"
    return str(value)


def render(result: dict, t: Translator, console) -> None:
    from rich.text import Text

    period, figures = result["period"], result["figures"]
    currency = result["currency"]
    paragraph(console, t("calib.title", files=len(result["files"]), first=period["first_order"], last=period["last_order"],
                         months=period["months"]), style="bold")
    for f in result["files"]:
        paragraph(console, t("calib.file", file=printable(os.path.basename(f["file"]), None),
                             layout=t.name("platform", f["layout"]), encoding=f["encoding"], rows=f"{f['rows']:,}"))

    rows = []
    for name in FIGURES:
        value = figures.get(name)
        shown = (_figure(name, value, currency), "bold") if value is not None else (t("calib.not-measured"), "dim")
        rows.append([t("calib.fig." + name), shown, PROFILE_KEYS.get(name, "")])
    columns = [(t("calib.col.figure"), "left"), (t("calib.col.value"), "right"), (t("calib.col.key"), "left")]
    console.print()
    console.print(texttable.render(t("calib.figures"), columns, rows, width=console.width), no_wrap=True, overflow="fold")
    if figures["window"]:
        paragraph(console, t("calib.window", count=len(figures["window"]), months=t("list.separator").join(figures["window"])))
    second = result["second_order"]
    if second and second["median_days"] is not None and second["within_window_share"] is not None:
        paragraph(console, t("calib.second", days=f"{second['median_days']:.0f}", share=percent(second["within_window_share"]),
                             window=second["window_days"]))
    season = result["seasonality"]
    if season:
        recent = season["recent_to_year_average"] - 1
        paragraph(console, t("calib.season", peak=season["peak_month"], peak_ratio=f"{season['peak_to_median']:.1f}",
                             low=season["low_month"], low_ratio=f"{season['low_to_median']:.1f}",
                             recent=("+" if recent >= 0 else "") + percent(recent, 0)))

    _quality(result, t, console)
    _cohorts(result, t, console)
    if result["warnings"]:
        console.print()
        console.print(Text(t("calib.warnings"), style="bold"))
        for warning in result["warnings"]:
            paragraph(console, warning_message(warning, t), style="yellow", first="• ", indent="  ")
    if result.get("profile"):
        _profile(result["profile"], t, console)


def _quality(result: dict, t: Translator, console) -> None:
    from rich.cells import cell_len
    from rich.text import Text

    period, quality = result["period"], result["quality"]
    dropped = [t("calib.dropped." + name, count=f"{quality['dropped'][name]:,}") for name in DROPPED
               if quality["dropped"].get(name)]
    rows = [(t("calib.q.rows"), f"{quality['rows']:,}", None),
            (t("calib.q.orders"), f"{quality['orders']:,}", None),
            (t("calib.q.customers"), f"{quality['customers']:,}", None),
            (t("calib.q.history"), t("calib.q.history-value", days=f"{period['days']:,}", months=period["months"]), None),
            (t("calib.q.no-key"), percent(quality["orders_without_key_share"]), None),
            (t("calib.q.key"), t("calib.key." + quality["key_reliability"]), None),
            (t("calib.q.enough", customers=quality["minimum_customers"], days=quality["minimum_days"]),
             t("calib.yes") if quality["enough_data"] else t("calib.no"), "green" if quality["enough_data"] else "yellow"),
            (t("calib.q.dropped"), " · ".join(dropped) or t("calib.dropped.none"), None)]
    if quality["refunds_netted"]:
        rows.append((t("calib.q.refunds"), money(quality["refunds_netted"], result["currency"]), None))
    width = max(cell_len(label) for label, _, _ in rows)
    console.print()
    console.print(Text(t("calib.quality"), style="bold"))
    indent = " " * (width + len(texttable.GAP))
    for label, value, style in rows:
        first = label + " " * (width - cell_len(label)) + texttable.GAP
        if cell_len(indent) > console.width // 2:  # a narrow terminal: the value under its label
            console.print(Text(label))
            paragraph(console, value, style=style, first="  ", indent="  ")
            continue
        text = fill(value, console.width, first, indent)
        line = Text(text[:len(first)])
        line.append(text[len(first):], style=style)
        console.print(line, no_wrap=True, overflow="fold")


def _cohorts(result: dict, t: Translator, console) -> None:
    from rich.text import Text

    cohorts = result["cohorts"][-COHORT_ROWS:]
    if not cohorts:
        return
    longest = max(len(c["active"]) for c in cohorts)
    fits = max(1, (console.width - 24) // AGE_COLUMN)
    ages = min(longest - 1, fits)
    if ages < 1:
        return
    hidden = longest - 1 - ages  # the later months that do not fit: said, not silently dropped
    columns = [(t("calib.col.cohort"), "left"), (t("calib.col.customers"), "right")]
    columns += [(t("calib.col.age", age=k), "right") for k in range(1, ages + 1)]
    rows = []
    for c in cohorts:
        cells = [percent(c["active"][k], 0) if k < len(c["active"]) else "" for k in range(1, ages + 1)]
        rows.append([c["month"], f"{c['customers']:,}", *cells])
    console.print()
    console.print(Text(t("calib.cohorts"), style="bold"), overflow="fold")
    console.print(texttable.render(None, columns, rows, width=console.width), no_wrap=True, overflow="fold")
    if hidden:
        paragraph(console, t("calib.cohorts-more", months=hidden), style="dim")


def _profile(profile: dict, t: Translator, console) -> None:
    console.print()
    rows = [[change["key"], _show(change.get("old")), (_show(change["new"]), "bold")] for change in profile["changes"]]
    columns = [(t("calib.col.key"), "left"), (t("calib.col.before"), "right"), (t("calib.col.after"), "right")]
    title = t("calib.profile", path=profile["path"], action=t("calib.action." + profile["action"]))
    console.print(texttable.render(title, columns, rows, width=console.width), no_wrap=True, overflow="fold")
