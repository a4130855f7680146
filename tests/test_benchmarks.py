"""The benchmark scripts still run (tiny sizes, no timing asserted: speed is measured by running
them, see benchmarks/README.md) -- a script that no longer matches the code fails here, not on
the day someone needs its figures."""

import subprocess
import sys

import pytest

from conftest import ROOT

RUNS = {
    "bench_model.py": ["--shops", "300", "--months", "12", "--sample", "2"],
    "bench_uncertainty.py": ["--draws", "200", "--months", "12"],
    "bench_startup.py": ["--runs", "1"],
    "bench_batch.py": ["--files", "30", "--rows", "300", "--runs", "1"],
    "bench_calibrate.py": ["--rows", "2000"],
    "bench_scale.py": ["--shops", "3000"],
}


@pytest.mark.parametrize("script", sorted(RUNS))
def test_the_benchmark_runs_and_prints_its_figures(script):
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *RUNS[script]], capture_output=True,
                          text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert any(ch.isdigit() for ch in proc.stdout) and ("x" in proc.stdout or "ratio" in proc.stdout), proc.stdout


def test_every_benchmark_script_is_run_here():
    assert sorted(p.name for p in (ROOT / "benchmarks").glob("bench_*.py")) == sorted(RUNS)
