"""advisor batch: files, directories, globs and tables in; ranked rows out; bad input never stops it."""

import csv
import io
import json
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor import batch
from advisor.advice import ranking
from advisor.profile import fields as F

from conftest import MINIMAL, ROOT
from helpers import cli

PORTFOLIO = ROOT / "profiles" / "tables" / "portfolio.csv"


def shop_text(i):
    text = MINIMAL.replace("name: Test shop", f"name: Shop {i:04d}")
    return text.replace("product: 0.30", f"product: {0.20 + (i % 20) / 100:.2f}")


@pytest.fixture
def portfolio_dir(tmp_path):
    root = tmp_path / "clients"
    (root / "north").mkdir(parents=True)
    for i in range(40):
        (root / ("north" if i % 2 else "") / f"shop{i:03d}.yaml").write_text(shop_text(i))
    (root / "bad1.yaml").write_text(MINIMAL.replace("marketing: 0.40", "marketing: 40"))
    (root / "north" / "bad2.yml").write_text("shop: [unclosed\n")
    (root / "bad3.yaml").write_bytes(b"\x00\x01binary")
    return root


def run_csv(*args):
    result = cli("batch", *args, "--format", "csv")
    return result, list(csv.DictReader(io.StringIO(result.stdout)))


def test_good_and_bad_files(portfolio_dir, tmp_path):
    out = tmp_path / "out.csv"
    result = cli("batch", portfolio_dir, "--format", "csv", "--output", out)
    assert result.exit_code == 1
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 40
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 3
    assert any("bad1.yaml:4:35:" in e for e in errors)
    assert any("bad2.yml:2:1:" in e for e in errors)
    assert any("bad3.yaml:1:1:" in e for e in errors)
    assert "scored 40 shop(s), 3 invalid" in result.stderr


def test_rows_have_the_promised_columns_and_ranking(portfolio_dir):
    _, rows = run_csv(portfolio_dir)
    assert list(rows[0]) == list(ranking.COLUMNS)
    scores = [int(r["health_score"]) for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert [int(r["rank"]) for r in rows] == list(range(1, 41))


def test_results_identical_whatever_jobs(portfolio_dir):
    one = cli("batch", portfolio_dir, "--format", "json", "--jobs", "1").stdout
    two = cli("batch", portfolio_dir, "--format", "json", "--jobs", "2").stdout
    assert one == two and json.loads(one)


def test_chunk_boundaries_do_not_change_results(portfolio_dir, monkeypatch):
    whole = cli("batch", portfolio_dir, "--format", "json", "--jobs", "1").stdout
    monkeypatch.setattr(batch, "FILES_PER_CHUNK", 7)
    assert cli("batch", portfolio_dir, "--format", "json", "--jobs", "2").stdout == whole


def test_csv_table_rows(tmp_path):
    result, rows = run_csv(PORTFOLIO)
    assert result.exit_code == 0, result.stderr
    assert len(rows) == 6
    assert all(r["source"].startswith(str(PORTFOLIO) + ":") for r in rows)
    modes = {r["name"]: r["social_mode"] for r in rows}
    assert modes["Morning Market fresh"] == "community-group-buying"


def test_csv_bad_rows_are_reported_with_row_and_column(tmp_path):
    table = tmp_path / "shops.csv"
    lines = PORTFOLIO.read_text().splitlines()
    lines[2] = lines[2].replace(",420000,", ",lots,")  # line 3, column 4
    lines[4] = lines[4].replace(",0.48,", ",48,", 1)  # line 5: share over one
    lines.append("too,few,cells")
    table.write_text("\n".join(lines) + "\n")
    result, rows = run_csv(table)
    assert result.exit_code == 1
    assert len(rows) == 4
    assert f"{table}:3:4: error:" in result.stderr
    assert f"{table}:5:7: error:" in result.stderr and "48%" in result.stderr
    assert f"{table}:8:1: error:" in result.stderr


def test_csv_unknown_column_is_reported_once(tmp_path):
    table = tmp_path / "shops.csv"
    table.write_text(PORTFOLIO.read_text().replace("costs.marketing", "costs.marketting"))
    result, rows = run_csv(table)
    assert result.exit_code == 1 and rows == []
    assert result.stderr.count("costs.marketting") == 1
    assert f"{table}:1:8: error:" in result.stderr and "costs.marketing" in result.stderr


def test_jsonl_table(tmp_path):
    table = tmp_path / "shops.jsonl"
    nested = {"shop": {"name": "Nested", "category": "snacks"}, "sales": {"monthly_revenue": 80000, "average_order_value": 88},
              "costs": {"product": 0.45, "marketing": 0.15, "other": {"rent": {"share": 0.02, "fixed": True}}}}
    dotted = {"shop.name": "Dotted", "sales.monthly_revenue": 50000, "sales.average_order_value": 40,
              "costs.product": 0.5, "costs.marketing": "20%", "pool.join_rate": {"low": 0.1, "high": 0.2}}
    table.write_text(json.dumps(nested) + "\n" + json.dumps(dotted) + "\n{broken\n")
    result, rows = run_csv(table)
    assert result.exit_code == 1
    assert sorted(r["name"] for r in rows) == ["Dotted", "Nested"]
    assert f"{table}:3:2: error: JSON syntax error" in result.stderr


def test_glob_pattern(portfolio_dir):
    _, rows = run_csv(str(portfolio_dir / "**" / "shop00*.yaml"))
    assert len(rows) == 10


@pytest.mark.parametrize("fmt", ["json", "jsonl", "markdown", "table"])
def test_other_formats(portfolio_dir, fmt):
    result = cli("batch", portfolio_dir, "--format", fmt, "--top", "5")
    out = result.stdout
    if fmt == "json":
        assert len(json.loads(out)) == 5
    elif fmt == "jsonl":
        assert len([json.loads(line) for line in out.splitlines()]) == 5
    elif fmt == "markdown":
        lines = out.splitlines()
        assert lines[0].startswith("| Rank | Shop |") and len(lines) == 7
    else:
        assert "Shop 00" in out


def test_sort_and_top(portfolio_dir):
    _, rows = run_csv(portfolio_dir, "--sort", "net_margin", "--top", "3")
    margins = [float(r["net_margin"]) for r in rows]
    assert len(rows) == 3 and margins == sorted(margins)
    assert cli("batch", portfolio_dir, "--sort", "nonsense").exit_code == 2


def test_fail_under(portfolio_dir):
    good = [p for p in portfolio_dir.rglob("shop*.yaml")]
    result = cli("batch", *good, "--format", "csv", "--fail-under", "1")
    assert result.exit_code == 0
    result = cli("batch", *good, "--format", "csv", "--fail-under", "100")
    assert result.exit_code == 1 and "below 100" in result.stderr


def test_output_never_overwrites_unasked(portfolio_dir, tmp_path):
    out = tmp_path / "ranking.csv"
    out.write_text("keep me")
    result = cli("batch", portfolio_dir, "--output", out)
    assert result.exit_code == 1 and out.read_text() == "keep me"
    result = cli("batch", portfolio_dir, "--output", out, "--force")
    assert out.read_text().startswith("rank,name,source")  # format from the extension
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".advisor-")] == []


def _results(names, healths, overtakes):
    n = len(names)
    return ranking.Results(list(names), ["t.csv"] * n, list(range(2, n + 2)), healths, np.zeros((n, 8)), [False] * n,
                           overtakes, ["content"] * n, [""] * n, ["CNY"] * n)


def test_rank_ties_keep_input_order():
    ordered = [ranking.as_dict(r) for r in ranking.rank(_results("abc", [50, 60, 50], [0, 0, 0]))]
    assert [r["name"] for r in ordered] == ["b", "a", "c"]
    assert [r["rank"] for r in ordered] == [1, 2, 3]
    assert [r["source"] for r in ordered] == ["t.csv:3", "t.csv:2", "t.csv:4"]


def test_a_sort_by_a_column_with_missing_values_puts_them_last_either_way():
    table = _results("abcd", [40, 70, 55, 60], [5, 0, 3, 0])  # 0: the pool never overtakes
    for sort, expected in (("pool_overtakes_month", ["c", "a", "b", "d"]), ("-pool_overtakes_month", ["a", "c", "b", "d"])):
        rows = list(ranking.rank(table, sort))
        assert [r[ranking.INDEX["name"]] for r in rows] == expected
    assert [r[ranking.INDEX["rank"]] for r in ranking.rank(table)] == [1, 2, 3, 4]
    assert len(ranking.rank(table)[:2]) == 2 and len(table.below(56)) == 2


HEADER = ["shop.name", "shop.platform", "shop.category", "shop.currency", "sales.monthly_revenue",
          "sales.average_order_value", "sales.repeat_order_share", "costs.product", "costs.marketing",
          "costs.staff", "costs.other.returns", "pool.join_rate", "projection.horizon_months", "version"]
CELL = st.one_of(st.sampled_from(["", "0", "1", "0.3", "30%", "40", "-1", "1.5", "nan", "true", "abc", "2.5",
                                  "120", "1e3", "0.99", "淘宝", "女装", "taobao", "CNY", "usd", "dollar", " 0.2 "]),
                 st.floats(-2, 200).map(lambda x: f"{x:.3f}"))


@settings(max_examples=300, deadline=None)
@given(st.lists(CELL, min_size=len(HEADER), max_size=len(HEADER)))
def test_columns_agree_with_the_full_validator(cells):
    """A row the column checks take has the very values the full validator gives it; a row the
    validator refuses, the column checks refuse too."""
    from advisor.profile import columns, tables

    cells = ["Shop"] + cells[1:]
    block, _failed = columns.check_block(columns.compile_header(HEADER), [(2, cells)])
    full, findings = tables.csv_row("t.csv", HEADER, 2, cells)
    if full is None:
        assert block is None, findings
    if block is not None:
        got = {path: float(column[0]) for path, column in block.values.items() if not np.isnan(column[0])}
        want = {path: float(v) for path, v in full.values.items()}
        assert got == want
        assert (block.names[0], block.platforms[0], block.categories[0], block.currencies[0]) == \
            (full.name, full.platform, full.category, full.currency)
        variable, fixed = columns.fixed_and_variable(block)
        assert (variable[0], fixed[0]) == pytest.approx((full.variable_share, full.fixed_share), abs=1e-15)
        assert columns.outside_plausible(block)[0] == full.outside_plausible()


@settings(max_examples=400, deadline=None)
@given(st.sampled_from([f for f in F.FIELDS if f.kind in F.NUMERIC_KINDS]), st.floats(-1e3, 1e3), st.booleans())
def test_column_bounds_are_the_validators(field, value, percent):
    """The array form of Field.number_problem says what the one-value form says."""
    from advisor.profile.columns import _problems

    percent = percent and field.kind in (F.SHARE, F.RATE)
    assert bool(_problems(field, np.array([value]), np.array([percent]))[0]) == \
        (field.number_problem(value, percent) is not None)


def test_generated_tables_take_the_column_path_whole(tmp_path):
    import sys

    from advisor.profile import columns, tables

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_batch import make_table

    table = tmp_path / "t.csv"
    make_table(table, 300)
    ((_, header, _), (_kind, _, rows)) = list(tables.read_rows(str(table), 1000))
    block, failed = columns.check_block(columns.compile_header(header), rows)
    assert failed == [] and len(block.lines) == 300
    for i in (0, 150, 299):
        full, _ = tables.csv_row("t", header, rows[i][0], rows[i][1])
        assert {p: float(c[i]) for p, c in block.values.items() if not np.isnan(c[i])} == \
            {p: float(v) for p, v in full.values.items()}


def test_a_table_with_range_columns_takes_the_column_path(tmp_path):
    from advisor.profile import columns, tables

    ((_, header, _), (_kind, _, rows)) = list(tables.read_rows(str(PORTFOLIO), 100))
    assert any(name.endswith(".low") for name in header)
    block, failed = columns.check_block(columns.compile_header(header), rows)
    assert failed == [] and len(block.lines) == len(rows)


def test_csv_for_excel_is_utf8_with_a_bom_and_chinese_names_intact(tmp_path):
    (tmp_path / "shop.yaml").write_text(MINIMAL.replace("Test shop", "女装旗舰店"), encoding="utf-8")
    out = tmp_path / "ranking.csv"
    result = cli("batch", tmp_path / "shop.yaml", "--format", "csv-excel", "--output", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfrank,name,source,") and data.count(b"\r\n") == 2
    assert "女装旗舰店".encode() in data
    assert ",false," in data.decode("utf-8-sig") and "True" not in data.decode("utf-8-sig")


def test_an_unknown_output_extension_is_refused_before_any_work(tmp_path):
    result = cli("batch", ROOT / "profiles", "--output", tmp_path / "ranking.xlsx")
    assert result.exit_code == 2 and not (tmp_path / "ranking.xlsx").exists()
    assert "no output format writes .xlsx files; use one of .csv, .json, .jsonl, .ndjson, .md" in result.stderr


def _messy_table(path, newline="\n", encoding="utf-8", rows=60):
    """A table with everything a range cut could get wrong: blank lines, a bad byte, a stray
    quote, a wrong-width row, Chinese names, and blank lines before the header."""
    lines = ["", ",".join(HEADER)]
    for i in range(rows):
        name = f"店铺 {i}" if i % 7 else f'"Shop, {i}"'
        lines.append(f"{name},taobao,womenswear,CNY,{100000 + i * 1000},{80 + i},0.2,0.4,0.2,0.1,0.02,0.05,24,1")
        if i == 10:
            lines.append("")
        if i == 20:
            lines.append('"broken,taobao')
        if i == 30:
            lines.append("short,row")
    data = newline.join(lines).encode(encoding) + newline.encode()
    if encoding == "utf-8" and rows > 40:
        bad = data.index("店铺 40".encode(encoding))
        data = data[:bad] + b"\xff" + data[bad + 1:]
    path.write_bytes(data)


@pytest.mark.parametrize("newline,encoding", [("\n", "utf-8"), ("\r\n", "utf-8"), ("\n", "gb18030")])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ranges_read_by_workers_equal_one_stream(tmp_path, monkeypatch, newline, encoding, jobs):
    """A table cut into many small ranges (each read by a worker) gives the very rows and
    findings, at the very lines, that reading it as one stream gives."""
    from advisor.profile import tablefile

    table = tmp_path / "t.csv"
    _messy_table(table, newline, encoding)
    monkeypatch.setattr(tablefile, "RANGE_BYTES", 300)
    assert len(tablefile.split(str(table)).ranges) > 10
    ranged = cli("batch", table, "--format", "csv", "--jobs", jobs)
    monkeypatch.setattr(tablefile, "split", lambda *a, **k: None)
    streamed = cli("batch", table, "--format", "csv", "--jobs", jobs)
    assert ranged.exit_code == streamed.exit_code == 1
    timeless = re.compile(r" in [0-9.]+ s")
    assert ranged.stdout == streamed.stdout and timeless.sub("", ranged.stderr) == timeless.sub("", streamed.stderr)
    assert len(ranged.stdout.splitlines()) > 50 and ":25:1:" in ranged.stderr  # the stray quote, at its line


def test_a_table_with_lone_cr_line_ends_is_read_as_one_stream(tmp_path):
    from advisor.profile import tablefile

    table = tmp_path / "t.csv"
    _messy_table(table, "\r", "utf-8", rows=5)
    assert tablefile.split(str(table)) is None
    assert cli("batch", table, "--format", "csv").stdout.count("\n") >= 5


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(0, 100),
                          st.lists(st.one_of(st.just(float("nan")), st.sampled_from([-1.5, 0.0, 0.25, 3.0])),
                                   min_size=8, max_size=8),
                          st.booleans(), st.sampled_from([0, 3, 7])), min_size=1, max_size=30),
       st.sampled_from(ranking.COLUMNS), st.booleans())
def test_ranking_by_any_column_matches_sorting_the_rows(shops, column, descending):
    n = len(shops)
    table = ranking.Results([s[0] for s in shops], ["t.csv"] * n, list(range(2, n + 2)), [s[1] for s in shops],
                            [s[2] for s in shops], [s[3] for s in shops], [s[4] for s in shops], ["content"] * n,
                            [s[0] * 2 for s in shops], ["CNY"] * n)
    sort = ("-" if descending else "") + column
    got = list(ranking.rank(table, sort))
    # the reference: number by health, then a stable sort of the rows, missing values last
    rows = list(table)
    order = sorted(range(n), key=lambda i: -rows[i][ranking.HEALTH])
    for position, i in enumerate(order, start=1):
        rows[i][ranking.RANK] = position
    k = ranking.INDEX[column]
    present = [r for r in rows if r[k] is not None]
    present.sort(key=lambda r: r[k], reverse=descending)
    expected = present + [r for r in rows if r[k] is None]
    assert [r[ranking.INDEX["source"]] for r in got] == [r[ranking.INDEX["source"]] for r in expected]
    assert [r[ranking.RANK] for r in got] == [r[ranking.RANK] for r in expected]


@pytest.mark.parametrize("fmt", ["csv", "csv-excel"])
def test_csv_prepared_while_scoring_equals_csv_written_at_the_end(tmp_path, fmt):
    from advisor.i18n import Translator
    from advisor.output.batch import FORMATS

    table = tmp_path / "t.csv"
    _messy_table(table)
    table.write_text(table.read_text(encoding="utf-8", errors="replace").replace("店铺 3,", "=cmd|' /C calc'!A0,"),
                     encoding="utf-8")
    writer = FORMATS.writers[fmt]
    outputs = []
    for prepare in (None, writer.prepare):
        run = batch.run_batch([str(table)], jobs=1, prepare=prepare)
        assert (run.rows.lines is not None) == (prepare is not None)
        out = io.StringIO()
        writer.write(ranking.rank(run.rows, "-net_margin"), Translator("en"), out)
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1] and "'=cmd" in outputs[0] and len(outputs[0].splitlines()) > 50
