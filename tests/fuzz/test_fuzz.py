"""Fuzzing: random and mutated profiles, tables and command lines -- only the tool's own findings
come out, never an exception. A few hundred examples here; ``ADVISOR_FUZZ_EXAMPLES=1000000`` for
the long run (docs/reliability.md)."""

from fuzzdata import assert_findings, check_table, fuzz_settings, make_csv, make_jsonl, make_profile, strategy
from hypothesis import given
from hypothesis import strategies as st

from advisor.profile.load import load_bytes

from helpers import cli


@fuzz_settings(200)
@given(strategy(make_profile))
def test_the_loader_only_reports_findings(raw):
    profile, findings = load_bytes(raw, "x.yaml")
    assert_findings(findings)
    assert (profile is None) == any(f.is_error for f in findings)


@fuzz_settings(200)
@given(strategy(make_csv))
def test_the_csv_path_only_reports_findings(raw):
    check_table(raw, "t.csv")


@fuzz_settings(150)
@given(strategy(make_jsonl))
def test_the_jsonl_path_only_reports_findings(raw):
    check_table(raw, "t.jsonl")


@fuzz_settings(25)
@given(st.lists(st.one_of(strategy(make_profile).map(lambda b: ("yaml", b)), strategy(make_csv).map(lambda b: ("csv", b)),
                          strategy(make_jsonl).map(lambda b: ("jsonl", b))), min_size=1, max_size=4),
       st.sampled_from(["validate", "batch"]))
def test_the_cli_exits_cleanly(tmp_path_factory, files, command):
    folder = tmp_path_factory.mktemp("fuzz")
    for i, (suffix, raw) in enumerate(files):
        (folder / f"f{i}.{suffix}").write_bytes(raw)
    result = cli(command, folder, "--format", "json")
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr[-2000:])
    assert isinstance(result.exception, SystemExit) or result.exception is None, result.exception
    assert "internal error" not in result.stdout + result.stderr
