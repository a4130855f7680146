"""Output formats of ``advisor batch``: the ranked rows as a table on screen, CSV (plain, or for
Excel), JSON, JSON lines or Markdown.

Data formats (CSV, JSON) keep the column names of ``ranking.COLUMNS`` and plain numbers; CSV
rounds them to what they mean (shares to 4 decimals, money to 2) so no float noise shows, and
writes booleans as ``true`` / ``false``. ``csv-excel`` is the same table for a spreadsheet: UTF-8
with a byte-order mark (without it Excel reads Chinese names as mojibake), CRLF line ends, and
text cells that would start a formula defused. Markdown and the screen table are for people:
translated headers, percents and money with their currency, names of advice instead of codes.
"""

from __future__ import annotations

import csv
import json
import os

from advisor.advice.ranking import COLUMNS, INDEX, as_dict
from advisor.output.formats import Registry, Writer, console
from advisor.output.numbers import money, percent

SHARE_COLUMNS = frozenset({"net_margin", "margin_12m_platform_ads", "margin_12m_tuned_ads", "margin_12m_private_pool",
                           "margin_12m_best_mix", "best_ad_budget_change"})
MONEY_COLUMNS = frozenset({"ads_gain", "pool_gain"})
SHARE_DECIMALS = 4
"""A share to 4 decimals is a hundredth of a percent: finer than any input is known."""
MONEY_DECIMALS = 2
"""Money to the cent."""
TEXT_COLUMNS = frozenset({"name", "source"})
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell that starts with one of these as a formula (CSV injection)."""
SCREEN_NAME_WIDTH = 30
"""Shop names longer than this are shortened with "…" in the screen table only (every data
format carries them whole)."""


_ROUNDED = [(INDEX[c], SHARE_DECIMALS) for c in sorted(SHARE_COLUMNS)] + [(INDEX[c], MONEY_DECIMALS)
                                                                         for c in sorted(MONEY_COLUMNS)]
_BOOLEAN = INDEX["runs_pool"]
_TEXT = [INDEX[c] for c in sorted(TEXT_COLUMNS)]


def _csv_row(row: list, excel: bool) -> list:
    """A result row as CSV cells: shares and money rounded (no "-0.0"), lowercase booleans
    (none stays empty); for Excel, text that would start a formula defused. Only the columns
    that change are touched: a table may have a million rows."""
    out = row[:]
    for i, decimals in _ROUNDED:
        if out[i] is not None:
            out[i] = round(out[i], decimals) or 0.0
    if out[_BOOLEAN] is not None:
        out[_BOOLEAN] = "true" if out[_BOOLEAN] else "false"
    if excel:
        for i in _TEXT:
            if isinstance(out[i], str) and out[i].startswith(FORMULA_STARTS):
                out[i] = "'" + out[i]
    return out


def _csv(rows: list, out, excel: bool) -> None:
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
    if excel:
        out.write("\ufeff")
    writer.writerow(COLUMNS)
    writer.writerows(_csv_row(row, excel) for row in rows)


def to_csv(rows: list, t, out) -> None:
    _csv(rows, out, excel=False)


def to_csv_excel(rows: list, t, out) -> None:
    _csv(rows, out, excel=True)


def to_json(rows: list, t, out) -> None:
    out.write(json.dumps([as_dict(row) for row in rows], ensure_ascii=False, indent=2) + "\n")


def to_jsonl(rows: list, t, out) -> None:
    out.write("".join(json.dumps(as_dict(row), ensure_ascii=False) + "\n" for row in rows))


def advice_names(codes: str, t) -> list[str]:
    return [t.name("code", code) for code in codes.split()]


def cell(column: str, row: list, t) -> str:
    """One value for people, in the reader's language."""
    value = row[INDEX[column]]
    if value is None or value == "":
        return "-"
    if column in SHARE_COLUMNS:
        return ("+" if column == "best_ad_budget_change" and value > 0 else "") + percent(value)
    if column in MONEY_COLUMNS:
        return money(value, row[INDEX["currency"]])
    if column == "runs_pool":
        return t("batch.yes" if value else "batch.no")
    if column == "pool_overtakes_month":
        return t("batch.month", month=value)
    if column == "social_mode":
        return t.name("mode", value)
    if column == "recommendations":
        return t("list.separator").join(advice_names(value, t))
    if column == "source":
        return _short_source(value)
    return str(value)


def _short_source(source: str) -> str:
    """A file's name without its folders (a table row keeps its line: ``shops.csv:12``)."""
    path, sep, line = source.rpartition(":")
    if sep and line.isdigit():
        return os.path.basename(path) + ":" + line
    return os.path.basename(source)


MARKDOWN_COLUMNS = tuple(c for c in COLUMNS if c != "currency")  # money cells carry their currency


def to_markdown(rows: list, t, out) -> None:
    headers = [t("batch.md." + c) for c in MARKDOWN_COLUMNS]
    align = ["---" if c in ("name", "source", "social_mode", "recommendations") else "--:" for c in MARKDOWN_COLUMNS]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(align) + "|"]
    for row in rows:
        cells = [cell(c, row, t).replace("|", "\\|") for c in MARKDOWN_COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    out.write("\n".join(lines) + "\n")


SCREEN_COLUMNS = ("rank", "name", "health_score", "net_margin", "margin_12m_best_mix", "best_ad_budget_change",
                  "pool_overtakes_month", "recommendations")


def to_table(rows: list, t, out) -> None:
    from rich.cells import cell_len

    from advisor.output import texttable

    screen = console(out)
    columns = [(t("batch.col." + c), "left" if c in ("name", "recommendations") else "right") for c in SCREEN_COLUMNS]
    table = []
    for row in rows:
        name = row[INDEX["name"]]
        if cell_len(name) > SCREEN_NAME_WIDTH:
            while cell_len(name) > SCREEN_NAME_WIDTH - 1:
                name = name[:-1]
            name += "…"
        names = advice_names(row[INDEX["recommendations"]], t)
        # on screen: the most severe advice and how many more (the data formats carry them all)
        advice = (names[0] + (f" +{len(names) - 1}" if len(names) > 1 else "")) if names else "-"
        table.append([cell("rank", row, t), name] + [cell(c, row, t) for c in SCREEN_COLUMNS[2:-1]] + [advice])
    screen.print(texttable.render(None, columns, table, width=screen.width, panels=2), no_wrap=True, overflow="fold")


FORMATS = Registry({"table": Writer(to_table, screen=True), "csv": Writer(to_csv, (".csv",)),
                    "csv-excel": Writer(to_csv_excel), "json": Writer(to_json, (".json",)),
                    "jsonl": Writer(to_jsonl, (".jsonl", ".ndjson")), "markdown": Writer(to_markdown, (".md",))},
                   default="table", file_format="markdown")
