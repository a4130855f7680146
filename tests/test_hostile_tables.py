"""Tables as consultants get them: one bad row costs that row, reported at its real line, and the
rest is scored; encodings detected or given; no cell, line or key can cost unbounded time or memory."""

import csv
import io
import json
import sys
import tracemalloc

import pytest

from advisor.profile import tablefile, tables

from conftest import ROOT
from helpers import cli, deadline

PORTFOLIO = ROOT / "profiles" / "tables" / "portfolio.csv"
HEADER = PORTFOLIO.read_text(encoding="utf-8").splitlines()[0]
ROW = "Shop {i},tmall,womenswear,850000,260,0.18,0.28,38%,0.11,0.07,0.06,0.06,0.22,0.06,1.3,,"


def errors(result):
    return [line.split(": error: ")[0] for line in result.stderr.splitlines() if ": error: " in line]


def scored(result):
    return list(csv.DictReader(io.StringIO(result.stdout)))


def table(tmp_path, rows, name="t.csv", encoding="utf-8"):
    path = tmp_path / name
    text = "\n".join([HEADER] + rows) + "\n"
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def test_twelve_thousand_rows_with_a_bad_byte_a_huge_cell_and_a_stray_quote(tmp_path):
    """The issue's acceptance case: every other row scored, the three reported at their lines."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_batch import make_table

    path = tmp_path / "messy.csv"
    make_table(path, 12_000)
    lines = path.read_bytes().split(b"\n")  # lines[i] is line i + 1
    lines[7001] = lines[7001].replace(b"Shop", b"Caf\xe9", 1)  # one Latin-1 byte at line 7,002
    lines[3000] = lines[3000].replace(b"Shop", b"S" + b"x" * 200_000, 1)  # a 200 KB cell at line 3,001
    lines[9000] = b'"' + lines[9000]  # a stray quote at line 9,001
    path.write_bytes(b"\n".join(lines))
    with deadline(300):
        result = cli("batch", path, "--format", "csv", "--jobs", "2")
    assert result.exit_code == 1
    assert errors(result) == [f"{path}:3001:1", f"{path}:7002:1", f"{path}:9001:1"]
    assert "longer than 100000 characters" in result.stderr and "(byte 0xE9)" in result.stderr
    assert "does not close" in result.stderr
    assert len(scored(result)) == 11_997


def test_bad_bytes_cost_their_row_at_their_cell(tmp_path):
    raw = "\n".join([HEADER] + [ROW.format(i=i) for i in range(4)]).encode()
    raw = raw.replace(b"Shop 2,tmall,womenswear", b"Shop 2,tmall,wom\xffnswear")
    path = tmp_path / "t.csv"
    path.write_bytes(raw)
    result = cli("batch", path, "--format", "csv")
    assert errors(result) == [f"{path}:4:3"]
    assert sorted(r["name"] for r in scored(result)) == ["Shop 0", "Shop 1", "Shop 3"]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_encodings_are_detected(tmp_path, encoding):
    path = table(tmp_path, [ROW.format(i=i).replace("Shop", "店铺").replace("womenswear", "女装") for i in range(3)],
                 encoding=encoding)
    result = cli("batch", path, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert sorted(r["name"] for r in scored(result)) == ["店铺 0", "店铺 1", "店铺 2"]


def test_encoding_given(tmp_path):
    path = table(tmp_path, [ROW.format(i=i).replace("Shop", "Café") for i in range(3)], encoding="cp1252")
    assert errors(cli("batch", path, "--format", "csv")) == [f"{path}:{n}:1" for n in (2, 3, 4)]
    result = cli("batch", path, "--format", "csv", "--encoding", "cp1252")
    assert result.exit_code == 0 and sorted(r["name"] for r in scored(result))[0] == "Café 0"
    assert cli("batch", path, "--encoding", "klingon").exit_code == 2


def test_a_stray_quote_costs_one_row_and_quoted_cells_still_work(tmp_path):
    rows = [ROW.format(i=0), '"Shop 1' + ROW.format(i=1)[6:], ROW.format(i=2).replace("Shop 2", '"Shop, ""two"""'),
            ROW.format(i=3).replace("Shop 3", 'Shop "3"'), ROW.format(i=4)]
    path = table(tmp_path, rows)
    result = cli("batch", path, "--format", "csv")
    assert errors(result) == [f"{path}:3:1"]
    assert sorted(r["name"] for r in scored(result)) == ["Shop \"3\"", "Shop 0", "Shop 4", 'Shop, "two"']


def test_a_nul_costs_its_row(tmp_path):
    path = table(tmp_path, [ROW.format(i=0), ROW.format(i=1).replace("Shop", "Sh\x00op"), ROW.format(i=2)])
    result = cli("batch", path, "--format", "csv")
    assert errors(result) == [f"{path}:3:1"] and "NUL" in result.stderr
    assert "\x00" not in result.stdout


def test_lines_are_counted_with_old_mac_line_ends(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("\r".join([HEADER, ROW.format(i=0), ROW.format(i=1).replace("38%", "lots"), ""]).encode())
    assert errors(cli("batch", path, "--format", "csv")) == [f"{path}:3:8"]


def test_a_huge_line_is_skipped_in_bounded_memory(tmp_path):
    path = tmp_path / "t.jsonl"
    good = json.dumps({"shop.name": "ok", "sales.monthly_revenue": 1, "sales.average_order_value": 1,
                       "costs.product": 0.3, "costs.marketing": 0.3})
    with path.open("w") as fh:
        fh.write(good + "\n" + json.dumps({"shop.name": "x" * 20_000_000}) + "\n" + good + "\n")
    tracemalloc.start()
    chunks = list(tables.read_rows(str(path), 100))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 5_000_000  # a 20 MB line never held whole
    ((_, _, rows),) = chunks
    assert [line for line, _ in rows] == [1, 2, 3] and rows[1][1].message_key == "line-too-long"


def test_no_line_cap_escape_in_jsonl_output(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"shop": {"name": "x" * 200_000}}) + "\n")
    result = cli("batch", path, "--format", "jsonl")
    assert result.exit_code == 1 and result.stdout == "" and errors(result) == [f"{path}:1:1"]


@pytest.mark.parametrize("key", ["a" + ".a" * 20_000, "." * 60_000, "k" * 90_000],
                         ids=["many-dots", "only-dots", "long-key"])
def test_long_and_deep_keys_cost_nothing(tmp_path, key):
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"shop.name": "x", key: 1}) + "\n")
    with deadline(20):
        result = cli("batch", path, "--format", "csv")
    assert result.exit_code == 1 and errors(result) == [f"{path}:1:1"]
    assert len(result.stderr) < 1000  # the key is not repeated whole


def test_deeply_nested_json_is_a_finding(tmp_path):
    nested: object = 1
    for _ in range(900):
        nested = {"a": nested}
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(nested) + "\n" + "[" * 5000 + "]" * 5000 + "\n")
    result = cli("batch", path, "--format", "csv")
    assert result.exit_code == 1 and {e.rsplit(":", 2)[1] for e in errors(result)} == {"1", "2"}


def test_duplicate_columns_are_refused_at_the_header(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(HEADER + ",costs.product\n" + ROW.format(i=0) + ",0.2\n")
    result = cli("batch", path, "--format", "csv")
    assert errors(result) == [f"{path}:1:18"] and "first at column 7" in result.stderr and scored(result) == []


def test_a_value_and_its_range_in_one_row_clash(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(HEADER + ",pool.join_rate.low\n" + ROW.format(i=0).replace(",1.3,,", ",1.3,,0.1") + ",0.05\n"
                    + ROW.format(i=1) + ",\n")
    result = cli("batch", path, "--format", "csv")
    assert errors(result) == [f"{path}:2:18"] and [r["name"] for r in scored(result)] == ["Shop 1"]


@pytest.mark.parametrize("line", ['{"shop": {"name": "a"}, "shop": {"name": "b"}}',
                                  '{"shop": {"name": "a"}, "shop.name": "b"}',
                                  '{"costs.other": 0.1, "costs.other.rent": 0.2}'],
                         ids=["same-key", "nested-and-dotted", "value-and-section"])
def test_duplicate_jsonl_keys_are_refused(tmp_path, line):
    path = tmp_path / "t.jsonl"
    path.write_text(line + "\n")
    result = cli("batch", path, "--format", "csv")
    assert errors(result) == [f"{path}:1:1"] and "[duplicate-key]" in result.stderr


@pytest.mark.parametrize("number", ["1" + "0" * 309, "1" + "0" * 5000, "1e400"], ids=["309", "5000", "1e400"])
def test_huge_numbers_in_cells_and_json(tmp_path, number):
    csv_path = table(tmp_path, [ROW.format(i=0).replace("850000", number), ROW.format(i=1)])
    jsonl = tmp_path / "t.jsonl"
    jsonl.write_text('{"shop.name": "x", "sales.monthly_revenue": ' + number + '}\n')
    result = cli("batch", csv_path, jsonl, "--format", "csv")
    assert result.exit_code == 1
    assert errors(result)[0] == f"{csv_path}:2:4" and "[number-too-large]" in result.stderr
    assert f"{jsonl}:1:1: error: 'sales.monthly_revenue' = " in result.stderr
    assert [r["name"] for r in scored(result)] == ["Shop 1"]


def test_bad_bytes_in_the_header_skip_the_table(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(HEADER.replace("shop.platform", "shop.pl\xe4tform").encode("latin-1") + b"\n" +
                     ROW.format(i=0).encode() + b"\n")
    result = cli("batch", path, "--format", "csv")
    assert errors(result) == [f"{path}:1:2"] and scored(result) == []


@pytest.mark.parametrize("content", [b"", b"\n\n"], ids=["empty", "blank"])
@pytest.mark.parametrize("suffix", ["csv", "jsonl"])
def test_empty_tables_are_reported(tmp_path, content, suffix):
    path = tmp_path / f"t.{suffix}"
    path.write_bytes(content)
    result = cli("batch", path)
    assert result.exit_code == 1 and "the file is empty" in result.stderr


def test_rows_read_match_the_line_numbers_of_the_file(tmp_path):
    rows = [ROW.format(i=i) for i in range(5)]
    rows.insert(2, "")
    path = table(tmp_path, rows)
    ((_, _, problems), (_, _, chunk)) = list(tablefile.read_rows(str(path), 100))
    assert problems == [] and [line for line, _ in chunk] == [2, 3, 5, 6, 7]


def test_chunks_stay_small_whatever_the_rows(tmp_path, monkeypatch):
    """Wide rows end a chunk early: memory per chunk is bounded by characters, not rows alone."""
    monkeypatch.setattr(tablefile, "CHUNK_CHARS", 50_000)
    path = table(tmp_path, [ROW.format(i=i).replace("tmall", "tmall" + " " * 9_000) for i in range(40)])
    sizes = [len(rows) for kind, _, rows in tablefile.read_rows(str(path), 5000) if kind == "csv"]
    assert sum(sizes) == 40 and max(sizes) <= 6
    result = cli("batch", path, "--format", "csv")
    assert result.exit_code == 0 and len(scored(result)) == 40


NAMES = ["好店", "母婴用品专营店", "茶叶", "服装", "淘宝女装", "女装旗舰店", "生鲜社区团购", "零食", "日用百货", "美妆",
         "数码", "家居", "坚果", "水果", "鞋包"]


@pytest.mark.parametrize("name", NAMES)
def test_a_short_gb18030_table_is_read_as_gb18030(tmp_path, name):
    """Even where some of its byte pairs are valid UTF-8 (the review found 5 of 16 names missed)."""
    from advisor.profile.textfile import guess_encoding

    assert guess_encoding(f"shop.name,shop.category\n{name},女装\n".encode("gb18030"), complete=True) == "gb18030"


def test_a_stray_byte_in_utf8_keeps_the_file_utf8():
    from advisor.profile.textfile import guess_encoding

    text = ("店铺名称,说明\n" + "\n".join(f"{n},{n}的说明" for n in NAMES) + "\n").encode("utf-8")
    assert guess_encoding(text[:50] + b"\xff" + text[50:], complete=True) == "utf-8"


def test_a_line_break_inside_a_quoted_cell_costs_that_row_and_invents_no_shop(tmp_path):
    """A spreadsheet writes a cell with a line break as a quoted cell over two lines: the row is
    reported once, at its first line, and its second line is not scored as a shop of its own."""
    rows = PORTFOLIO.read_text(encoding="utf-8").splitlines()
    rows[2] = '"Little Sprout\nsplit in two"' + rows[2][rows[2].index(","):]
    table = tmp_path / "t.csv"
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = cli("batch", table, "--format", "csv")
    assert result.exit_code == 1
    assert f"{table}:3:" in result.stderr and "line break inside a cell" in result.stderr
    names = [row.split(",")[1] for row in result.stdout.splitlines()[1:]]
    assert not any("split in two" in name for name in names) and len(names) == len(rows) - 2
