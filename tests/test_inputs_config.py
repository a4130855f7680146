"""Which files validate, batch and report read: excludes, the config file, de-duplication, the
command's own output, files that are not profiles -- and the messages that say so."""

import csv
import json
import shutil

import pytest

from advisor.profile.config import find, load
from advisor.profile.excludes import Pattern
from advisor.profile.fields import number_suggestion

from conftest import CROWN, MINIMAL, PROFILES, ROOT
from helpers import cli

FIXTURES = ROOT / "tests" / "fixtures" / "profiles"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder with two profiles, another tool's YAML file and a sub-folder; the current directory."""
    (tmp_path / "profiles" / "old").mkdir(parents=True)
    shutil.copy(PROFILES[0], tmp_path / "profiles" / "a.yaml")
    shutil.copy(PROFILES[1], tmp_path / "profiles" / "b.yml")
    (tmp_path / "profiles" / "old" / "c.yaml").write_text(MINIMAL.replace("marketing: 0.40", "marketing: 40"))
    shutil.copy(FIXTURES / "other-tool.yaml", tmp_path / "ci.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def notes(result):
    return [line for line in result.stderr.splitlines() if ": note: " in line]


# -- this repository ------------------------------------------------------------------------------

def test_validate_dot_passes_in_this_repository_without_command_line_excludes(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli("validate", ".")
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stdout
    assert "pre-commit-hooks" not in result.output and "fixtures" not in result.output
    config = load()
    assert config.path == str(ROOT / "pyproject.toml")
    assert "tests/fixtures/" in config.exclude


# -- files that are not profiles --------------------------------------------------------------------

def test_a_yaml_file_that_is_not_a_profile_is_skipped_with_a_note_when_found(project):
    result = cli("validate", ".", "--exclude", "old/")
    assert result.exit_code == 0, result.output
    assert notes(result) == ["./ci.yaml: note: not a shop profile (no shop, sales or costs at the top level): skipped; "
                             "name the file to check it anyway [not-a-profile]"]
    assert "2 file(s) checked: no problems" in result.stdout


def test_a_yaml_file_that_is_not_a_profile_is_checked_when_named(project):
    result = cli("validate", "ci.yaml")
    assert result.exit_code == 1
    assert "ci.yaml:2:1: error: 'name' does not belong here; did you mean 'shop.name'?" in result.stdout


@pytest.mark.parametrize("text,skipped", [
    ("name: ci\non: [push]\n", True),
    ("- a\n- b\n", True),
    ("settings:\n  shop: nested, not at the top\n", True),
    ("", False),  # empty: may be a profile cut short, so it is reported
    ("# only a comment\n", False),
    ("shop: {name: x}\n", False),
    ('{"version": 1, "costs": {}}\n', False),
    ("---\nsales:\n  monthly_revenue: 1\n", False),
    ("shop: [unclosed\n", False),  # broken, but a profile: reported
])
def test_what_counts_as_clearly_not_a_profile(tmp_path, text, skipped):
    (tmp_path / "x.yaml").write_text(text)
    result = cli("validate", tmp_path, "--isolated")
    assert bool(notes(result)) is skipped, result.output
    assert result.exit_code == (0 if skipped else 1)


# -- paths ---------------------------------------------------------------------------------------------

def test_a_folder_without_profiles_is_named_in_the_error(tmp_path):
    (tmp_path / "x.yaml").mkdir()  # a directory named like a profile
    result = cli("validate", tmp_path, "--isolated")
    assert result.exit_code == 1
    assert f"advisor: error: no profile files found in {tmp_path}" in result.stderr
    assert f"{tmp_path}: note: no *.yaml, *.yml file in this folder or below" in result.stderr


def test_a_pattern_that_matches_nothing_is_named(tmp_path):
    result = cli("validate", str(tmp_path / "*.yaml"), "--isolated")
    assert result.exit_code == 1
    assert f"{tmp_path}/*.yaml: error: the pattern matches no file" in result.stdout + result.stderr


def test_a_missing_file_is_named(tmp_path):
    result = cli("validate", tmp_path / "nope.yaml", "--isolated")
    assert result.exit_code == 1
    assert f"{tmp_path}/nope.yaml: error: no such file" in result.stdout


def test_the_same_file_named_two_ways_is_read_once(project):
    result = cli("batch", ".", "profiles/a.yaml", "./profiles/../profiles/a.yaml", "--format", "csv",
                 "--exclude", "old")
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert result.exit_code == 0, result.output
    assert len(rows) == 2
    assert cli("validate", "profiles/a.yaml", "profiles/../profiles/a.yaml").stdout.startswith("1 file(s) checked")


# -- excludes ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("pattern,path,excluded", [
    ("old/", "profiles/old/c.yaml", True),  # a folder name at any depth
    ("old/", "profiles/old.yaml", False),  # a trailing / matches folders only
    ("old", "profiles/old.yaml", False),
    ("old", "profiles/old/c.yaml", True),
    ("*.yml", "profiles/b.yml", True),
    ("profiles/*.yaml", "profiles/a.yaml", True),  # with a /: anchored at the base folder
    ("profiles/*.yaml", "profiles/old/c.yaml", False),  # * stays within a folder
    ("profiles/**/*.yaml", "profiles/old/c.yaml", True),  # ** spans folders
    ("profiles/**/*.yaml", "profiles/a.yaml", True),
    ("/profiles/", "profiles/a.yaml", True),
    ("old/c.yaml", "profiles/old/c.yaml", False),  # anchored: not at the base
    ("./profiles/old/", "profiles/old/c.yaml", True),
    ("[ab].y*ml", "profiles/b.yml", True),
    ("[!ab].yaml", "profiles/a.yaml", False),
])
def test_exclude_patterns(tmp_path, pattern, path, excluded):
    assert Pattern(pattern, str(tmp_path), "--exclude").matches(str(tmp_path / path)) is excluded


def test_exclude_is_repeatable_and_a_named_excluded_file_gets_a_note(project):
    result = cli("validate", ".", "--exclude", "old/", "--exclude", "*.yml", "--exclude", "ci.yaml")
    assert result.exit_code == 0
    assert result.stdout.startswith("1 file(s) checked")
    result = cli("validate", "profiles/old/c.yaml", "--exclude", "old/")
    assert result.exit_code == 0
    assert notes(result) == ["profiles/old/c.yaml: note: excluded by 'old/' (--exclude): not read [excluded]"]
    assert result.stdout.startswith("0 file(s) checked")


def test_batch_with_everything_excluded_fails_saying_so(project):
    result = cli("batch", "profiles", "--exclude", "profiles/")
    assert result.exit_code == 1
    assert "nothing left to read: 3 file(s) excluded, 0 skipped" in result.stderr


# -- the config file -------------------------------------------------------------------------------------

def test_pyproject_settings_apply_from_a_sub_folder(project, monkeypatch):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.advisor]\nexclude = ["profiles/old/"]\n'
                                             '[tool.advisor.validate]\nstrict = true\nformat = "json"\n')
    monkeypatch.chdir(project / "profiles")
    result = cli("validate", ".")
    assert result.exit_code == 0, result.output
    assert [item["file"] for item in json.loads(result.stdout)] == []  # json, from the config
    assert find() == str(project / "pyproject.toml")
    # the command line wins
    assert cli("validate", ".", "--format", "text").stdout.startswith("2 file(s) checked")
    assert cli("validate", "old/c.yaml", "--isolated").exit_code == 1


def test_strict_from_the_config_and_no_strict_on_the_command_line(project):
    warned = MINIMAL.replace("platform_fees: 0.05}", "platform_fees: 0.05, other: {rent: {share: 0.5, fixed: true}}}")
    (project / "warned.yaml").write_text(warned)
    (project / ".advisor.toml").write_text("[validate]\nstrict = true\n")
    result = cli("validate", "warned.yaml")
    assert result.exit_code == 1 and "warning" in result.stdout
    assert cli("validate", "warned.yaml", "--no-strict").exit_code == 0


def test_advisor_toml_comes_before_pyproject_and_yaml_works_too(project):
    (project / "pyproject.toml").write_text('[tool.advisor]\nexclude = ["nothing"]\n')
    (project / ".advisor.yaml").write_text("exclude: [old/, ci.yaml]\nbatch: {format: json}\n")
    assert find() == str(project / ".advisor.yaml")
    (project / ".advisor.toml").write_text('exclude = ["*.yml"]\n')
    assert find() == str(project / ".advisor.toml")
    (project / ".advisor.toml").unlink()
    result = cli("batch", ".")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 2  # json from the config; old/ and ci.yaml excluded


def test_a_pyproject_without_a_tool_advisor_table_is_passed_over(project):
    (project / "profiles" / "pyproject.toml").write_text('[tool.ruff]\nline-length = 100\n')
    (project / ".advisor.toml").write_text('exclude = ["old/"]\n')
    assert find(str(project / "profiles")) == str(project / ".advisor.toml")


@pytest.mark.parametrize("name,text,where,message", [
    (".advisor.toml", 'exclude = ["old/"]\nexculde = []\n', ".advisor.toml:2:1",
     "unknown setting 'exculde'; did you mean 'exclude'?"),
    (".advisor.toml", '[validate]\nstrict = "yes"\n', ".advisor.toml:2:1", "'validate.strict' must be true or false"),
    (".advisor.toml", 'exclude = "old/"\n', ".advisor.toml:1:1", "'exclude' must be a list of glob patterns"),
    (".advisor.toml", '[validate]\nformat = "xml"\n', ".advisor.toml:2:1",
     "'validate.format' = 'xml' is not one of: auto, text, json, github, junit"),
    (".advisor.toml", "exclude = [\n", ".advisor.toml:1:12", "syntax error in the config file"),
    (".advisor.toml", "[validate\nstrict = true\n", ".advisor.toml:1:", "syntax error in the config file"),
    (".advisor.yaml", "validate:\n  strictt: true\n", ".advisor.yaml:2:3", "unknown setting 'validate.strictt'"),
    (".advisor.yaml", "exclude: [a\n", ".advisor.yaml:", "syntax error in the config file"),
    ("pyproject.toml", '[tool.advisor.batch]\nformat = "xlsx"\n', "pyproject.toml:2:1", "'batch.format' = 'xlsx'"),
])
def test_a_bad_config_file_is_a_usage_error_naming_file_line_and_column(project, name, text, where, message):
    (project / name).write_text(text)
    command = "batch" if "batch" in text else "validate"
    result = cli(command, "profiles/a.yaml")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"advisor: error: {project / name}"[: len("advisor: error: ")] + str(project))
    assert where in result.stderr and message in result.stderr
    assert "Traceback" not in result.output


def test_config_option_names_the_file_and_a_missing_one_is_an_error(project):
    (project / "ci-advisor.toml").write_text('exclude = ["old/", "ci.yaml"]\n')
    assert cli("validate", ".", "--config", "ci-advisor.toml").exit_code == 0
    result = cli("validate", ".", "--config", "missing.toml")
    assert result.exit_code == 2 and "missing.toml: no such config file" in result.stderr


# -- never read your own output ------------------------------------------------------------------------------

def test_batch_run_twice_never_reads_its_own_output(project):
    args = ("batch", ".", "--exclude", "old/", "--output", "ranking.csv", "--force")
    first = cli(*args)
    assert first.exit_code == 0, first.output
    second = cli(*args)
    assert second.exit_code == 0, second.output
    assert "ranking.csv: note: the --output file: not read as an input" in second.stderr
    assert len(list(csv.DictReader(open(project / "ranking.csv")))) == 2


def test_a_table_advisor_wrote_is_never_an_input(project):
    assert cli("batch", "profiles/a.yaml", "--output", "old-ranking.csv").exit_code == 0
    result = cli("batch", "old-ranking.csv", "profiles/a.yaml", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "old-ranking.csv: note: a table advisor batch wrote" in result.stderr
    assert cli("batch", "profiles/a.yaml", "--output", "r.jsonl").exit_code == 0
    assert "a table advisor batch wrote" in cli("batch", "r.jsonl", "profiles/a.yaml").stderr


def test_naming_the_output_file_as_an_input_is_a_usage_error(project):
    shutil.copy(ROOT / "profiles" / "tables" / "portfolio.csv", project / "shops.csv")
    result = cli("batch", "shops.csv", "--output", "shops.csv", "--force")
    assert result.exit_code == 2
    assert "shops.csv is the --output file; it cannot be an input too" in result.stderr
    assert (project / "shops.csv").read_text().startswith("shop.name")  # untouched


def test_an_unknown_output_extension_is_refused(project):
    result = cli("batch", "profiles/a.yaml", "--output", "ranking.xlsx")
    assert result.exit_code == 2 and "ranking.xlsx" in result.stderr and ".csv" in result.stderr
    assert not (project / "ranking.xlsx").exists()


# -- findings: order and hints -----------------------------------------------------------------------------------

def test_findings_come_in_line_then_column_order():
    result = cli("validate", FIXTURES / "errors-in-line-order.yaml", "--isolated", "--format", "json")
    positions = [(item["line"], item["column"]) for item in json.loads(result.stdout)]
    assert len(positions) == 7 and positions == sorted(positions)


def test_hints_for_misplaced_keys_other_costs_and_written_numbers():
    out = cli("validate", FIXTURES / "separators-and-misplaced-keys.yaml", "--isolated").stdout
    assert "6:3: error: 'shop.monthly_revenue' does not belong here; did you mean 'sales.monthly_revenue'?" in out
    assert "8:20: error: 'sales.monthly_revenue' must be a plain number, got '350,000'; write 350000" in out
    assert "got '¥220'; write 220" in out
    assert "13:3: error: unknown cost 'costs.returns'; further costs go under costs.other: costs.other.returns" in out
    assert "'pool.cac_growth_per_year' does not belong here; did you mean 'ads.cac_growth_per_year'?" in out


def test_a_yaml_1_1_boolean_gets_a_hint():
    out = cli("validate", FIXTURES / "yaml11-boolean.yaml", "--isolated").stdout
    assert "'costs.other.rent.fixed' must be true or false, got 'yes' (YAML 1.2 reads yes, no, on and off as text)" in out


def test_a_comma_in_a_flow_mapping_number_gets_a_hint(write):
    path = write(MINIMAL.replace("monthly_revenue: 600000", "monthly_revenue: 600,000"))
    out = cli("validate", path, "--isolated").stdout
    assert "'sales.000' is not a key: in a {flow: mapping} a thousands separator splits a number" in out


@pytest.mark.parametrize("text,expected", [
    ("350,000", "350000"), ("1,200.50", "1200.5"), ("¥1,200", "1200"), ("￥ 35", "35"), ("$5", "5"),
    ("35万", "350000"), ("1.2亿", "120000000"), ("12k", "12000"), ("300元", "300"), ("600000 CNY", "600000"),
    ("0,3", "0.3"), ("1 200 000", "1200000"), ("1_000", "1000"), ("RMB 80", "80"),
    ("lots", None), ("30%", None), ("1,2,3", None), ("", None), ("12", None), ("1,2345", None),
])
def test_number_suggestions(text, expected):
    assert number_suggestion(text) == expected


def test_the_crown_profile_is_still_clean():
    assert cli("validate", "--strict", CROWN, "--isolated").exit_code == 0


def test_report_and_batch_skip_a_found_file_that_is_not_a_profile(project):
    result = cli("report", ".", "--exclude", "old/", "-o", "r.html")
    assert result.exit_code == 0, result.output
    assert "ci.yaml: note: not a shop profile" in result.stderr and "2 shop" in result.stderr
    result = cli("batch", ".", "--exclude", "old/", "--format", "json")
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 2
    assert "ci.yaml: note: not a shop profile" in result.stderr
    result = cli("batch", "ci.yaml")  # named: checked, and invalid
    assert result.exit_code == 1 and "ci.yaml:2:1: error:" in result.stderr


def test_a_folder_of_files_that_are_not_profiles(project):
    result = cli("batch", "ci.yaml", "--exclude", "nothing")
    assert result.exit_code == 1
    (project / "other").mkdir()
    shutil.move(str(project / "ci.yaml"), project / "other" / "ci.yaml")
    assert cli("validate", "other").exit_code == 0  # nothing left to check is clean
    result = cli("batch", "other")
    assert result.exit_code == 1 and "nothing left to read: 0 file(s) excluded, 1 skipped" in result.stderr
