"""The CLI shell: exit codes, error lines, JSON contract of today's P&L, no tracebacks."""

import json

import pytest

from cases import BAD_INPUTS
from conftest import CROWN, MINIMAL, PROFILES, ROOT
from helpers import cli, cli_process


def test_version():
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("advisor ")


def test_evaluate_crown_json_today():
    result = cli("evaluate", CROWN, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    today = data["today"]
    assert -0.02 <= today["net_margin"] <= 0.02
    assert today["revenue"] == 600000
    assert today["shares"]["marketing"] == pytest.approx(0.40)
    assert today["shares"]["other"] == {"returns": pytest.approx(0.05)}
    assert today["break_even_roas"] == pytest.approx(1 / 0.484)  # staff 30% variable: 0.516 per order


def test_evaluate_text_shows_the_pnl():
    result = cli("evaluate", CROWN)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Marketing and ads" in out and "40.0%" in out and "¥240,000" in out
    assert "Break-even ROAS" in out and "2.07" in out


@pytest.mark.parametrize("path", PROFILES, ids=[p.name for p in PROFILES])
def test_shipped_profiles_are_clean(path):
    result = cli("validate", path)
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stdout


def test_validate_share_over_one_names_position_and_percent(write):
    path = write(MINIMAL.replace("marketing: 0.40", "marketing: 40"))
    result = cli("validate", path)
    assert result.exit_code == 1
    assert f"{path}:4:35: error:" in result.stdout
    assert "did you mean 40%?" in result.stdout
    assert "[share-range]" in result.stdout


def test_validate_directory_mixes_good_and_bad(tmp_path):
    (tmp_path / "good.yaml").write_text(MINIMAL)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bad.yml").write_text(MINIMAL.replace("staff", "staf"))
    (tmp_path / "notes.txt").write_text("not a profile")
    result = cli("validate", tmp_path)
    assert result.exit_code == 1
    assert "bad.yml:4:" in result.stdout and "good.yaml" not in result.stdout
    assert "2 file(s) checked: 1 error(s)" in result.stdout


def test_validate_warnings_alone_exit_zero(write):
    path = write(MINIMAL.replace("product: 0.30", "product: 0.50"))
    result = cli("validate", path)
    assert result.exit_code == 0
    assert "warning:" in result.stdout and "[costs-over-100]" in result.stdout


def test_evaluate_invalid_profile_exits_1_with_all_errors(write):
    path = write(MINIMAL.replace("marketing: 0.40", "marketing: 40").replace("staff", "staf"))
    result = cli("evaluate", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("error:") == 2


def test_usage_error_exits_2():
    result = cli("evaluate", CROWN, "--format", "xml")
    assert result.exit_code == 2


@pytest.mark.parametrize("name,content,rule,position", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_no_bad_input_gives_a_traceback(tmp_path, name, content, rule, position):
    path = tmp_path / "bad.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    for command in ("validate", "evaluate"):
        result = cli(command, path)
        assert result.exit_code == 1, result.stderr
        assert isinstance(result.exception, SystemExit)  # a clean exit, not an escaped exception
        assert str(path) in result.stdout + result.stderr


END_TO_END = ("malformed-yaml", "binary", "alias-bomb", "share-over-one")


@pytest.mark.parametrize("name", END_TO_END)
def test_bad_input_in_a_real_process(tmp_path, name):
    """The same, through ``python -m advisor``: real streams, real exit code, no traceback."""
    content = {b[0]: b[1] for b in BAD_INPUTS}[name]
    path = tmp_path / "bad.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    proc = cli_process("evaluate", path)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert str(path) in proc.stderr


def test_unreadable_path_is_a_finding(tmp_path):
    proc = cli_process("evaluate", tmp_path / "missing.yaml")
    assert proc.returncode == 1
    assert "no such file" in proc.stderr and "Traceback" not in proc.stderr


def test_python_m_and_console_script_agree():
    proc = cli_process("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("advisor ")


@pytest.mark.parametrize("args", [["evaluate", "profiles/wechat-niche-snacks.yaml"], ["validate", "profiles"],
                                  ["batch", "profiles", "--format", "jsonl"], ["batch", "profiles"],
                                  ["schema"]])
def test_a_closed_standard_output_is_exit_141_quietly(args):
    """``advisor ... | head``: the documented 141 (as for SIGPIPE), never 1 and never a traceback."""
    import os
    import subprocess
    import sys

    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run([sys.executable, "-m", "advisor", *args], stdout=write, stderr=subprocess.PIPE,
                              text=True, cwd=ROOT, timeout=120)
    finally:
        os.close(write)
    assert proc.returncode == 141 and "Traceback" not in proc.stderr, proc.stderr


def test_a_table_given_where_a_profile_belongs_says_to_use_batch():
    for command in ("validate", "evaluate"):
        result = cli(command, ROOT / "profiles" / "tables" / "portfolio.csv")
        assert result.exit_code == 1 and "advisor batch" in result.stdout + result.stderr
