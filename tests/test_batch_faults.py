"""advisor batch when things break: a dead worker, a bug in one row, absurd --jobs -- never a hang,
never a lost run; what could not be scored is reported with its place."""

import csv
import io
import os
import signal
import subprocess
import sys
import time

import pytest

from advisor import batch, workers
from advisor.advice import ranking
from advisor.profile import columns, tables

from conftest import MINIMAL, ROOT
from helpers import cli, deadline

PORTFOLIO = ROOT / "profiles" / "tables" / "portfolio.csv"


def shops_dir(tmp_path, count=12):
    root = tmp_path / "shops"
    root.mkdir()
    for i in range(count):
        (root / f"s{i:02d}.yaml").write_text(MINIMAL.replace("Test shop", f"Shop {i:02d}"))
    return root


def names(result):
    return sorted(r["name"] for r in csv.DictReader(io.StringIO(result.stdout)))


def test_a_worker_killed_once_costs_nothing(tmp_path, monkeypatch):
    root = shops_dir(tmp_path)
    marker = tmp_path / "killed"
    real = batch.read_file

    def read_file(path, *args, **kwargs):
        if path.endswith("s05.yaml") and not marker.exists():
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(batch, "read_file", read_file)
    monkeypatch.setattr(batch, "FILES_PER_CHUNK", 3)
    monkeypatch.setattr(workers, "cores", lambda: 2)
    with deadline(120):
        result = cli("batch", root, "--jobs", "2", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert names(result) == [f"Shop {i:02d}" for i in range(12)]
    assert "1 worker process(es) died; the chunks they held were run once more" in result.stderr


def test_a_chunk_that_kills_its_worker_twice_is_reported_and_the_rest_scored(tmp_path, monkeypatch):
    root = shops_dir(tmp_path)
    real = batch.read_file

    def read_file(path, *args, **kwargs):
        if path.endswith("s05.yaml"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(batch, "read_file", read_file)
    monkeypatch.setattr(batch, "FILES_PER_CHUNK", 3)
    monkeypatch.setattr(workers, "cores", lambda: 2)
    with deadline(120):
        result = cli("batch", root, "--jobs", "2", "--format", "csv")
    assert result.exit_code == 2  # the tool failed on some input: not a verdict on it
    assert names(result) == [f"Shop {i:02d}" for i in range(12) if i not in (3, 4, 5)]
    lost = [line for line in result.stderr.splitlines() if "[internal-error]" in line]
    assert [line.split(":")[0] for line in lost] == [str(root / f"s{i:02d}.yaml") for i in (3, 4, 5)]
    assert all("worker process died twice (SIGKILL)" in line for line in lost)


def test_a_table_chunk_lost_is_one_line_with_its_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "parse_chunk", lambda *a: os.kill(os.getpid(), signal.SIGKILL))
    monkeypatch.setattr(workers, "cores", lambda: 2)
    with deadline(120):
        result = cli("batch", PORTFOLIO, PORTFOLIO.parent.parent / "wechat-niche-snacks.yaml", "--jobs", "2",
                     "--format", "csv")
    assert result.exit_code == 2
    assert f"{PORTFOLIO}:2:1: error: rows 2-7 were not scored: the worker process died twice (SIGKILL)" in result.stderr
    assert names(result) == ["Roast & Root niche snacks"]  # the profile file beside it


def test_a_bug_in_one_row_costs_that_row(tmp_path, monkeypatch):
    real = tables.csv_row

    def csv_row(path, header, line, cells):
        if line == 4:
            raise ZeroDivisionError("boom")
        return real(path, header, line, cells)

    monkeypatch.setattr(tables, "csv_row", csv_row)
    monkeypatch.setattr(columns, "compile_header", lambda header: None)  # the full validator, for every row
    result = cli("batch", PORTFOLIO, "--format", "csv", "--jobs", "1")
    assert result.exit_code == 2
    assert f"{PORTFOLIO}:4:1: error: internal error while reading this input: ZeroDivisionError: boom" in result.stderr
    assert len(names(result)) == 5


def test_a_bug_scoring_one_shop_costs_that_shop(monkeypatch):
    real = ranking.score

    def score(a, shops):  # the core of both the column path and the profile path
        if "Hill Tea snacks" in shops.names:
            if len(shops.names) > 1:
                raise FloatingPointError("vectorised call failed")
            raise OverflowError("this shop")
        return real(a, shops)

    monkeypatch.setattr(ranking, "score", score)
    result = cli("batch", PORTFOLIO, "--format", "csv", "--jobs", "1")
    assert result.exit_code == 2
    assert f"{PORTFOLIO}:4:1: error: internal error while reading this input: OverflowError: this shop" in result.stderr
    assert len(names(result)) == 5 and "Hill Tea snacks" not in names(result)


def test_absurd_jobs_are_capped_and_a_small_batch_forks_nothing(monkeypatch):
    started = []
    monkeypatch.setattr(workers.Pool, "__init__", lambda self, *a, **k: started.append(a))
    with deadline(60):
        result = cli("batch", PORTFOLIO, "--jobs", "4000", "--format", "csv")
    assert result.exit_code == 0 and len(names(result)) == 6
    assert started == []  # one chunk: scored in this process


def test_jobs_never_exceed_the_cores(tmp_path, monkeypatch):
    seen = []
    real = workers.Pool.__init__

    def init(self, jobs, *a, **k):
        seen.append(jobs)
        real(self, jobs, *a, **k)

    monkeypatch.setattr(workers.Pool, "__init__", init)
    monkeypatch.setattr(workers, "cores", lambda: 2)
    monkeypatch.setattr(batch, "FILES_PER_CHUNK", 2)
    with deadline(120):
        result = cli("batch", shops_dir(tmp_path, 6), "--jobs", "4000", "--format", "csv")
    assert result.exit_code == 0 and seen == [2]


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="reads /proc to find the workers")
@pytest.mark.parametrize("sig,code,group", [(signal.SIGINT, 130, True), (signal.SIGTERM, 143, True),
                                            (signal.SIGTERM, 143, False), (signal.SIGKILL, -9, False)],
                         ids=["ctrl-c", "sigterm-group", "sigterm", "parent-killed"])
def test_interrupted_batch_ends_quietly_and_cleanly(tmp_path, sig, code, group):
    """Ctrl-C (the whole process group) or SIGTERM: no traceback from any worker, no worker left,
    no temporary file left, and the shell's exit code. A parent killed outright: its orphaned
    workers exit on their own, silently (they share its standard error, so ``communicate``
    returns only when they are gone)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_batch import make_table

    table = tmp_path / "t.csv"
    make_table(table, 40_000)
    out = tmp_path / "out" / "ranking.csv"
    out.parent.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "advisor", "batch", str(table), "--jobs", "2", "--output", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        for _ in range(600):  # until both workers run
            kids = _children(proc.pid)
            if len(kids) >= 2 or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "finished before it could be interrupted"
        os.killpg(proc.pid, sig) if group else os.kill(proc.pid, sig)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == code, err
    assert "Traceback" not in err and "Error" not in err, err
    for _ in range(100):
        alive = [k for k in kids if os.path.exists(f"/proc/{k}") and _state(k) not in ("Z", "gone")]
        if not alive:
            break
        time.sleep(0.1)
    assert alive == []
    assert list(out.parent.iterdir()) == []  # no .advisor-*.tmp, no half-written output


def _state(pid):
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"
