"""Renderers and writers, exact output on small fixed inputs; the format registries."""

import io

import pytest

from advisor.advice.ranking import Results
from advisor.advice.rules.base import MONEY, PROBABILITY, Evidence, Recommendation, months, ratio, share
from advisor.i18n import Translator
from advisor.output import texttable
from advisor.output.batch import FORMATS as BATCH
from advisor.output.batch import to_csv, to_csv_excel, to_markdown
from advisor.output.chart import margin_chart
from advisor.output.evaluate import EVALUATE
from advisor.output.numbers import compact_money, money, percent
from advisor.output.recommendations import localize, show
from advisor.output.validate import FORMATS as VALIDATE

ROW = [1, "A|B 店", "dir/x.yaml", 55, 0.1, 0.30000000000000004, 0.06, 0.07, 0.08123456, 1200.505001, -300.25, -0.3, True,
       None, "content", "niche-focus build-private-pool", "CNY"]


def test_text_table_aligns_cjk_and_right_columns():
    table = texttable.render("Title", [("Name", "left"), ("Share\nof it", "right")],
                             [["a", "1.0%"], [("女装", "bold"), ("22.5%", "red")], ["total", "23.5%"]], rules=(2,))
    assert table.plain == ("Title\n"
                           "       Share\n"
                           "Name   of it\n"
                           "────────────\n"
                           "a       1.0%\n"
                           "女装   22.5%\n"
                           "────────────\n"
                           "total  23.5%")


def test_margin_chart_rows_and_marks():
    lines = margin_chart({"platform_ads": [0.1, 0.0, -0.1], "best_mix": [0.1, 0.1, 0.05]}, height=5, width=14,
                         caption="month")
    assert ["".join(text for text, _ in line) for line in lines] == [
        "  10.0% ┤●● ",
        "        │  ●",
        "   0.0% ┤ × ",
        "        │   ",
        " -10.0% ┤  ×",
        "        └┬─┬",
        "   month 1 3",
    ]


def test_margin_chart_stretches_months_and_labels_the_x_axis():
    lines = margin_chart({"best_mix": [0.01 * m for m in range(24)]}, height=3, width=80, caption="月份")
    text = ["".join(text for text, _ in line) for line in lines]
    assert text[-1] == "    月份 1         6           12          18          24"
    assert text[-2].startswith("        └┬─") and all(len(line) <= 80 for line in text)
    assert text[0].endswith("● ● ") and "●●" not in text[0]  # two columns a month: a mark, a space


def test_batch_csv_writer_rounds_to_meaning_and_writes_lowercase_booleans():
    out = io.StringIO()
    to_csv(Results.from_rows([ROW]), None, out)
    expected = ("1,A|B 店,dir/x.yaml,55,0.1,0.3,0.06,0.07,0.0812,1200.51,-300.25,-0.3,true,,content,"
                "niche-focus build-private-pool,CNY")
    assert out.getvalue().splitlines()[1] == expected


def test_batch_csv_for_excel_has_a_bom_crlf_and_no_formulas():
    out = io.StringIO()
    to_csv_excel(Results.from_rows([ROW, ROW[:1] + ["=HYPERLINK(1)"] + ROW[2:]]), None, out)
    data = out.getvalue().encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbfrank,name,") and data.count(b"\r\n") == 3
    assert "A|B 店".encode() in data and b",'=HYPERLINK(1)," in data


@pytest.mark.parametrize("lang,header,row", [
    ("en", "| Rank | Shop | Source | Health score | Net margin today |",
     "| 1 | A\\|B 店 | x.yaml | 55 | 10.0% | 30.0% | 6.0% | 7.0% | 8.1% | ¥1,201 | -¥300 | -30.0% | yes | - | "
     "content and live streaming | Focus on a niche, Build a private pool |"),
    ("zh", "| 排名 | 店铺 | 来源 | 健康评分 | 当前净利率 |",
     "| 1 | A\\|B 店 | x.yaml | 55 | 10.0% | 30.0% | 6.0% | 7.0% | 8.1% | ¥1,201 | -¥300 | -30.0% | 是 | - | "
     "内容与直播 | 聚焦小众市场、建私域流量池 |"),
])
def test_batch_markdown_is_for_people_in_their_language(lang, header, row):
    out = io.StringIO()
    to_markdown(Results.from_rows([ROW]), Translator(lang), out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(header) and "currency" not in lines[0].lower()
    assert lines[1] == "|--:|---|---|" + "--:|" * 11 + "---|---|"
    assert lines[2] == row


@pytest.mark.parametrize("value,currency,lang,expected", [
    (1_234_567, "CNY", "en", "¥1.2M"), (-95_300, "CNY", "en", "-¥95.3k"), (999, "USD", "en", "$999"),
    (2_410_000, "CNY", "zh", "¥241.0万"), (3.2e8, "CNY", "zh", "¥3.2亿"), (5_000, "XYZ", "en", "5.0k XYZ"),
])
def test_compact_money(value, currency, lang, expected):
    assert compact_money(value, currency, lang) == expected


def test_money_and_percent():
    assert money(-1234.5, "EUR") == "-€1,234" and money(10, "CHF") == "10 CHF"
    assert percent(0.1234) == "12.3%" and percent(-0.0001) == "0.0%" and percent(0.5, 0) == "50%"


def test_evidence_is_shown_by_its_unit():
    t = Translator("en")
    assert show(share(0.256), t, "CNY") == "25.6%"
    assert show(Evidence(0.9998, PROBABILITY), t, "CNY") == "> 99%"
    assert show(Evidence(0.004, PROBABILITY), t, "CNY") == "< 1%"
    assert show(Evidence(0.5, PROBABILITY), t, "CNY") == "50%"
    assert show(Evidence(1234.0, MONEY), t, "USD") == "$1,234"
    assert show(ratio(1.923), t, "CNY") == "1.92"
    assert show(months(0), t, "CNY") == "-"
    assert show(months(None, missing="rec.after-horizon"), t, "CNY") == "after the horizon"
    assert show(Evidence("content", "code", names="mode"), Translator("zh"), "CNY") == "内容与直播"


def test_localize_fills_the_catalogue_and_keeps_numbers():
    rec = Recommendation("platform-as-conversion", "warning", None,
                         {"first_order_share": share(0.8), "bought_share": share(0.7), "marketing_share": share(0.4)})
    out = localize(rec, Translator("en"), "CNY")
    assert out["evidence"] == {"first_order_share": 0.8, "bought_share": 0.7, "marketing_share": 0.4}
    assert out["units"] == {"first_order_share": "share", "bought_share": "share", "marketing_share": "share"}
    assert out["advice"].startswith("80.0% of orders are first orders, and 70.0% of new buyers are bought with ads")


def test_registries_resolve_formats():
    assert EVALUATE.choices == ("text", "json", "markdown") and EVALUATE.resolve(None) == "text"
    assert EVALUATE.resolve(None, "r.md") == "markdown" and EVALUATE.resolve(None, "r.txt") == "text"
    assert VALIDATE.choices[0] == "auto" and VALIDATE.resolve("auto") in ("text", "github")
    assert BATCH.resolve(None) == "table"
    assert BATCH.resolve(None, "out.md") == "markdown" and BATCH.resolve(None, "out.ndjson") == "jsonl"
    assert BATCH.resolve("table", "out.csv") == "markdown"  # a screen table written to a file
    assert BATCH.resolve("csv-excel", "out.csv") == "csv-excel" and BATCH.resolve("csv", "out.txt") == "csv"


@pytest.mark.parametrize("name", ["out.txt", "out.xlsx", "out"])
def test_an_output_suffix_no_format_has_is_a_usage_error(name):
    from advisor.errors import EXIT_USAGE, AdvisorError

    with pytest.raises(AdvisorError) as caught:
        BATCH.resolve(None, name)
    assert caught.value.exit_code == EXIT_USAGE
    message = Translator("en")("error." + caught.value.message_key, **caught.value.params)
    assert message.startswith(f"{name}: no output format writes") and ".csv, .json, .jsonl, .ndjson, .md" in message


def test_emit_writes_files_atomically_and_refuses_to_overwrite(tmp_path):
    from advisor.errors import AdvisorError

    target = tmp_path / "rows.csv"
    BATCH.emit("csv", Results.from_rows([ROW]), Translator("en"), str(target))
    assert target.read_text(encoding="utf-8").startswith("rank,name")
    with pytest.raises(AdvisorError):
        BATCH.emit("csv", Results.from_rows([ROW]), Translator("en"), str(target))
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_files_get_the_permissions_open_would_give(tmp_path):
    import os
    import stat

    from advisor.output.atomic import write_text

    old = os.umask(0o022)
    try:
        write_text(str(tmp_path / "r.html"), "x", overwrite=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.html").stat().st_mode) == 0o644


def test_an_output_path_that_is_a_directory_or_has_no_format_says_so(tmp_path):
    from conftest import CROWN
    from helpers import cli

    result = cli("evaluate", CROWN, "-o", tmp_path)
    assert result.exit_code == 2 and "is a directory" in result.stderr
    result = cli("report", CROWN, "-o", tmp_path / "r.pdf")
    assert result.exit_code == 2 and "use one of .html, .htm" in result.stderr and "--format" not in result.stderr
