"""Profile files as they arrive from real machines and from attackers: encodings, standard input,
FIFOs and devices, a bug on one file -- every case a clear finding, never a hang or a lost report."""

import os
import xml.etree.ElementTree as ET

import pytest

from advisor.profile import check
from advisor.profile.load import load_bytes

from conftest import MINIMAL
from helpers import cli, cli_process, deadline

BOOL_TAG = MINIMAL.replace("version: 1", "version: !!bool maybe")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_unicode_encodings_of_yaml_are_read(encoding):
    profile, findings = load_bytes(MINIMAL.replace("Test shop", "测试店铺").encode(encoding), "x.yaml")
    assert findings == [] and profile is not None and profile.name == "测试店铺"


def test_gb18030_profile_is_read_with_a_warning():
    raw = MINIMAL.replace("Test shop", "测试店铺 · 女装旗舰").encode("gb18030")
    profile, findings = load_bytes(raw, "x.yaml")
    assert profile is not None and profile.name == "测试店铺 · 女装旗舰"
    assert [(f.severity, f.rule) for f in findings] == [("warning", "encoding")]


def test_a_latin1_byte_is_not_mistaken_for_gb18030():
    _, findings = load_bytes(MINIMAL.replace("Test shop", "Café").encode("latin-1"), "x.yaml")
    assert [(f.rule, f.line, f.column) for f in findings] == [("not-utf8", 2, 17)]


def test_standard_input_for_validate_and_evaluate():
    proc = cli_process("validate", "-", input=MINIMAL)
    assert proc.returncode == 0 and "1 file(s) checked" in proc.stdout, proc.stderr
    proc = cli_process("evaluate", "-", "--format", "json", input=MINIMAL)
    assert proc.returncode == 0 and '"name": "Test shop"' in proc.stdout
    proc = cli_process("validate", "-", input=BOOL_TAG)
    assert proc.returncode == 1 and "<stdin>:1:10: error: 'maybe' is not a valid !!bool value" in proc.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
@pytest.mark.parametrize("command", ["validate", "evaluate", "batch"])
def test_a_fifo_named_like_a_profile_is_refused_without_opening_it(tmp_path, command):
    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)
    table = tmp_path / "t.csv"
    os.mkfifo(table)
    paths = [fifo, table] if command == "batch" else [fifo]
    proc = cli_process(command, *paths)  # a 60 s timeout: a hang fails the test
    assert proc.returncode == 1
    for path in paths:
        assert f"{path}: error: not a regular file (a FIFO, socket or device): not read [unreadable]" in \
            proc.stdout + proc.stderr


def test_a_device_behind_a_profile_name_is_refused(tmp_path):
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    with deadline(30):
        result = cli("validate", link)
    assert result.exit_code == 1 and "not a regular file" in result.stdout


def test_a_bad_tag_keeps_the_junit_report_whole(write, tmp_path):
    good = write(MINIMAL, "a.yaml")
    bad = write(BOOL_TAG, "booltag.yaml")
    result = cli("validate", good, bad, "--format", "junit")
    assert result.exit_code == 1
    cases = ET.fromstring(result.stdout).findall(".//testcase")
    assert [c.get("name") for c in cases] == [good, bad]
    assert cases[1].find("failure").get("type") == "yaml-tag"


def test_a_bug_on_one_file_is_that_files_internal_error(write, monkeypatch):
    good = write(MINIMAL, "a.yaml")
    cursed = write(MINIMAL.replace("Test shop", "Cursed"), "b.yaml")
    real = check.check_document

    def check_document(doc, filename, *args):
        if filename == cursed:
            raise RecursionError("a bug")
        return real(doc, filename, *args)

    monkeypatch.setattr("advisor.profile.load.check_document", check_document)
    result = cli("validate", good, cursed, "--format", "junit")
    assert result.exit_code == 2  # the tool failed: not a verdict on the file
    cases = ET.fromstring(result.stdout).findall(".//testcase")
    assert [c.get("name") for c in cases] == [good, cursed]
    failure = cases[1].find("failure")
    assert failure.get("type") == "internal-error" and "RecursionError: a bug" in failure.get("message")


@pytest.mark.parametrize("args", [["--seed", "-1"], ["--budget-shift", "nan"], ["--budget-shift", "inf"]])
def test_out_of_domain_options_are_usage_errors(args, write):
    result = cli("evaluate", write(MINIMAL), *args)
    assert result.exit_code == 2 and "Invalid value" in result.stderr
    assert not isinstance(result.exception, (ValueError, OverflowError))
