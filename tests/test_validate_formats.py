"""advisor validate: every output format, --strict, auto detection, exit codes."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import MINIMAL
from helpers import cli

ANNOTATION = re.compile(r"^::(error|warning) file=[^,:]+(?:,line=\d+,col=\d+)?,title=[^:]+::.+$")


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "good.yaml").write_text(MINIMAL)
    (tmp_path / "warn.yaml").write_text(MINIMAL.replace("product: 0.30", "product: 0.40"))
    (tmp_path / "bad.yaml").write_text(MINIMAL.replace("marketing: 0.40", "marketing: 40").replace("staff", "staf"))
    (tmp_path / "broken.yaml").write_text("shop: {name: [\n")
    return tmp_path


def test_text_format(tree):
    result = cli("validate", tree, "--format", "text")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(re.match(r".*bad\.yaml:4:35: error: .*did you mean 40%\? \[share-range\]$", line) for line in lines)
    assert any(line.endswith("[costs-over-100]") and ": warning: " in line for line in lines)
    assert lines[-1] == "4 file(s) checked: 3 error(s), 1 warning(s)"


def test_json_format_loads(tree):
    result = cli("validate", tree, "--format", "json")
    assert result.exit_code == 1
    items = json.loads(result.stdout)
    assert {tuple(sorted(i)) for i in items} == {("column", "file", "line", "message", "rule", "severity")}
    share = next(i for i in items if i["rule"] == "share-range")
    assert (share["line"], share["column"], share["severity"]) == (4, 35, "error")


def test_github_annotations(tree):
    result = cli("validate", tree, "--format", "github")
    lines = result.stdout.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert len(annotations) == 4
    assert all(ANNOTATION.match(line) for line in annotations), annotations
    assert lines[-1].startswith("4 file(s) checked")


def test_github_escapes_newlines_and_percent():
    from advisor.output.validate import _escape_data, _escape_property

    assert _escape_data("50%\nnext") == "50%25%0Anext"
    assert _escape_property("a:b,c") == "a%3Ab%2Cc"


def test_auto_picks_github_under_actions(tree):
    result = cli("validate", tree, env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith("::")
    result = cli("validate", tree, env={"GITHUB_ACTIONS": ""})
    assert not result.stdout.startswith("::")


def test_junit_parses_with_failure_count(tree):
    result = cli("validate", tree, "--format", "junit")
    root = ET.fromstring(result.stdout.split("\n", 1)[1])
    suite = root.find("testsuite")
    assert suite.get("tests") == "4" and suite.get("failures") == "2"
    assert len(suite.findall("testcase/failure")) == 2
    strict = ET.fromstring(cli("validate", tree, "--format", "junit", "--strict").stdout.split("\n", 1)[1])
    assert strict.find("testsuite").get("failures") == "3"


def test_data_formats_are_not_wrapped(tmp_path):
    long_dir = tmp_path / ("a-very-long-directory-name-" * 4)
    long_dir.mkdir()
    (long_dir / "bad.yaml").write_text(MINIMAL.replace("staff", "staf"))
    for fmt in ("text", "github"):
        lines = cli("validate", long_dir, "--format", fmt, env={"COLUMNS": "40"}).stdout.splitlines()
        assert any(str(long_dir) in line and "staf" in line for line in lines)


def test_strict_turns_warnings_into_failures(write):
    path = write(MINIMAL.replace("product: 0.30", "product: 0.50"))
    assert cli("validate", path).exit_code == 0
    assert cli("validate", path, "--strict").exit_code == 1


def test_bad_format_is_a_usage_error(tree):
    assert cli("validate", tree, "--format", "xml").exit_code == 2


def test_no_files_found_exits_1(tmp_path):
    result = cli("validate", tmp_path)
    assert result.exit_code == 1 and "no profile files" in result.stderr


def test_cross_field_sanity_warning_cac(write):
    path = write(MINIMAL.replace("average_order_value: 220}", "average_order_value: 220, repeat_order_share: 0.9}"))
    out = cli("validate", path).stdout
    assert "[cac-absurd]" in out and "[repeat-share-high]" not in out


def test_cross_field_sanity_discount_and_join(write):
    path = write(MINIMAL + "pool: {member_discount: 0.6, join_rate: 0}\n")
    out = cli("validate", path).stdout
    assert "[member-discount-too-deep]" in out and "[pool-join-zero]" in out
