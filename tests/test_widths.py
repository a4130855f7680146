"""Terminal text fits the terminal: at 40, 60, 80 and 120 columns, in both languages, no line is
wider than the terminal and every figure (money, percent) shown at 120 columns is shown whole at
the narrower widths too -- tables drop, wrap, split or stack; they never crop a number."""

import re
from collections import Counter

import pytest
from rich.cells import cell_len

from advisor.output import texttable, wrap

from conftest import CROWN, PROFILES, ROOT
from helpers import cli

WIDTHS = (40, 60, 80, 120)
FIGURE = re.compile(r"-?(?:HK\$|NT\$|S\$|A\$|C\$|[¥￥$€£₩])\d[\d,]*(?:\.\d+)?(?:万|亿|[kMB])?|-?\d+(?:\.\d+)?%")
SNACKS = ROOT / "profiles" / "wechat-niche-snacks.yaml"


def render(*args, width):
    result = cli(*args, env={"COLUMNS": str(width), "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return result.stdout


def figures(text):
    return Counter(FIGURE.findall(text))


CASES = [(p.stem, ("evaluate", p)) for p in PROFILES]
CASES += [("crown-draws", ("evaluate", CROWN, "--draws", "200")), ("snacks-sensitivity", ("sensitivity", SNACKS)),
          ("batch", ("batch", ROOT / "profiles", "--jobs", "1"))]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name,args", CASES, ids=[name for name, _ in CASES])
def test_every_figure_at_120_columns_is_whole_at_every_width(name, args, lang):
    wide = render(*args, "--lang", lang, width=120)
    expected = figures(wide)
    assert expected, "no figures found: the pattern is broken"
    for width in WIDTHS:
        text = wide if width == 120 else render(*args, "--lang", lang, width=width)
        too_wide = [line for line in text.splitlines() if cell_len(line) > width]
        assert too_wide == [], f"{width} columns"
        missing = expected - figures(text)
        assert not missing, f"{width} columns lose {sorted(missing)}"


def test_the_summary_comes_first_and_names_the_first_action():
    out = render("evaluate", CROWN, width=80).splitlines()
    assert out[2] == "In short"
    assert out[3].startswith("Do this first: No ad budget and no pool rescues this shop")
    assert any(line.startswith("Health score: ") for line in out[4:12])


def test_the_chart_has_month_labels():
    out = render("evaluate", CROWN, width=80)
    assert re.search(r"^ +month 1 +6 +12 +18 +24$", out, re.M)
    assert re.search(r"^ +月份 1 +6 +12 +18 +24$", render("evaluate", CROWN, "--lang", "zh", width=80), re.M)


ZH = ("首月预算在当前的 20% 到 69% 之间，与最优方案的差距都在预测期营收的 0.5% 以内。若私域运营成本至多 ¥803，"
      "私域才会划算（你的假设是 ¥12,000；合理范围 ¥6,000 到 ¥24,000）。")


@pytest.mark.parametrize("width", range(24, 81, 4))
def test_chinese_lines_break_between_characters_never_at_the_spaces_around_numbers(width):
    lines = wrap.lines(ZH, width)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines) == ZH.replace(" ", "") or " ".join(lines).count(" ") >= ZH.count(" ") - len(lines)
    # nothing is lost, and no line starts or ends at a space next to Chinese text
    assert "".join(lines) == ZH or all(not (line.startswith(" ") or line.endswith(" ")) for line in lines)
    rejoined = ""
    for line in lines:
        rejoined += line if ZH.startswith(rejoined + line) else " " + line
        assert ZH.startswith(rejoined)
    assert rejoined == ZH
    for a, b in zip(lines, lines[1:]):
        assert b[0] not in "，。；）%"  # closing punctuation never starts a line
        if ZH[ZH.index(a) + len(a)] == " ":  # broken at a space: only between two non-Chinese words
            assert not wrap.is_cjk(a[-1]) and not wrap.is_cjk(b[0])


def test_english_wraps_at_spaces_with_a_hanging_indent():
    text = "Tuning the ads is worth ¥867,665 against keeping today's plan."
    assert wrap.fill(text, 30, "• ", "  ") == "• Tuning the ads is worth\n  ¥867,665 against keeping\n  today's plan."


def test_a_token_wider_than_the_line_is_folded_not_lost():
    assert wrap.lines("see /a/very/long/path/name", 10) == ["see", "/a/very/lo", "ng/path/na", "me"]


COLUMNS = [("Line", "left"), ("Share", "right"), ("Per month", "right")]
ROWS = [["Contribution margin (before marketing)", "48.4%", "¥290,400"], ["Net margin", "0.0%", "¥0"]]


def test_a_table_that_fits_is_laid_out_as_is():
    assert texttable.render(None, COLUMNS, ROWS, width=80).plain.splitlines()[2].endswith("48.4%   ¥290,400")


def test_a_narrow_table_wraps_its_label_column():
    assert texttable.render(None, COLUMNS, ROWS, width=40).plain.splitlines() == [
        "Line                 Share  Per month",
        "─────────────────────────────────────",
        "Contribution margin  48.4%   ¥290,400",
        "(before marketing)",
        "Net margin            0.0%         ¥0",
    ]


def test_narrower_still_the_rows_stack():
    assert texttable.render(None, COLUMNS, ROWS, width=20).plain.splitlines() == [
        "Contribution margin",
        "(before marketing)",
        "  Share 48.4%",
        "  Per month ¥290,400",
        "Net margin",
        "  Share 0.0%",
        "  Per month ¥0",
    ]


def test_wide_tables_split_into_panels_that_repeat_the_label():
    columns = [("Month", "left")] + [(name, "right") for name in ("Today", "Tuned", "Pool", "Best")]
    rows = [["M1", "¥594.1k -0.5%", "¥430.2k 8.4%", "¥517.3k -4.4%", "¥430.2k 8.4%"],
            ["Total profit", "-¥874.9k", "¥114.4k", "-¥608.5k", "¥114.4k"]]
    lines = texttable.render("Projection", columns, rows, rules=(1,), width=36, panels=1).plain.splitlines()
    assert lines[0] == "Projection"
    assert lines[1] == "Month           Today         Tuned"
    total = next(i for i, line in enumerate(lines) if line.startswith("Total "))
    assert lines[total + 1] == "profit"  # the label wrapped to save a panel
    assert sum(line.startswith("Month") for line in lines) == 2
    assert all(cell_len(line) <= 36 for line in lines)


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    from make_exports import Shop, simulate, write_exports

    return write_exports(simulate(Shop(new_per_month=150, seed=5)), tmp_path_factory.mktemp("orders"), "taobao",
                         "utf-8")[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [60, 80, 120])
def test_calibrate_fits_the_width_and_keeps_the_keys_to_copy_whole(export, lang, width):
    """The review found keys cut (``sales.monthly_revenu``) and values wrapped to column 0."""
    text = render("calibrate", export, "--lang", lang, width=width)
    assert [line for line in text.splitlines() if cell_len(line) > width] == []
    for key in ("sales.monthly_revenue", "sales.average_order_value", "sales.repeat_order_share",
                "ads.customer_retention_per_month"):
        assert key in text, key
