"""Parquet tables in and out of advisor batch (local engine): the same shops give the same rows as
from CSV, bad rows are reported by row number and column, the output file reads back whole."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor import batch
from advisor.advice.ranking import COLUMNS, INDEX
from advisor.profile import fields as F

from helpers import cli, csv_cell, shop_table, write_csv_and_parquet

pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed: pip install -e '.[parquet]'")
pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed: pip install -e '.[parquet]'")


def rows_by_place(run, csv_offset=0):
    """Each result row (every column but the source's file, and the rank) by (line or row)."""
    out = {}
    for row in run.rows.ranked():
        _, _, line = row[INDEX["source"]].rpartition(":")
        out[int(line) - csv_offset] = [v for c, v in zip(COLUMNS, row) if c != "source"]
    return out


def test_the_same_shops_give_the_same_rows_from_csv_and_parquet(tmp_path):
    header, rows = shop_table(2500)
    csv_path, parquet_path = write_csv_and_parquet(tmp_path, header, rows, row_group_size=700)
    from_csv = batch.run_batch([str(csv_path)])
    from_parquet = batch.run_batch([str(parquet_path)], jobs=2, part_rows=900)
    assert len(from_parquet.rows) == 2500 and from_parquet.findings == []
    assert rows_by_place(from_parquet) == rows_by_place(from_csv, csv_offset=1)  # CSV line 2 is row 1
    sources = from_parquet.rows.sources()
    assert sorted(sources, key=lambda s: int(s.rpartition(":")[2]))[:2] == [f"{parquet_path}:1", f"{parquet_path}:2"]


def test_parts_and_jobs_do_not_change_results(tmp_path):
    header, rows = shop_table(1200, seed=3)
    _, parquet_path = write_csv_and_parquet(tmp_path, header, rows, row_group_size=1200)
    runs = [batch.run_batch([str(parquet_path)], jobs=jobs, part_rows=part_rows)
            for jobs, part_rows in ((1, None), (2, 250), (2, 7))]
    first = list(runs[0].rows.ranked())
    assert all(list(run.rows.ranked()) == first for run in runs[1:])


MIXED_HEADER = ["shop.name", "shop.platform", "shop.category", "sales.monthly_revenue", "sales.average_order_value",
                "costs.product", "costs.marketing", "costs.staff", "pool.join_rate.low", "pool.join_rate.high",
                "costs.other.rent.share", "costs.other.rent.fixed", "projection.horizon_months"]


def test_types_nulls_and_text_columns_read_as_the_csv_of_their_cells(tmp_path):
    """Integers, floats, nulls (the default applies), percent strings in a text column, booleans,
    range columns and a fixed other cost: every shop as from the CSV of the same cells."""
    rows = [["Tea", "taobao", "snacks", 80000, 88.0, "45%", 0.15, None, 0.1, 0.2, 0.02, True, 24],
            ["Wine", None, None, 120000, 300.5, "0.3", 0.25, 0.1, None, None, None, None, None],
            ["茶馆", "wechat", "零食", 50000, 40.0, "30 %", 0.2, 0.05, 0.05, 0.3, 0.01, False, 36]]
    csv_path, parquet_path = write_csv_and_parquet(tmp_path, MIXED_HEADER, rows)
    assert pq.read_schema(parquet_path).field("costs.product").type == pa.string()
    from_csv, from_parquet = batch.run_batch([str(csv_path)]), batch.run_batch([str(parquet_path)])
    assert from_csv.findings == [] and len(from_parquet.rows) == 3
    assert rows_by_place(from_parquet) == rows_by_place(from_csv, csv_offset=1)


BAD = [  # (column, value, finding rule): each bad cell costs its row only
    ("costs.marketing", 40.0, "share-range"),
    ("costs.marketing", float("nan"), None),
    ("costs.marketing", float("inf"), None),
    ("sales.monthly_revenue", -5, None),
    ("shop.name", None, "missing-key"),
    ("shop.platform", "myspace", None),
    ("costs.product", "lots", None),
    ("projection.horizon_months", 24.5, None),
    ("pool.join_rate.low", 0.5, None),  # low above high
]


@pytest.mark.parametrize("column,value,rule", BAD, ids=[f"{c}={v}" for c, v, _ in BAD])
def test_a_bad_cell_is_reported_at_its_row_and_column_as_for_csv(tmp_path, column, value, rule):
    rows = [[f"Shop {i}", "taobao", "snacks", 80000, 88.0, "0.4", 0.15, 0.1, 0.1, 0.2, 0.02, True, 24]
            for i in range(6)]
    rows[3][MIXED_HEADER.index(column)] = value
    csv_path, parquet_path = write_csv_and_parquet(tmp_path, MIXED_HEADER, rows)
    from_csv, from_parquet = batch.run_batch([str(csv_path)]), batch.run_batch([str(parquet_path)])
    assert len(from_parquet.rows) == 5 and from_parquet.invalid_sources == 1
    got = [(f.line, f.column, f.rule, f.message_key) for f in from_parquet.findings]
    want = [(f.line - 1, f.column, f.rule, f.message_key) for f in from_csv.findings]
    assert got == want and got[0][0] == 4  # row 4 (the fourth shop), CSV line 5
    if rule:
        assert got[0][2] == rule


def test_schema_problems_skip_the_file_with_one_finding_each(tmp_path):
    table = pa.table({"shop.name": ["a"], "costs.marketting": [0.1], "costs.product": pa.array([[0.1]])})
    path = tmp_path / "odd.parquet"
    pq.write_table(table, path)
    result = cli("batch", path, "--format", "csv")
    assert result.exit_code == 1 and result.stdout.strip() == ",".join(COLUMNS)
    assert f"{path}: error: unknown column 'costs.marketting'; did you mean 'costs.marketing'? [unknown-key]" in result.stderr
    assert "column 'costs.product' (column 3) holds list<element: double>" in result.stderr


def test_a_file_that_is_not_parquet_is_reported_and_the_rest_scored(tmp_path):
    header, rows = shop_table(10)
    _, good = write_csv_and_parquet(tmp_path / "good", header, rows)
    bad = tmp_path / "broken.parquet"
    bad.write_bytes(b"PAR1 this is not really parquet")
    result = cli("batch", good, bad, "--format", "csv")
    assert result.exit_code == 1
    assert f"{bad}: error: not a readable Parquet file" in result.stderr
    assert len(result.stdout.strip().splitlines()) == 11


def test_parquet_output_reads_back_as_the_csv_output(tmp_path):
    header, rows = shop_table(300)
    csv_path, _ = write_csv_and_parquet(tmp_path, header, rows)
    out = tmp_path / "ranking.parquet"
    result = cli("batch", csv_path, "--output", out)
    assert result.exit_code == 0, result.stderr
    table = pq.read_table(out)
    assert table.schema.names == list(COLUMNS)
    assert [str(t) for t in table.schema.types][:5] == ["int64", "string", "string", "int64", "double"]
    exact = list(batch.run_batch([str(csv_path)]).rows.ranked())
    back = table.to_pylist()
    assert [r["rank"] for r in back] == list(range(1, 301))
    for row, want in zip(back, exact):
        assert [row[column] for column in COLUMNS] == want  # unrounded: the very floats, None as null


def test_parquet_output_needs_a_file_and_refuses_an_existing_one(tmp_path):
    header, rows = shop_table(5)
    csv_path, _ = write_csv_and_parquet(tmp_path, header, rows)
    result = cli("batch", csv_path, "--format", "parquet")
    assert result.exit_code == 2 and "--format parquet writes a binary file: name it with --output FILE" in result.stderr
    (tmp_path / "r.parquet").write_text("keep")
    result = cli("batch", csv_path, "--output", tmp_path / "r.parquet")
    assert result.exit_code == 1 and (tmp_path / "r.parquet").read_text() == "keep"


def test_advisors_own_parquet_output_is_never_read_back(tmp_path):
    header, rows = shop_table(20)
    _, parquet_path = write_csv_and_parquet(tmp_path, header, rows)
    assert cli("batch", parquet_path, "--output", tmp_path / "ranking.parquet").exit_code == 0
    result = cli("batch", tmp_path, "--format", "csv")
    assert "ranking.parquet: note:" in result.stderr
    assert len(result.stdout.strip().splitlines()) == 1 + 20 * 2  # the CSV and the Parquet table, not the output


def test_without_pyarrow_a_parquet_input_says_how_to_install_it(tmp_path, monkeypatch):
    import sys

    header, rows = shop_table(5)
    _, parquet_path = write_csv_and_parquet(tmp_path, header, rows)
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    result = cli("batch", parquet_path)
    assert result.exit_code == 2
    assert "Parquet needs an optional extra: pip install 'advisor[parquet]' (it brings pyarrow)" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_url_input_is_read_through_fsspec(tmp_path):
    pytest.importorskip("fsspec", reason="fsspec is not installed: pip install -e '.[dask]'")
    header, rows = shop_table(30)
    write_csv_and_parquet(tmp_path, header, rows)
    result = cli("batch", f"file://{tmp_path}/", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 31


NUMERIC = [f for f in F.FIELDS if f.kind in F.NUMERIC_KINDS and f.path != "version"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(NUMERIC), st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6)))
def test_number_columns_are_checked_as_their_cells_would_be(field, value):
    """A number straight from an Arrow column passes or fails the column checks exactly as the
    CSV cell of the same number does, and gives the same value."""
    from advisor.profile import columns, parquet

    header = ["shop.name", "sales.monthly_revenue", "sales.average_order_value", "costs.product", "costs.marketing"]
    if field.path not in header:
        header.append(field.path)
    cells = ["Shop", 50000, 80.0, 0.3, 0.2, None][: len(header)]
    cells[header.index(field.path)] = value
    plan = columns.compile_header(header)
    as_cells, _ = columns.check_block(plan, [(2, [csv_cell(v) for v in cells])])
    batch_ = pa.record_batch([pa.array([v]) for v in cells], names=header)
    as_numbers, _ = columns.check_columns(plan, [2], parquet.columns_of(batch_))
    assert (as_cells is None) == (as_numbers is None)
    if as_cells is not None:
        assert {k: v[0] for k, v in as_numbers.values.items() if not np.isnan(v[0])} == \
            {k: v[0] for k, v in as_cells.values.items() if not np.isnan(v[0])}
