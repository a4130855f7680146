"""Output formats of ``advisor batch``: the ranked rows as a table on screen, CSV (plain, or for
Excel), JSON, JSON lines, Markdown or Parquet (``output.parquet``).

Data formats (CSV, JSON) keep the column names of ``ranking.COLUMNS`` and plain numbers; CSV
rounds them to what they mean (shares to 4 decimals, money to 2) so no float noise shows, and
writes booleans as ``true`` / ``false``. ``csv-excel`` is the same table for a spreadsheet: UTF-8
with a byte-order mark (without it Excel reads Chinese names as mojibake), CRLF line ends, and
text cells that would start a formula defused. Markdown and the screen table are for people:
translated headers, percents and money with their currency, names of advice instead of codes.
"""

from __future__ import annotations

import os

from advisor.advice.ranking import COLUMNS, INDEX, NUMBERS, as_dict
from advisor.output.formats import Registry, Writer, console
from advisor.output.numbers import money, percent
from advisor.output.safe import markdown_text, printable, spreadsheet_column

SHARE_COLUMNS = frozenset({"net_margin", "margin_12m_platform_ads", "margin_12m_tuned_ads", "margin_12m_private_pool",
                           "margin_12m_best_mix", "best_ad_budget_change"})
MONEY_COLUMNS = frozenset({"ads_gain", "pool_gain"})
SHARE_DECIMALS = 4
"""A share to 4 decimals is a hundredth of a percent: finer than any input is known."""
MONEY_DECIMALS = 2
"""Money to the cent."""
SCREEN_NAME_WIDTH = 30
"""Shop names longer than this are shortened with "…" in the screen table only (every data
format carries them whole)."""


def _csv_columns(rows, start: int, stop: int) -> list[list]:
    """Rows ``start:stop`` of the result table (``ranking.Results``) as CSV cells, column by
    column: shares and money rounded (no "-0.0"), lowercase booleans, and user text a
    spreadsheet would run as a formula defused (OWASP's leading apostrophe; control characters
    escaped) -- a plain CSV gets opened in a spreadsheet too. Whole columns at a time, from the
    table's arrays: a table may have a million rows."""
    import numpy as np

    part = slice(start, stop)
    numbers = []
    for k, column in enumerate(NUMBERS):
        rounded = np.round(rows.numbers[part, k], SHARE_DECIMALS if column in SHARE_COLUMNS else MONEY_DECIMALS) + 0.0
        values = rounded.tolist()  # (+ 0.0 turns -0.0 into 0.0)
        numbers.append([None if v != v else v for v in values] if np.isnan(rounded).any() else values)
    overtake = rows.overtake[part]
    months = overtake.tolist()
    return [rows.rank[part].tolist(), spreadsheet_column(rows.name[part]), spreadsheet_column(rows.sources(start, stop)),
            rows.health[part].tolist(), *numbers, np.where(rows.runs_pool[part], "true", "false").tolist(),
            [m or None for m in months] if (overtake == 0).any() else months, rows.social_mode[part],
            rows.recommendations[part], rows.currency[part]]


def csv_lines(rows) -> list[str]:
    """Each row of a result table written as a CSV line, all but its rank (which the whole
    table decides): the batch prepares these as each chunk comes in, while workers still score,
    so that writing a million rows at the end is only joining them."""
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(zip(*_csv_columns(rows, 0, len(rows))[1:]))
    lines = buffer.getvalue().split("\n")  # no cell holds a line break: user text comes escaped
    lines.pop()
    return lines


def _csv(rows, out, excel: bool) -> None:
    import csv  # here, not at the top: every command imports this module for its format names

    end = "\r\n" if excel else "\n"
    writer = csv.writer(out, lineterminator=end)
    if excel:
        out.write("\ufeff")
    writer.writerow(COLUMNS)
    step = rows.ROWS_AT_ONCE
    if rows.lines is not None:
        for start in range(0, len(rows), step):
            out.write("".join(f"{rank},{line}{end}" for rank, line in
                              zip(rows.rank[start:start + step].tolist(), rows.lines[start:start + step])))
        return
    for start in range(0, len(rows), step):
        writer.writerows(zip(*_csv_columns(rows, start, start + step)))


def to_csv(rows: list, t, out) -> None:
    _csv(rows, out, excel=False)


def to_csv_excel(rows: list, t, out) -> None:
    _csv(rows, out, excel=True)


def to_json(rows: list, t, out) -> None:
    import json

    out.write(json.dumps([as_dict(row) for row in rows], ensure_ascii=False, indent=2) + "\n")


def to_jsonl(rows: list, t, out) -> None:
    import json

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
        return printable(_short_source(value), None)
    return printable(str(value), None)


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
        cells = [markdown_text(cell(c, row, t)) for c in MARKDOWN_COLUMNS]
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
        name = printable(row[INDEX["name"]], None)
        if cell_len(name) > SCREEN_NAME_WIDTH:
            while cell_len(name) > SCREEN_NAME_WIDTH - 1:
                name = name[:-1]
            name += "…"
        from advisor.output.summary import DIAGNOSES

        codes = row[INDEX["recommendations"]].split()
        # on screen: the first action, as the evaluation's summary names it (a diagnosis such as
        # "heading for a loss" describes the shop), and how many more (the data formats carry all)
        actions = [c for c in codes if c not in DIAGNOSES] or codes
        names = [t.name("code", c) for c in actions]
        advice = (names[0] + (f" +{len(codes) - 1}" if len(codes) > 1 else "")) if names else "-"
        table.append([cell("rank", row, t), name] + [cell(c, row, t) for c in SCREEN_COLUMNS[2:-1]] + [advice])
    screen.print(texttable.render(None, columns, table, width=screen.width, panels=2), no_wrap=True, overflow="fold")


def to_parquet(rows, t, out) -> None:
    from advisor.output.parquet import to_parquet as write

    write(rows, t, out)


FORMATS = Registry({"table": Writer(to_table, screen=True), "csv": Writer(to_csv, (".csv",), prepare=csv_lines),
                    "csv-excel": Writer(to_csv_excel, prepare=csv_lines), "json": Writer(to_json, (".json",)),
                    "jsonl": Writer(to_jsonl, (".jsonl", ".ndjson")), "markdown": Writer(to_markdown, (".md",)),
                    "parquet": Writer(to_parquet, (".parquet",), binary=True)},
                   default="table", file_format="markdown")
