"""Everyday conventions: click's words and usage in Chinese too, capital metavars, -V, shell
completion, --lang anywhere, LANGUAGE, translated YAML errors, Chinese wrapping that keeps a
figure with its unit, and files that pass yamllint."""

import os
import re
import shutil
import subprocess
import sys

import pytest

from advisor.output import wrap
from advisor.profile.templates import TEMPLATES

from conftest import CROWN, MINIMAL, PROFILES, ROOT
from helpers import cli, cli_process

COMMANDS = ["evaluate", "validate", "schema", "init", "sensitivity", "report", "batch", "calibrate"]


def chinese_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")}
    return {**env, "NO_COLOR": "1", "COLUMNS": "80", **extra}


# -- usage lines, metavars, choices, -V ------------------------------------------------------------------

@pytest.mark.parametrize("command,usage", [
    ("evaluate", "Usage: advisor evaluate [OPTIONS] PROFILE"),
    ("validate", "Usage: advisor validate [OPTIONS] PATHS..."),
    ("batch", "Usage: advisor batch [OPTIONS] PATHS..."),
    ("report", "Usage: advisor report [OPTIONS] PATHS..."),
    ("calibrate", "Usage: advisor calibrate [OPTIONS] ORDERS..."),
    ("init", "Usage: advisor init [OPTIONS] [PATH]"),
])
def test_usage_lines_use_click_capital_metavars(command, usage):
    out = cli(command, "--help").stdout
    assert out.splitlines()[0] == usage
    assert "{" not in out.splitlines()[0] and not re.search(r"<(str|int|float)", out)


@pytest.mark.parametrize("command,expected", [
    ("evaluate", ["-f, --format [text|json|markdown]", "-o, --output FILE", "--horizon MONTHS", "--draws N",
                  "--lang [en|zh]"]),
    ("validate", ["-f, --format [auto|text|json|github|junit]", "--exclude GLOB", "--config FILE", "--strict / --no-strict"]),
    ("batch", ["--format [table|csv|csv-excel|json|jsonl|markdown|parquet]", "--sort COLUMN", "--top N", "--jobs N",
                   "--engine [local|dask]", "--scheduler ADDRESS", "--storage-option KEY=VALUE",
               "--fail-under SCORE"]),
    ("calibrate", ["--platform [auto|taobao|pinduoduo|douyin|wechat|shopify|woocommerce]", "--update PROFILE"]),
    ("init", ["-t, --template NAME", "--schema PATH_OR_URL"]),
])
def test_options_name_their_values(command, expected):
    out = cli(command, "--help").stdout
    for text in expected:
        assert text in out, text


def test_sort_and_output_help_name_their_valid_values():
    out = " ".join(cli("batch", "--help").stdout.split())
    assert "health_score, net_margin," in out and "currency; a leading - sorts descending" in out
    assert "The extension chooses the format: .csv, .json, .jsonl, .ndjson, .md" in out


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag):
    result = cli(flag)
    assert result.exit_code == 0 and re.fullmatch(r"advisor \d+\.\d+\.\d+\n", result.stdout)


# -- shell completion -----------------------------------------------------------------------------------------

def test_completion_is_offered_and_documented():
    out = cli("--help").stdout
    assert "--install-completion" in out and "--show-completion" in out
    assert "advisor --install-completion" in (ROOT / "README.md").read_text()


@pytest.mark.parametrize("words,cword,expected", [
    ("advisor val", 1, ["validate"]),
    ("advisor init --template co", 3, ["cosmetics"]),
    ("advisor batch x --sort heal", 4, ["health_score"]),
    ("advisor validate --format j", 3, ["json", "junit"]),
    ("advisor evaluate x --lang z", 4, ["zh"]),
])
def test_bash_completion(words, cword, expected):
    env = dict(os.environ, _ADVISOR_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(cword))
    proc = subprocess.run([sys.executable, "-c", "from advisor.cli import app; app(prog_name='advisor')"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == expected


def test_show_completion_prints_a_script():
    proc = cli_process("--show-completion", "bash", env=dict(os.environ, SHELL="/bin/bash"))
    if proc.returncode != 0:  # shellingham could not tell the shell here
        pytest.skip(proc.stderr.strip()[:200])
    assert "_ADVISOR_COMPLETE=complete_bash" in proc.stdout and "complete -o default" in proc.stdout


# -- --lang before the command; LANGUAGE ---------------------------------------------------------------------------

def test_lang_before_the_command(write):
    path = write(MINIMAL)
    result = cli("--lang", "zh", "validate", path, "--isolated")
    assert result.exit_code == 0
    assert result.stdout == "已检查 1 个文件：没有问题\n"
    assert cli("--lang", "zh", "validate", path, "--lang", "en", "--isolated").stdout.startswith("1 file(s) checked")


def test_LANGUAGE_chooses_chinese(write):
    path = write(MINIMAL.replace("product: 0.30", "product: 30"))
    proc = cli_process("validate", path, "--isolated", env=chinese_env(LANGUAGE="zh_CN:en", LANG="en_US.UTF-8"))
    assert proc.returncode == 1
    assert "错误：'costs.product' 是占营收的比例" in proc.stdout
    assert "已检查 1 个文件：1 个错误，0 个警告" in proc.stdout


# -- click's words in Chinese --------------------------------------------------------------------------------------

@pytest.mark.parametrize("args,english,chinese", [
    (("evaluate", "x.yaml", "--horizon", "0"), "Error: Invalid value for '--horizon': 0 is not in the range 1<=x<=120.",
     "错误：'--horizon' 的值无效：0 超出范围 1<=x<=120。"),
    (("evaluate", "x.yaml", "--format", "xml"), "'xml' is not one of 'text', 'json', 'markdown'.",
     "错误：'--format' / '-f' 的值无效：'xml' 不在可选值中：'text', 'json', 'markdown'。"),
    (("evaluate", "x.yaml", "--forma", "json"), "Error: No such option: --forma",
     "错误：没有这个选项：--forma（可能是：--force, --format）"),
    (("evaluate",), "Error: Missing argument 'PROFILE'.", "错误：缺少参数 'PROFILE'。"),
    (("batch", "x", "--top", "many"), "'many' is not a valid int range.", "错误：'--top' 的值无效：'many' 不是整数。"),
    (("evaluate", "a.yaml", "b.yaml"), "Error: Got unexpected extra argument(s) (b.yaml)", "错误：多余的参数：b.yaml"),
    (("bogus",), "Error: No such command 'bogus'.", "错误：没有这个命令：'bogus'。"),
])
def test_usage_errors_in_both_languages(args, english, chinese):
    en = cli(*args)
    assert en.exit_code == 2 and english in en.stderr and "Usage: advisor" in en.stderr
    zh = cli(*args, "--lang", "zh") if args != ("bogus",) else cli("--lang", "zh", *args)
    assert zh.exit_code == 2, zh.output
    assert chinese in zh.stderr
    assert zh.stderr.startswith("用法：advisor") and "查看帮助。" in zh.stderr
    assert not re.search(r"\b(Usage|Error|Try|Invalid|Missing)\b", zh.stderr)


def test_help_in_chinese_has_no_english_framework_words():
    proc = cli_process("--lang", "zh", "batch", "--help", env=chinese_env())
    assert proc.returncode == 0
    out = proc.stdout
    assert out.startswith("用法：advisor batch [OPTIONS] PATHS...\n")
    joined = "".join(out.split())
    assert "参数：" in out and "选项：" in out and "显示此帮助并退出。" in out and "[默认：-health_score]" in joined
    assert "[必填]" in joined
    for english in ("Usage:", "Options:", "Arguments:", "Show this message", "default:", "required"):
        assert english not in out
    assert max(wrap.cell_len(line) for line in out.splitlines() if not line.startswith("  -f, --format")) <= 80
    top = cli_process("--help", "--lang", "zh", env=chinese_env()).stdout
    assert "命令：" in top and "为当前 shell 安装命令补全。" in top


def test_the_root_help_is_chinese_from_the_environment():
    out = cli_process("--help", env=chinese_env(LANG="zh_CN.UTF-8")).stdout
    assert out.startswith("用法：advisor [OPTIONS] COMMAND [ARGS]...")


# -- YAML errors in both languages --------------------------------------------------------------------------------

@pytest.mark.parametrize("text,position,english,chinese", [
    ("shop: {name: x\nsales: 1\n", (2, 6), "a {...} mapping is not closed", "{...} 形式的映射没有闭合"),
    ("shop:\n  name: Shop: Best\n", (2, 13), "put the value in quotes", "请给整个值加引号"),
    ("shop:\n\tname: x\n", (2, 1), "a tab character; YAML indents with spaces only", "YAML 只能用空格缩进"),
    ("shop:\n  name: x\n bad: 1\n", (3, 2), "a new key was expected here", "此处应是一个新的键"),
    ("shop: 'x\n", (2, 1), "the file ends inside a quoted text", "文件在引号或括号中途结束"),
])
def test_yaml_syntax_errors_are_translated(write, text, position, english, chinese):
    path = write(text)
    en = cli("validate", path, "--isolated").stdout
    zh = cli("validate", path, "--isolated", "--lang", "zh").stdout
    assert f"{path}:{position[0]}:{position[1]}: error: YAML syntax error: " in en and english in en
    assert f"{path}:{position[0]}:{position[1]}: 错误：YAML 语法错误：" in zh and chinese in zh
    assert "[yaml-syntax]" in en and "[yaml-syntax]" in zh


# -- Chinese wrapping keeps a figure and its unit together ---------------------------------------------------------

SENTENCE = ("注意：私域的结论随预测期长短而变（12 个月 -¥11,594，24 个月 ¥497，60 个月 ¥46,938）。目前净利率为 10.0%，"
            "但维持现状将从第 16 个月起亏损，会员下单频率是 1.3 倍，月营收 ¥240.0万，共 500 位会员")


@pytest.mark.parametrize("width", range(30, 81))
def test_a_figure_keeps_its_unit_on_its_line(width):
    lines = wrap.lines(SENTENCE, width)
    assert "".join(lines) == SENTENCE.replace(" ", "") or len("".join(lines)) <= len(SENTENCE)
    for line, following in zip(lines, lines[1:] + [""]):
        assert wrap.cell_len(line) <= width
        assert not re.search(r"第 ?$|\d ?[个倍位]$", line), line
        assert not (re.search(r"\d ?$", line) and re.match(r"[个倍位万月]", following)), (line, following)


def test_chinese_reports_never_break_a_number_from_its_unit():
    for width in (50, 64, 80):
        for path in PROFILES:
            out = cli("evaluate", path, "--lang", "zh", env={"COLUMNS": str(width)}).stdout
            lines = [line.strip() for line in out.splitlines()]
            for line, following in zip(lines, lines[1:]):
                assert not re.search(r"\d ?个$|第 ?\d* ?$", line), (path.name, width, line)
                assert not (re.search(r"\d ?$", line) and re.match(r"(个月|倍)", following)), (path.name, width, line)


# -- yamllint's defaults -------------------------------------------------------------------------------------------------

def yamllint(*paths):
    pytest.importorskip("yamllint")
    return subprocess.run([sys.executable, "-m", "yamllint", "--strict", "--format", "parsable", *map(str, paths)],
                          capture_output=True, text=True, timeout=120)


def test_shipped_profiles_pass_yamllint_defaults():
    proc = yamllint(*PROFILES, ROOT / ".pre-commit-hooks.yaml")
    assert proc.returncode == 0, proc.stdout


def test_init_templates_pass_yamllint_defaults_in_both_languages(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the profile names itself in "advisor validate NAME"
    for name in TEMPLATES:
        for lang in ("en", "zh"):
            assert cli("init", f"{name}-{lang}.yaml", "--template", name, "--lang", lang).exit_code == 0
    proc = yamllint(*sorted(tmp_path.glob("*.yaml")))
    assert proc.returncode == 0, proc.stdout


def test_a_calibrated_new_profile_passes_yamllint_too(tmp_path, monkeypatch):
    pytest.importorskip("yamllint")
    from make_exports import Shop, simulate, write_exports

    monkeypatch.chdir(tmp_path)
    exports = write_exports(simulate(Shop(new_per_month=200, seed=3)), tmp_path, "taobao", "utf-8")
    out = "measured.yaml"
    result = cli("calibrate", *exports, "--output", out)
    assert result.exit_code == 0, result.output
    proc = yamllint(out)
    assert proc.returncode == 0, proc.stdout


def test_yamllint_is_a_test_dependency():
    assert "yamllint" in (ROOT / "pyproject.toml").read_text()
    assert shutil.which("yamllint") or pytest.importorskip("yamllint")


def test_the_crown_profile_reads_the_same_after_reflowing():
    result = cli("evaluate", CROWN, "--format", "json")
    assert result.exit_code == 0
