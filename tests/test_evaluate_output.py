"""evaluate as Markdown and into a file: --format markdown, --output FILE (format from the
extension, atomic, --force), an unknown extension refused."""

import json

import pytest

from conftest import CROWN, ROOT
from helpers import cli

SNACKS = ROOT / "profiles" / "wechat-niche-snacks.yaml"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markdown_report_has_the_summary_tables_and_advice(lang):
    from advisor.output.evaluation_markdown import escape

    result = cli("evaluate", CROWN, "--format", "markdown", "--lang", lang, "--draws", "100")
    assert result.exit_code == 0, result.output
    md = result.stdout
    data = json.loads(cli("evaluate", CROWN, "--format", "json", "--lang", lang, "--draws", "100").stdout)
    lines = md.splitlines()
    assert lines[0] == "# Crown womenswear (Taobao)"
    assert lines[4] == ("## In short" if lang == "en" else "## 摘要")
    assert lines[6].startswith("- Do this first: " if lang == "en" else "- 首先：")
    for rec in data["recommendations"]:
        assert escape(rec["advice"]) in md and f"`{rec['code']}`" in md
    assert "| ¥180,000 |" in md and "| **0.0%** |" in md  # the P&L: product cost, net margin
    assert md.count("|--:|") >= 3 and "P10" in md
    assert md.endswith("/100**\n")


def test_markdown_escapes_what_markdown_would_eat(write):
    from conftest import MINIMAL

    path = write(MINIMAL.replace("Test shop", "'*Best* | Co'"))
    md = cli("evaluate", path, "--format", "markdown").stdout
    assert md.startswith("# \\*Best\\* \\| Co\n")


def test_output_file_takes_its_format_from_the_extension_and_is_never_overwritten_unasked(tmp_path):
    target = tmp_path / "report.md"
    assert cli("evaluate", SNACKS, "--output", target).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# Roast & Root niche snacks\n")
    target.write_text("keep me")
    result = cli("evaluate", SNACKS, "--output", target)
    assert result.exit_code == 1 and "use --force" in result.stderr and target.read_text() == "keep me"
    assert cli("evaluate", SNACKS, "--output", target, "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# Roast")
    js = tmp_path / "report.json"
    assert cli("evaluate", SNACKS, "-o", js).exit_code == 0 and json.loads(js.read_text())["model_version"] == 2
    txt = tmp_path / "report.txt"
    assert cli("evaluate", SNACKS, "-o", txt, "--lang", "zh").exit_code == 0
    assert "摘要" in txt.read_text(encoding="utf-8") and "\x1b[" not in txt.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".advisor-")] == []


def test_an_explicit_format_wins_over_the_extension(tmp_path):
    target = tmp_path / "notes.txt"
    assert cli("evaluate", SNACKS, "--format", "markdown", "-o", target).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# ")


def test_an_unknown_extension_is_a_usage_error(tmp_path):
    result = cli("evaluate", SNACKS, "-o", tmp_path / "report.pdf")
    assert result.exit_code == 2 and not (tmp_path / "report.pdf").exists()
    assert "no output format writes .pdf files; use one of .txt, .json, .md, .markdown" in result.stderr


def test_sensitivity_keeps_its_own_formats():
    assert cli("sensitivity", SNACKS, "--format", "markdown").exit_code == 2
