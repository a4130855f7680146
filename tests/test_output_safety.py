"""User text in every output: rich markup shown as written, control characters escaped, CSV cells
that a spreadsheet would run neutralised (OWASP), XML always well formed."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from advisor.output.safe import printable, spreadsheet_cell

from conftest import MINIMAL
from helpers import cli

NAMES = ["[/]", "[link=https://evil.example]click[/link]", "[bold red]loud", "=cmd|' /C calc'!A0", "+1+1", "-2",
         "@SUM(A1:A9)", "\\e]8;;https://evil.example\\e\\\\x\\e]8;;\\e\\\\", "\\e[2Jcleared", "tab\\tin"]


@pytest.fixture
def hostile_dir(tmp_path):
    for i, name in enumerate(NAMES):
        text = MINIMAL.replace("name: Test shop", f'name: "{name}"')
        (tmp_path / f"s{i}.yaml").write_text(text.replace("product: 0.30", "product: 0.50") if i == 0 else text)
    return tmp_path


def test_markup_and_escapes_in_names_are_shown_as_text_in_the_table(hostile_dir):
    result = cli("batch", hostile_dir, "--format", "table", env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out and "[/]" in out and "[link=https://evil" in out and "[bold red]loud" in out
    assert "\\x1b[2Jcleared" in out


def test_csv_output_neutralises_formulas_and_keeps_numbers(hostile_dir):
    result = cli("batch", hostile_dir, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    names = {r["name"] for r in rows}
    for formula in ("=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(A1:A9)"):
        assert "'" + formula in names
    assert "'[/]" not in names and "[/]" in names
    assert "\x1b" not in result.stdout and "\\x1b[2Jcleared" in names
    assert all(not r["net_margin"].startswith("'") for r in rows)
    assert any(r["net_margin"].startswith("-") for r in rows)  # a negative number stays a number


def test_json_output_keeps_names_exactly(hostile_dir):
    data = json.loads(cli("batch", hostile_dir, "--format", "json").stdout)
    assert "\x1b[2Jcleared" in {r["name"] for r in data}  # lossless: JSON escapes it as \\u001b


def test_markdown_escapes_control_characters(hostile_dir):
    out = cli("batch", hostile_dir, "--format", "markdown").stdout
    assert "\x1b" not in out and "\\\\x1b\\[2Jcleared" in out  # shown as \x1b[2Jcleared: escaped for Markdown too


def test_evaluate_shows_a_hostile_name_escaped(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(MINIMAL.replace("name: Test shop", 'name: "[link=x]\\e[2Jshop"'))
    out = cli("evaluate", path).stdout
    assert "\x1b" not in out and "[link=x]\\x1b[2Jshop" in out


def test_findings_escape_keys_and_file_names(tmp_path):
    path = tmp_path / "new\nline.yaml"
    path.write_text(MINIMAL + '"\\e[31mred": 1\n')
    result = cli("validate", path)
    assert "\x1b" not in result.stdout and "\\x1b[31mred" in result.stdout
    assert "new\\nline.yaml:5:1: error" in result.stdout


def test_junit_is_well_formed_whatever_the_names(tmp_path):
    path = tmp_path / "ctl\x01name.yaml"
    path.write_text(MINIMAL + '"\\e[31m\\x01": 1\n')
    result = cli("validate", path, "--format", "junit")
    case = ET.fromstring(result.stdout).find(".//testcase")
    assert case.get("name").endswith("ctl\\x01name.yaml") and "\\x1b[31m" in case.find("failure").text


def test_github_annotations_stay_one_line(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(MINIMAL + '"a\\nb": 1\n')
    lines = cli("validate", path, "--format", "github").stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith("::error ")


@pytest.mark.parametrize("value,cell", [("=1+2", "'=1+2"), ("+x", "'+x"), ("-x", "'-x"), ("@x", "'@x"),
                                        ("\tx", "'\\tx"), ("\rx", "'\\rx"), ("safe", "safe"), ("a=b", "a=b"),
                                        (-0.5, -0.5), (3, 3), (None, None)])
def test_spreadsheet_cell(value, cell):
    assert spreadsheet_cell(value) == cell


def test_printable_cuts_and_escapes():
    assert printable("a\x1bb\x00c\u2028d\udce9") == "a\\x1bb\\x00c\\u2028d\\xe9"
    assert printable("x" * 500) == "x" * 199 + "…"
    assert printable("好的 · ok") == "好的 · ok"


def test_markdown_and_html_show_hostile_names_as_written(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(MINIMAL.replace("name: Test shop", 'name: "*bold* [x](http://e.com) <script> \\e[31m"'))
    md = cli("evaluate", path, "--format", "markdown").stdout
    assert "\x1b" not in md and "\\*bold\\* \\[x\\](http://e.com) \\<script\\>" in md
    report = tmp_path / "r.html"
    assert cli("report", path, "-o", report).exit_code == 0
    html = report.read_text(encoding="utf-8")
    assert "\x1b" not in html and "<script>" not in html and "&lt;script&gt;" in html
