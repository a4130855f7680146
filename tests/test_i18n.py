"""Message catalogues: same keys and placeholders in both languages, every used key exists."""

import re
import string

import pytest
from rich.cells import cell_len

from advisor.advice import rules
from advisor.advice.rules import base, social_mode
from advisor.i18n import Translator, detect_language
from advisor.i18n.en import MESSAGES as EN
from advisor.i18n.zh import MESSAGES as ZH
from advisor.model.strategies import STRATEGIES
from advisor.profile import fields

from conftest import CROWN, ROOT
from helpers import cli, cli_process


def placeholders(text):
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)


def test_catalogues_have_the_same_keys():
    assert set(EN) == set(ZH)


@pytest.mark.parametrize("key", sorted(EN))
def test_catalogues_have_the_same_placeholders(key):
    assert placeholders(EN[key]) == placeholders(ZH[key])


def _source_keys():
    """Literal keys passed to t(...)/H(...) anywhere in the package."""
    keys = set()
    for path in (ROOT / "advisor").rglob("*.py"):
        for match in re.finditer(r"""\b(?:t|H|_fail\(t,)\s*\(?\s*["']([a-z][\w.-]+)["']""", path.read_text()):
            keys.add(match.group(1))
    return keys


def test_every_literal_key_in_the_code_exists():
    keys = {k for k in _source_keys() if "." in k and not k.endswith((".", "-"))}  # "x." is a dynamic prefix
    assert "pnl.title" in keys and "rec.heading" in keys, "the scan found nothing: the pattern is broken"
    missing = {k for k in keys if k not in EN}
    assert not missing


def test_every_finding_renders_in_both_languages():
    """Every problem the bad-input table provokes has a message in both catalogues."""
    from advisor.output.findings import finding_message
    from advisor.profile.load import load_bytes

    from cases import BAD_INPUTS

    seen = set()
    for _, content, _, _ in BAD_INPUTS:
        _, findings = load_bytes(content if isinstance(content, bytes) else content.encode(), "x.yaml")
        for f in findings:
            seen.add(f.message_key)
            for lang in ("en", "zh"):
                assert finding_message(Translator(lang), f)
    assert len(seen) > 25


def test_every_dynamic_key_exists():
    needed = [f"platform.{p}" for p in fields.PLATFORMS] + [f"category.{c}" for c in fields.CATEGORIES]
    needed += [f"mode.{m}" for m in social_mode.MODES] + [f"severity.{s}" for s in base.SEVERITY_ORDER]
    needed += [f"mode-reason.{r}" for r in social_mode.REASONS]
    needed += [f"proj.strategy.{s}" for s in STRATEGIES] + [f"proj.short.{s}" for s in STRATEGIES]
    for rule in rules.RULES:
        for variant in rule.VARIANTS:
            stem = f"rec.{rule.CODE}.{variant}" if variant else f"rec.{rule.CODE}"
            needed += [f"{stem}.title", f"{stem}.advice"]
    needed += [f"pnl.line.{line}" for line in ("product", "marketing", "staff", "logistics", "platform_fees")]
    needed += [f"direction.{d}" for d in ("above", "below")]
    needed += [f"field.{path}" for path in base.LEVER_UNITS]
    assert [k for k in needed if k not in EN] == []


def test_every_message_key_a_rule_names_exists():
    """Notes and missing-value keys are plain strings in the rule modules: each must be in the catalogue."""
    keys = set()
    for path in (ROOT / "advisor" / "advice" / "rules").glob("*.py"):
        keys |= set(re.findall(r"""["'](rec\.[a-z][\w.-]*[a-z])["']""", path.read_text()))
    assert "rec.switch.pays" in keys
    assert sorted(k for k in keys if k not in EN) == []


@pytest.mark.parametrize("env,expected", [
    ({}, "en"), ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "C"}, "en"), ({"LANG": "POSIX"}, "en"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"), ({"LC_MESSAGES": "zh_TW", "LANG": "en_US"}, "zh"),
    ({"LC_ALL": "", "LANG": "zh_CN"}, "zh"),
])
def test_language_from_locale(env, expected):
    assert detect_language(env) == expected


def test_chinese_output_without_english_words():
    result = cli("evaluate", CROWN, "--lang", "zh")
    assert result.exit_code == 0
    out = result.stdout.replace("Crown womenswear (Taobao)", "").replace("docs/model.md", "")
    out = re.sub(r"\((?:" + "|".join(rules.CODES) + r")\)", "", out)
    assert re.findall(r"[A-Za-z]{2,}", out) == []
    assert "行动建议" in out and "聚焦小众市场" in out and "健康评分" in out


def test_lang_follows_LANG_without_a_flag():
    import os

    env = dict(os.environ, LANG="zh_CN.UTF-8", NO_COLOR="1")
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    proc = cli_process("evaluate", CROWN, env=env)
    assert proc.returncode == 0
    assert "当前：每一元营收的去向" in proc.stdout


@pytest.mark.parametrize("args", [("evaluate", CROWN, "--lang", "zh", "--draws", "100"), ("evaluate", CROWN),
                                  ("sensitivity", CROWN, "--lang", "zh"), ("batch", ROOT / "profiles", "--lang", "zh")],
                         ids=["evaluate-zh", "evaluate-en", "sensitivity-zh", "batch-zh"])
def test_gbk_console_shows_the_full_width_yuan_and_never_a_question_mark(args):
    import os

    env = dict(os.environ, PYTHONIOENCODING="gbk", NO_COLOR="1", COLUMNS="80")
    proc = subprocess_bytes(*args, env=env)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode("gbk")  # strict: every byte is GBK
    assert "¥" not in text and "?" not in text
    assert "￥" in text or args[0] == "batch"  # the screen ranking shows no money
    if "zh" in args:
        assert "行动建议" in text or "敏感性" in text or "店铺" in text
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= 80  # "￥" is two cells wide, and measured so


@pytest.mark.parametrize("char,encoding,expected", [
    ("¥", "gbk", "￥"), ("¥", "ascii", "CNY "), ("•", "gbk", "·"), ("░", "gbk", "·"), ("░", "ascii", ":"),
    ("（", "ascii", "("), ("\u00a0", "gbk", " "), ("€", "ascii", "EUR "), ("\u4e00", "ascii", "?"),
])
def test_a_character_the_stream_lacks_gets_its_nearest_fallback(char, encoding, expected):
    from advisor.output.encoding import replacement

    assert replacement(char, encoding) == expected


def test_money_follows_the_stream_encoding():
    import io

    from advisor.output.numbers import compact_money, for_stream, money

    gbk = io.TextIOWrapper(io.BytesIO(), encoding="gbk")
    ascii_stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    with for_stream(gbk):
        assert money(1234, "CNY") == "￥1,234" and compact_money(-2.4e6, "CNY", "zh") == "-￥240.0万"
    with for_stream(ascii_stream):
        assert money(1234, "CNY") == "1,234 CNY" and money(5, "USD") == "$5"
    assert money(1234, "CNY") == "¥1,234"


def subprocess_bytes(*args, env):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "advisor", *map(str, args)], capture_output=True, env=env, timeout=60)


def test_json_keys_and_codes_do_not_change_with_language():
    import json

    en = json.loads(cli("evaluate", CROWN, "--format", "json", "--lang", "en").stdout)
    zh = json.loads(cli("evaluate", CROWN, "--format", "json", "--lang", "zh").stdout)
    assert [r["code"] for r in en["recommendations"]] == [r["code"] for r in zh["recommendations"]]
    assert en["recommendations"][0]["evidence"] == zh["recommendations"][0]["evidence"]
    assert en["recommendations"][0]["title"] != zh["recommendations"][0]["title"]


def test_translator_formats_params():
    assert Translator("zh")("rec.score", score=50) == "健康评分：50/100"


def test_chinese_tables_stay_aligned():
    from rich.cells import cell_len

    out = cli("evaluate", CROWN, "--lang", "zh").stdout.splitlines()
    start = out.index("当前：每一元营收的去向")
    rows = [line for line in out[start + 3:start + 12] if "%" in line]
    assert len(rows) >= 7
    # the share column ends at the same display column on every row, CJK labels or not
    ends = {cell_len(line[: line.index("%") + 1]) for line in rows}
    assert len(ends) == 1
    header = out[start + 1]
    assert cell_len(header[: header.index("占比") + 2]) == ends.pop()


@pytest.mark.parametrize("env,expected", [
    ({"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}, "zh"),  # LANGUAGE first, as in gettext
    ({"LANGUAGE": "fr:zh", "LANG": "en_US.UTF-8"}, "zh"),  # its first entry advisor has
    ({"LANGUAGE": "fr", "LANG": "zh_CN.UTF-8"}, "zh"),  # none: the locale decides
    ({"LANGUAGE": "en", "LC_ALL": "zh_CN.UTF-8"}, "en"),
    ({"LANGUAGE": "zh", "LANG": "C"}, "en"),  # the C locale: LANGUAGE is ignored
    ({"LANGUAGE": "zh", "LC_ALL": "POSIX.UTF-8"}, "en"),
    ({"LANGUAGE": "zh_TW"}, "zh"),
    ({"LANG": "zh_TW.UTF-8"}, "zh"), ({"LANG": "zh_HK.Big5"}, "zh"),  # Simplified, documented
    ({"LANGUAGE": ""}, "en"),
])
def test_language_honours_LANGUAGE(env, expected):
    assert detect_language(env) == expected


CJK = r"[\u2e80-\u9fff\uff00-\uffef]"
ASCII_PUNCTUATION_IN_CHINESE = re.compile(rf"{CJK} *[:,();?!]|[:,();?!] *{CJK}")


def chinese_prose(key, text):
    """The sentences of a Chinese message: a template's comments (its YAML stays YAML), without
    literal {{braces}} and the example command lines of help texts."""
    if key == "init.body":
        text = "\n".join(line.split("#", 1)[1] for line in text.splitlines() if "#" in line)
    text = re.sub(r"\{\{.*?\}\}", "", text)
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("advisor "))


@pytest.mark.parametrize("key", sorted(ZH))
def test_chinese_sentences_use_full_width_punctuation(key):
    prose = chinese_prose(key, ZH[key])
    found = ASCII_PUNCTUATION_IN_CHINESE.findall(prose)
    if re.search(CJK, ZH[key]) or key.startswith(("unc.", "calib.", "batch.", "list.")):
        found += re.findall(r"\}[:,;]\{", prose)  # between two fields of a Chinese line: "{strategy}：{metric}"
    assert found == [], f"{key}: {ZH[key]!r}"


def test_the_punctuation_check_sees_ascii_punctuation():
    assert ASCII_PUNCTUATION_IN_CHINESE.search(chinese_prose("x", "当前" + ":" + "每一元营收的去向"))
    assert ASCII_PUNCTUATION_IN_CHINESE.search(chinese_prose("x", "店铺(如 CNY)"))
    assert not ASCII_PUNCTUATION_IN_CHINESE.search(chinese_prose("x", "当前：每一元营收的去向 [{low}, {high}]"))
