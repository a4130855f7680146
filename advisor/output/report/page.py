"""The report document: a portfolio page ranking the shops when there are several, then each
shop's pages. Built with the standard library (``html.escape`` on every text), so the report
adds no dependency and no start-up cost to the other commands."""

from __future__ import annotations

from advisor.i18n import Translator
from advisor.output.numbers import money, percent
from advisor.output.safe import html_text as escape

HTML_LANG = {"en": "en", "zh": "zh-CN"}


def css() -> str:
    from importlib.resources import files

    return files("advisor.output.report").joinpath("style.css").read_text(encoding="utf-8")


def document(shops: list[dict], t: Translator) -> str:
    """The whole HTML file for ``shops`` (each an evaluation with its ``sensitivity``)."""
    from advisor import __version__
    from advisor.output.report import shop as shop_page

    ranked = sorted(range(len(shops)), key=lambda i: -shops[i]["health_score"])
    anchors = {i: f"shop-{n + 1}" for n, i in enumerate(ranked)}
    if len(shops) == 1:
        title = t("html.title-one", name=shops[0]["shop"]["name"])
    else:
        title = t("html.title-many", count=len(shops))
    body = [portfolio(shops, ranked, anchors, t)] if len(shops) > 1 else []
    body += [shop_page.render(shops[i], t, anchors[i]) for i in ranked]
    return (f'<!DOCTYPE html>\n<html lang="{HTML_LANG.get(t.lang, "en")}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="advisor {escape(__version__)}">\n'
            f"<title>{escape(title)}</title>\n<style>\n{css()}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def portfolio(shops: list[dict], ranked: list[int], anchors: dict, t: Translator) -> str:
    """The first page for several shops: ranked by health, one row each, linked to its pages."""
    from advisor.output.summary import actions

    headers = ["#", t("batch.md.name"), t("batch.md.health_score"), t("kpi.revenue"), t("batch.md.net_margin"),
               t("html.col.end-margin-best"), t("batch.md.best_ad_budget_change"), t("batch.md.runs_pool"),
               t("html.col.first-advice")]
    numeric = {0, 2, 3, 4, 5, 6}
    head = "".join(f"<th{' class=' + chr(39) + 'r' + chr(39) if i in numeric else ''}>{escape(h)}</th>"
                   for i, h in enumerate(headers))
    rows = []
    for n, i in enumerate(ranked, start=1):
        data = shops[i]
        currency, d = data["shop"]["currency"], data["decision"]
        end = data["strategies"]["best_mix"]["months"][data["horizon_months"] - 1]
        todo = actions(data, t)
        score = data["health_score"]
        cells = [
            (str(n), True),
            (f'<a href="#{anchors[i]}">{escape(data["shop"]["name"])}</a>', False),
            (f'<span class="score" style="width:{score * 0.6:.0f}px"></span>{score}', True),
            (escape(money(data["today"]["revenue"], currency)), True),
            (escape(percent(data["today"]["net_margin"])), True),
            (escape("-" if end["net_margin"] is None else percent(end["net_margin"])), True),
            (escape(("+" if d["ad_budget_change"] > 0 else "") + percent(d["ad_budget_change"], 0)), True),
            (escape(t("batch.yes" if d["runs_pool"] else "batch.no")), False),
            (escape(todo[0]["title"] if todo else "-"), False),
        ]
        rows.append("<tr>" + "".join(f"<td{' class=' + chr(39) + 'r' + chr(39) if right else ''}>{c}</td>"
                                     for c, right in cells) + "</tr>")
    return (f'<section class="page portfolio"><h1>{escape(t("html.portfolio", count=len(shops)))}</h1>'
            f'<p class="meta">{escape(t("html.portfolio-note"))}</p><table><tr>{head}</tr>{"".join(rows)}</table>'
            f"</section>")
