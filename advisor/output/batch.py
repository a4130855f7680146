"""Output formats of ``advisor batch``: the ranked rows as a table on screen, CSV, JSON, JSON
lines or Markdown. Data formats are plain text written with the standard library; only
``table`` goes through rich, for people."""

from __future__ import annotations

import csv
import json

from advisor.advice.ranking import COLUMNS, INDEX, as_dict
from advisor.output.formats import Registry, Writer, console
from advisor.output.numbers import percent
from advisor.output.safe import printable, spreadsheet_cell

PERCENT_COLUMNS = {"net_margin", "margin_12m_platform_ads", "margin_12m_tuned_ads", "margin_12m_private_pool",
                   "margin_12m_best_mix", "best_ad_budget_change"}


def to_csv(rows: list, t, out) -> None:
    """CSV for spreadsheets: a text cell that starts like a formula gets a leading apostrophe
    (OWASP's advice against CSV injection), and control characters are escaped."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([spreadsheet_cell(value) for value in row] for row in rows)


def to_json(rows: list, t, out) -> None:
    out.write(json.dumps([as_dict(row) for row in rows], ensure_ascii=False, indent=2) + "\n")


def to_jsonl(rows: list, t, out) -> None:
    out.write("".join(json.dumps(as_dict(row), ensure_ascii=False) + "\n" for row in rows))


def _cell(column: str, value) -> str:
    if value is None:
        return "-"
    if column in PERCENT_COLUMNS:
        return percent(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return printable(str(value), None)


def to_markdown(rows: list, t, out) -> None:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        cells = [_cell(c, value).replace("|", "\\|") for c, value in zip(COLUMNS, row)]
        lines.append("| " + " | ".join(cells) + " |")
    out.write("\n".join(lines) + "\n")


def to_table(rows: list, t, out) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, pad_edge=False)
    shown = ("rank", "name", "health_score", "net_margin", "margin_12m_best_mix", "best_ad_budget_change",
             "pool_overtakes_month", "recommendations")
    for column in shown:
        text_column = column in ("name", "recommendations")
        table.add_column(t("batch.col." + column), justify="left" if text_column else "right",
                         no_wrap=column != "recommendations", overflow="ellipsis",
                         max_width=20 if column == "name" else None)
    for row in rows:
        codes = row[INDEX["recommendations"]].split()
        # on screen: the most severe code and how many more (the data formats carry them all)
        summary = (codes[0] + (f" +{len(codes) - 1}" if len(codes) > 1 else "")) if codes else "-"
        # Text, not markup: a shop named "[/]" or "[link=...]" is shown as it is written
        table.add_row(*[Text(_cell(c, row[INDEX[c]])) for c in shown[:-1]], Text(summary))
    console(out).print(table)


FORMATS = Registry({"table": Writer(to_table, screen=True), "csv": Writer(to_csv, (".csv",)),
                    "json": Writer(to_json, (".json",)), "jsonl": Writer(to_jsonl, (".jsonl", ".ndjson")),
                    "markdown": Writer(to_markdown, (".md",))},
                   default="table", file_format="markdown", unknown_suffix="csv")
