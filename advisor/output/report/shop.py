"""One shop's pages of the consultant report, as HTML: the summary, KPI tiles, where the money
goes, the plans month by month (margin with the P10-P90 band, revenue, ad spend), the decision,
what moves the result, the advice with its evidence and every assumption with its source."""

from __future__ import annotations

from advisor.i18n import Translator
from advisor.output.numbers import compact_money, field_value, money, percent, probability
from advisor.output.report import svg
from advisor.output.safe import html_text as escape

STRATEGIES = ("platform_ads", "tuned_ads", "private_pool", "best_mix")
SOURCE_CLASSES = {"calibrated": "measured", "profile": "hand", "option": "hand", "default": "default",
                  "derived": "derived"}
"""How sure a figure is, as the report marks it: measured from the shop's orders, set by hand
(in the profile or on the command line), a documented default, or derived from other figures."""
TORNADO_ROWS = 10
"""The assumptions shown in the tornado: the ten that move the plan's value most."""
EVIDENCE_UNITS = frozenset({"share", "money", "months", "ratio", "probability", "count"})
"""Evidence shown under the advice: the figures (codes are words in the advice already, and a
switch point is a sentence of its own)."""


def esc(text) -> str:
    return escape(str(text), quote=True)


def num(text: str) -> str:
    """A figure that must never wrap inside itself."""
    return f'<span class="num">{esc(text)}</span>'


def render(data: dict, t: Translator, anchor: str) -> str:
    from advisor.output.summary import summary

    shop, today, currency = data["shop"], data["today"], data["shop"]["currency"]
    meta = " · ".join([t("platform." + shop["platform"]), t("category." + shop["category"]),
                       t("md.revenue", revenue=money(today["revenue"], currency)),
                       t("html.horizon", months=data["horizon_months"])])
    if "uncertainty" in data:
        meta += " · " + t("html.draws", draws=f"{data['uncertainty']['draws']:,}")
    lines = summary(data, t)
    parts = [f'<article class="page shop" id="{anchor}">', f"<h1>{esc(shop['name'])}</h1>",
             f'<p class="meta">{esc(meta)}</p>',
             '<div class="summary">' + "".join(f"<p>{esc(line)}</p>" for line in lines) + "</div>",
             kpis(data, t), money_flow(data, t), plans(data, t), decision(data, t), tornado(data, t),
             advice(data, t), assumptions(data, t), f'<p class="foot">{esc(_footer(t))}</p>', "</article>"]
    return "\n".join(parts)


def _footer(t: Translator) -> str:
    from advisor import __version__

    return t("html.footer", version=__version__)


def kpis(data: dict, t: Translator) -> str:
    today, currency = data["today"], data["shop"]["currency"]

    def tile(label: str, value: str, note: str = "", tone: str = "") -> str:
        return (f'<div class="kpi {tone}"><div class="label">{esc(label)}</div><div class="value">{esc(value)}</div>'
                f'<div class="note">{esc(note)}</div></div>')

    roas = today["break_even_roas"]
    cac, ratio = today["cac"], today["value_to_cac"]
    tiles = [
        tile(t("kpi.revenue"), money(today["revenue"], currency), t("kpi.revenue-note")),
        tile(t("kpi.contribution"), percent(today["contribution_margin"]), t("kpi.contribution-note")),
        tile(t("kpi.net"), percent(today["net_margin"]), t("kpi.net-note", profit=money(today["net_profit"], currency)),
             "bad" if today["net_margin"] < 0 else "good" if today["net_margin"] > 0 else ""),
        tile(t("kpi.roas"), "-" if roas is None else f"{roas:.2f}", t("kpi.roas-note")),
        tile(t("kpi.cac"), "-" if cac is None else money(cac, currency),
             "" if today["marginal_cac"] is None else t("kpi.cac-note", marginal=money(today["marginal_cac"], currency))),
        tile(t("kpi.repeat"), percent(today["repeat_order_share"]),
             t("kpi.repeat-note", order_value=money(today["order_value"], currency))),
        tile(t("kpi.value-to-cac"), "-" if ratio is None else f"{ratio:.2f}×",
             "" if today["customer_value"] is None else
             t("kpi.value-to-cac-note", value=money(today["customer_value"], currency)),
             "" if ratio is None else "bad" if ratio < 1 else "good"),
        tile(t("kpi.health"), f"{data['health_score']}/100", t("kpi.health-note")),
    ]
    return '<section class="kpis">' + "".join(tiles) + "</section>"


def money_flow(data: dict, t: Translator) -> str:
    """The cost waterfall (today) beside the ad spend of today's plan and the best plan."""
    today, currency = data["today"], data["shop"]["currency"]
    revenue, shares = today["revenue"], today["shares"]
    steps = [(t("html.revenue"), revenue, "total")]
    steps += [(t("pnl.line." + name), shares[name] * revenue, "cost") for name in shares if name != "other"]
    steps += [(t("pnl.line.other", name=t.name("cost", name)), share * revenue, "cost")
              for name, share in shares["other"].items()]
    steps.append((t("html.net-profit"), today["net_profit"], "total"))

    def fmt(value: float) -> str:
        return money(value, currency)

    costs = "".join(f"<tr><td>{esc(label)}</td><td class='r'>{esc(percent(amount / revenue))}</td>"
                    f"<td class='r'>{esc(money(amount, currency))}</td></tr>" for label, amount, kind in steps[1:-1])
    table = (f"<table><tr><th>{esc(t('pnl.col.line'))}</th><th class='r'>{esc(t('pnl.col.share'))}</th>"
             f"<th class='r'>{esc(t('pnl.col.money'))}</th></tr>{costs}"
             f"<tr><td>{esc(t('pnl.contribution'))}</td><td class='r'>{esc(percent(today['contribution_margin']))}</td>"
             f"<td class='r'>{esc(money(today['contribution_margin'] * revenue, currency))}</td></tr>"
             f"<tr class='best'><td>{esc(t('pnl.net'))}</td><td class='r'>{esc(percent(today['net_margin']))}</td>"
             f"<td class='r'>{esc(money(today['net_profit'], currency))}</td></tr></table>")
    chart = svg.waterfall(steps, fmt, t("pnl.title"))
    return (f"<section><h2>{esc(t('pnl.title'))}</h2><figure>{chart}</figure>{table}"
            f"<p class='caption'>{esc(_roas_line(data, t))}</p></section>")


def _roas_line(data: dict, t: Translator) -> str:
    roas = data["today"]["break_even_roas"]
    return t("pnl.roas", roas=f"{roas:.2f}") if roas is not None else t("pnl.roas-none")


def plans(data: dict, t: Translator) -> str:
    currency, horizon, strategies = data["shop"]["currency"], data["horizon_months"], data["strategies"]
    names = {name: t("proj.strategy." + name) for name in STRATEGIES}
    margin_series = [(f"s-{n}", names[n], [m["net_margin"] for m in strategies[n]["months"]]) for n in STRATEGIES]
    bands = []
    if "uncertainty" in data:
        for n in ("platform_ads", "best_mix"):
            q = data["uncertainty"]["strategies"][n]["monthly_net_margin"]
            bands.append((f"s-{n}", q["p10"], q["p90"]))
    overtake = data["decision"]["pool_overtakes_month"]
    marker = (overtake, t("html.overtake", month=overtake)) if overtake and data["decision"]["runs_pool"] else None
    month_label = t("html.month-axis")
    margin_chart = svg.line_chart(margin_series, svg.axis_percent, t("proj.chart.title"),
                                  bands=bands, marker=marker, month_label=month_label, on_top="s-tuned_ads")
    revenue_series = [(f"s-{n}", names[n], [m["revenue"] for m in strategies[n]["months"]]) for n in STRATEGIES]
    half = svg.WIDTH // 2
    revenue_chart = svg.line_chart(revenue_series, lambda v: compact_money(v, currency, t.lang), t("html.revenue-chart"),
                                   month_label=month_label, height=250, width=half, on_top="s-tuned_ads")
    shown = ("platform_ads", "best_mix")
    spend_series = [(f"s-{n}", names[n], [m["ad_spend"] for m in strategies[n]["months"]]) for n in shown]
    spend_chart = svg.line_chart(spend_series, lambda v: compact_money(v, currency, t.lang), t("html.ads-chart"),
                                 month_label=month_label, height=230, width=half)
    band_note = t("html.band-note") if bands else ""
    rows = []
    for n in STRATEGIES:
        s = strategies[n]
        end = s["months"][horizon - 1]
        best = ' class="best"' if n == "best_mix" else ""
        cells = [money(s["value"], currency), money(s["total_profit"], currency),
                 "-" if end["net_margin"] is None else percent(end["net_margin"]), money(end["revenue"], currency),
                 ("+" if s["ad_budget_change"] > 0 else "") + percent(s["ad_budget_change"], 0),
                 t("batch.yes" if s["runs_pool"] else "batch.no")]
        rows.append(f"<tr{best}><td>{esc(names[n])}</td>" + "".join(f"<td class='r'>{esc(c)}</td>" for c in cells) + "</tr>")
    headers = [t("html.col.plan"), t("proj.col.value"), t("proj.col.total"), t("html.col.end-margin", month=horizon),
               t("html.col.end-revenue", month=horizon), t("html.col.ads"), t("html.col.pool")]
    head = "".join(f"<th{'' if i == 0 else ' class=' + chr(39) + 'r' + chr(39)}>{esc(h)}</th>" for i, h in enumerate(headers))
    d = data["decision"]
    spend_note = t("html.ads-note", level=percent(1 + d["ad_budget_change"], 0),
                   low=percent(1 + d["ads_band"]["low"], 0), high=percent(1 + d["ads_band"]["high"], 0))
    return (f"<section><h2>{esc(t('proj.title', months=horizon))}</h2>"
            f"<h3>{esc(t('proj.chart.title'))}</h3><figure>{margin_chart}</figure>"
            f"<p class='caption'>{esc(band_note)}</p>"
            f"<div class='grid2'><figure><h3>{esc(t('html.revenue-chart'))}</h3>{revenue_chart}</figure>"
            f"<figure><h3>{esc(t('html.ads-chart'))}</h3>{spend_chart}<p class='caption'>{esc(spend_note)}</p>"
            f"</figure></div><table><tr>{head}</tr>{''.join(rows)}</table>"
            f"<p class='caption'>{esc(t('proj.value-note'))}</p></section>")


def decision(data: dict, t: Translator) -> str:
    from advisor.output.evaluation_text import decision_lines

    paragraphs = "".join(f"<p>{esc(line)}</p>" for line in decision_lines(data, t))
    extra = ""
    if "uncertainty" in data:
        u = data["uncertainty"]
        chances = t("unc.probability", tuning=probability(u["probability_tuning_pays"]),
                    pool=probability(u["probability_pool_pays"]))
        extra = f"<p>{esc(chances)}</p>"
    return f"<section><h2>{esc(t('dec.title'))}</h2>{paragraphs}{extra}</section>"


def tornado(data: dict, t: Translator) -> str:
    sens, currency = data["sensitivity"], data["shop"]["currency"]
    base = sens["baseline_value"]
    rows = []
    for r in sens["assumptions"][:TORNADO_ROWS]:
        tested = f"{field_value(r['assumption'], r['low'], currency)} – {field_value(r['assumption'], r['high'], currency)}"
        rows.append((t.name("field", r["assumption"]), tested, r["value_at_low"] - base, r["value_at_high"] - base))
    if not rows:
        return ""

    def fmt(value: float) -> str:
        return ("+" if value > 0 else "") + compact_money(value, currency, t.lang)

    chart = svg.tornado(rows, fmt, t("html.tornado"), t("html.tornado-low"), t("html.tornado-high"))
    first = t("sens.first", assumption=rows[0][0])
    return (f"<section><h2>{esc(t('html.tornado'))}</h2><p class='caption'>"
            f"{esc(t('html.tornado-note', value=money(base, currency)))}</p><figure>{chart}</figure>"
            f"<p>{esc(first)}</p></section>")


def advice(data: dict, t: Translator) -> str:
    from advisor.output.recommendations import localize, show

    currency = data["shop"]["currency"]
    cards = []
    for rec in data["recommendations"]:
        words = localize(rec, t, currency)
        evidence = [f"<span>{esc(t('evidence.' + name))} <b>{esc(_signed(name, show(e, t, currency), e.value))}</b></span>"
                    for name, e in rec.evidence.items()
                    if e.unit in EVIDENCE_UNITS and e.value is not None and not name.startswith("switch_")]
        cards.append(f'<div class="advice {rec.severity}"><h3><span class="badge {rec.severity}">'
                     f"{esc(t('severity.' + rec.severity))}</span>{esc(words['title'])} "
                     f'<span class="code">{esc(rec.code)}</span></h3><p>{esc(words["advice"])}</p>'
                     + (f'<div class="evidence">{"".join(evidence)}</div>' if evidence else "") + "</div>")
    return (f"<section><h2>{esc(t('rec.heading'))}</h2>{''.join(cards)}"
            f"<p><b>{esc(t('rec.score', score=data['health_score']))}</b></p></section>")


def _signed(name: str, text: str, value) -> str:
    """A change shows its direction: "+84.3%", not "84.3%"."""
    return "+" + text if name.endswith("_change") and isinstance(value, (int, float)) and value > 0 else text


def assumptions(data: dict, t: Translator) -> str:
    currency = data["shop"]["currency"]
    rows = []
    for key, entry in data["assumptions"].items():
        if key.startswith("costs.other."):
            name = t("pnl.line.other", name=t.name("cost", key.rsplit(".", 1)[1]))
        else:
            name = t.name("field", key)
        value = entry["value"]
        shown = t("batch.yes" if value else "batch.no") if isinstance(value, bool) else field_value(key, value, currency)
        kind = SOURCE_CLASSES.get(entry["source"], "default")
        plausible = entry.get("plausible")
        span = (f"{field_value(key, plausible[0], currency)} – {field_value(key, plausible[-1], currency)}"
                if plausible else "")
        if "range" in entry:
            r = entry["range"]
            if "low" in r and "high" in r:
                span = t("html.your-range", low=field_value(key, r["low"], currency),
                         high=field_value(key, r["high"], currency))
        rows.append(f"<tr><td>{esc(name)} <span class='code'>{esc(key)}</span></td><td class='r'>{esc(shown)}</td>"
                    f"<td><span class='src {kind}'>{esc(t('src.' + entry['source']))}</span></td>"
                    f"<td class='r'>{esc(span)}</td></tr>")
    head = (f"<tr><th>{esc(t('html.col.assumption'))}</th><th class='r'>{esc(t('html.col.value'))}</th>"
            f"<th>{esc(t('html.col.source'))}</th><th class='r'>{esc(t('html.col.plausible'))}</th></tr>")
    return (f"<section><h2>{esc(t('html.assumptions'))}</h2><p class='caption'>{esc(t('html.assumptions-note'))}</p>"
            f"<table>{head}{''.join(rows)}</table></section>")
