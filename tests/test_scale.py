"""advisor batch --engine dask: Parquet in, Parquet parts out, row for row what the local engine
gives (every column, the rank included); row errors collected, a dying worker one clear error."""

import os

import pytest

from advisor import batch
from advisor.advice.ranking import COLUMNS, INDEX

from helpers import cli, shop_table, write_csv_and_parquet

pytest.importorskip("pyarrow", reason="pyarrow is not installed: pip install -e '.[dask]'")
pytest.importorskip("dask.dataframe", reason="dask[dataframe] is not installed: pip install -e '.[dask]'")
pytest.importorskip("distributed", reason="distributed is not installed: pip install -e '.[dask]'")
import pyarrow.parquet as pq


@pytest.fixture(scope="module")
def shops(tmp_path_factory):
    """3,000 generated shops in one Parquet file of row groups of 1,000, three of them invalid."""
    folder = tmp_path_factory.mktemp("scale")
    header, rows = shop_table(3000, seed=5)
    rows[10][header.index("costs.marketing")] = 40.0  # a share over one: row 11
    rows[1500][header.index("shop.name")] = None  # row 1501
    rows[2999][header.index("sales.monthly_revenue")] = -1  # row 3000
    _, parquet_path = write_csv_and_parquet(folder, header, rows, row_group_size=1000)
    return parquet_path


def run_dask(*args):
    return cli("batch", *args, "--engine", "dask", "--jobs", "2")


def test_dask_rows_equal_the_local_engines_every_column(shops, tmp_path):
    out = tmp_path / "out"
    result = run_dask(shops, "--output", out, "--partition-rows", "700")
    assert result.exit_code == 1, result.stderr  # three invalid rows
    local = batch.run_batch([str(shops)])
    assert len(local.rows) == 2997
    want = sorted(local.rows.ranked(), key=lambda row: row[INDEX["rank"]])
    table = pq.read_table(out)
    assert table.schema.names == list(COLUMNS)
    got = sorted(table.to_pylist(), key=lambda row: row["rank"])
    assert len(got) == len(want) == 2997
    for row, expected in zip(got, want):
        assert [row[column] for column in COLUMNS] == expected
    # the same findings, at the same rows
    findings = [line for line in result.stderr.splitlines() if ": error:" in line]
    assert [f"{shops}:{n}:" in line for n, line in zip((11, 1501, 3000), findings)] == [True] * 3
    assert len(findings) == len(local.findings) == 3
    assert "wrote 6 Parquet part(s)" in result.stderr and "scored 2997 shop(s), 3 invalid" in result.stderr
    assert sorted(os.listdir(out))[:2] == ["part-00000-000000000001.parquet", "part-00000-000000000701.parquet"]
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".advisor-")]


def test_an_existing_output_needs_force_and_is_replaced_whole(shops, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.txt").write_text("old")
    result = run_dask(shops, "--output", out)
    assert result.exit_code == 1 and "exists; use --force" in result.stderr and (out / "old.txt").exists()
    result = run_dask(shops, "--output", out, "--force", "--fail-under", "60")
    below = len(batch.run_batch([str(shops)], fail_under=60).below)
    assert 0 < below < 2997
    assert result.exit_code == 1 and f"{below} shop(s) score below 60" in result.stderr
    assert sorted(os.listdir(out)) == ["part-00000-000000000001.parquet", "part-00000-000000001001.parquet",
                                       "part-00000-000000002001.parquet"]


def test_a_worker_that_keeps_dying_is_one_clear_error_and_nothing_is_written(shops, tmp_path):
    from advisor import scale
    from advisor.errors import EXIT_INTERNAL
    from advisor.output import parquet as parquet_output
    from advisor.output.atomic import directory

    import crashing_partition

    out = tmp_path / "out"
    with pytest.raises(scale.EngineError) as caught, directory(str(out), overwrite=False) as parts:
        scale.run_dask([str(shops)], parts, write_part=parquet_output.write_frame, rank_part=parquet_output.rank_part,
                       workers=1, score=crashing_partition.score_partition)
    assert caught.value.message_key == "dask-worker-died" and caught.value.exit_code == EXIT_INTERNAL
    assert not out.exists() and os.listdir(tmp_path) == []


@pytest.mark.parametrize("args,message", [
    (["--sort", "name"], "--sort works with the local engine only"),
    (["--top", "3"], "--top works with the local engine only"),
    (["--format", "csv"], "--engine dask writes Parquet parts only; --format csv needs the local engine"),
    ([], "--engine dask writes Parquet parts into a directory: name it with --output DIR"),
    (["--output", "s3://bucket/out/"], "object storage has no rename"),
    (["--storage-option", "anon"], "--storage-option anon: expected KEY=VALUE"),
], ids=["sort", "top", "format", "no-output", "url-output", "storage-option"])
def test_options_the_dask_engine_cannot_honour_are_usage_errors(shops, args, message):
    result = run_dask(shops, *args)
    assert result.exit_code == 2 and message in result.stderr, result.stderr


def test_the_dask_engine_reads_parquet_only(tmp_path):
    header, rows = shop_table(5)
    csv_path, _ = write_csv_and_parquet(tmp_path, header, rows)
    result = run_dask(csv_path, "--output", tmp_path / "out")
    assert result.exit_code == 2 and f"{csv_path}: --engine dask reads Parquet tables only" in result.stderr


def test_an_unreachable_scheduler_is_one_clear_error(shops, tmp_path, monkeypatch):
    from advisor import scale

    monkeypatch.setattr(scale, "CONNECT_TIMEOUT", "1s")
    result = run_dask(shops, "--output", tmp_path / "out", "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    assert not (tmp_path / "out").exists() and "Traceback" not in result.stderr


def test_without_dask_the_engine_says_how_to_install_it(shops, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)
    result = run_dask(shops, "--output", tmp_path / "out")
    assert result.exit_code == 2
    assert "--engine dask needs an optional extra: pip install 'advisor[dask]'" in result.stderr
