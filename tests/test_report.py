"""advisor report: one self-contained HTML file. It parses, shows every figure the JSON holds for
each shop it reports on, loads nothing from anywhere, stays small, and -- where Chromium is
installed -- renders to a screenshot that is not blank."""

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from advisor.i18n import Translator
from advisor.output.numbers import field_value, money, percent, probability

from conftest import CROWN, MINIMAL, PROFILES, ROOT
from helpers import cli, png_pixels

SNACKS = ROOT / "profiles" / "wechat-niche-snacks.yaml"
VOID = {"meta", "br", "hr", "img", "input", "link", "source", "wbr", "col", "area", "base", "embed", "track"}
MAX_BYTES = 300 * 1024


class Page(HTMLParser):
    """Checks that every element is closed in order; collects the text a reader sees."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.texts, self.tags, self.problems = [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        if data.strip():
            self.texts.append(" ".join(data.split()))


def parse(html):
    page = Page()
    page.feed(html)
    page.close()
    assert page.problems == [] and page.stack == []
    return page


def write_report(tmp_path, *args, name="report.html"):
    target = tmp_path / name
    result = cli("report", *args, "-o", target)
    assert result.exit_code == 0, result.output
    return target.read_text(encoding="utf-8")


def evaluate_json(path, *args):
    result = cli("evaluate", path, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def expected_figures(data, t):
    """Every figure of the JSON the report says it shows, as the report writes it."""
    today, currency = data["today"], data["shop"]["currency"]
    figures = [money(today["revenue"], currency), percent(today["net_margin"]), percent(today["contribution_margin"]),
               money(today["net_profit"], currency), f"{today['break_even_roas']:.2f}",
               money(today["cac"], currency), money(today["marginal_cac"], currency),
               percent(today["repeat_order_share"]), money(today["order_value"], currency),
               f"{today['value_to_cac']:.2f}×", money(today["customer_value"], currency), f"{data['health_score']}/100"]
    revenue = today["revenue"]
    for name, share in today["shares"].items():
        pairs = share.items() if name == "other" else [(name, share)]
        figures += [x for _, s in pairs for x in (percent(s), money(s * revenue, currency))]
    horizon = data["horizon_months"]
    for s in data["strategies"].values():
        end = s["months"][horizon - 1]
        figures += [money(s["value"], currency), money(s["total_profit"], currency), percent(end["net_margin"]),
                    money(end["revenue"], currency)]
    d = data["decision"]
    figures += [money(d["ads_gain"], currency), money(abs(d["pool_gain"]), currency)]
    if d["pool_overtakes_month"]:
        figures.append(str(d["pool_overtakes_month"]))
    for rec in data["recommendations"]:
        figures += [rec["title"], rec["advice"]]
    for key, entry in data["assumptions"].items():
        value = entry["value"]
        if not isinstance(value, bool):
            figures.append(field_value(key, value, currency))
    if "uncertainty" in data:
        u = data["uncertainty"]
        figures += [probability(u["probability_tuning_pays"]), probability(u["probability_pool_pays"])]
    return figures


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", PROFILES, ids=[p.stem for p in PROFILES])
def test_the_report_shows_every_figure_of_the_json(tmp_path, path, lang):
    html = write_report(tmp_path, path, "--lang", lang, "--draws", "300")
    text = "\n".join(parse(html).texts)
    data = evaluate_json(path, "--lang", lang, "--draws", "300")
    missing = [f for f in expected_figures(data, Translator(lang)) if " ".join(f.split()) not in text]
    assert missing == []
    sens = json.loads(cli("sensitivity", path, "--format", "json").stdout)
    t = Translator(lang)
    assert all(t.name("field", r["assumption"]) in text for r in sens["assumptions"][:10])  # the tornado


def test_several_shops_start_with_a_ranked_portfolio_page(tmp_path):
    html = write_report(tmp_path, *PROFILES)
    page = parse(html)
    scores = [evaluate_json(p)["health_score"] for p in PROFILES]
    names = [evaluate_json(p)["shop"]["name"] for p in PROFILES]
    ranked = [name for _, name in sorted(zip(scores, names), key=lambda pair: -pair[0])]
    articles = [attrs["id"] for tag, attrs in page.tags if tag == "article"]
    assert articles == [f"shop-{n}" for n in range(1, len(PROFILES) + 1)]
    assert html.index('class="page portfolio"') < html.index("<article")
    h1 = [t for t in page.texts if t in names]
    assert h1[: len(names)] == ranked  # the portfolio table, healthiest first
    links = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert links == [f"#shop-{n}" for n in range(1, len(PROFILES) + 1)]


def test_nothing_is_fetched_when_the_report_is_viewed(tmp_path):
    html = write_report(tmp_path, *PROFILES, "--draws", "200")
    page = parse(html)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//""", html, re.I)
    assert not re.search(r"@import|url\s*\(", html, re.I)
    assert {tag for tag, _ in page.tags} & {"script", "link", "img", "iframe", "object", "embed"} == set()
    assert all(attrs["href"].startswith("#") for tag, attrs in page.tags if "href" in attrs)
    assert html.count("<svg") >= 5 * len(PROFILES) and "<text" in html  # charts drawn in, with real text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_shipped_profile_in_one_report_stays_under_300_kb(tmp_path, lang):
    html = write_report(tmp_path, *PROFILES, "--lang", lang, "--draws", "1000")
    size = len(html.encode("utf-8"))
    assert size < MAX_BYTES, f"{size / 1024:.0f} KB"
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in html
    assert "@media print" in html and "size: A4" in html


def test_refuses_to_overwrite_without_force_and_an_unknown_extension(tmp_path):
    target = tmp_path / "r.html"
    target.write_text("keep")
    result = cli("report", CROWN, "-o", target)
    assert result.exit_code == 1 and target.read_text() == "keep" and "--force" in result.stderr
    assert cli("report", CROWN, "-o", target, "--force").exit_code == 0 and target.read_text().startswith("<!DOCTYPE")
    result = cli("report", CROWN, "-o", tmp_path / "r.pdf")
    assert result.exit_code == 2 and ".html, .htm" in result.stderr
    assert cli("report", CROWN).exit_code == 2  # -o is required


def test_a_bad_profile_is_reported_and_the_others_still_make_the_report(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("0.30", "3.0"))
    target = tmp_path / "r.html"
    result = cli("report", CROWN, bad, "-o", target)
    assert result.exit_code == 1 and "bad.yaml:" in result.stderr
    assert "Crown womenswear" in target.read_text(encoding="utf-8") and "Test shop" not in target.read_text()


def test_the_report_module_stays_out_of_other_commands():
    import sys

    code = "import advisor.cli, sys; print(sorted(m for m in sys.modules if m.startswith('advisor.output.report.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed (.ci/run installs it where apt-get can)")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chromium_renders_the_report_and_the_screenshot_is_not_blank(tmp_path, lang):
    html = tmp_path / "report.html"
    write_report(tmp_path, CROWN, SNACKS, "--lang", lang, "--draws", "200", name="report.html")
    shot = tmp_path / "shot.png"
    profile = tmp_path / "chromium-profile"
    command = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--no-first-run", "--no-default-browser-check", "--hide-scrollbars", f"--user-data-dir={profile}",
               "--force-device-scale-factor=0.5", "--window-size=900,2400", f"--screenshot={shot}", html.as_uri()]
    env = dict(os.environ, HOME=str(tmp_path))
    subprocess.run(command, capture_output=True, timeout=120, env=env)
    assert shot.exists(), "Chromium wrote no screenshot"
    width, height, rows = png_pixels(shot.read_bytes())
    pixels = [p for row in rows for p in row]
    assert width * height == len(pixels) > 0
    inked = sum(1 for r, g, b in pixels if min(r, g, b) < 200)
    colours = {(r // 16, g // 16, b // 16) for r, g, b in pixels}
    coloured = sum(1 for r, g, b in pixels if max(r, g, b) - min(r, g, b) > 60)  # chart lines, bars, badges
    assert inked > 0.03 * len(pixels), "the page looks blank"
    assert len(colours) > 40 and coloured > 0.002 * len(pixels), "no charts drawn"


def test_the_month_the_pool_pulls_ahead_is_marked_on_the_margin_chart(tmp_path, write):
    path = write(MINIMAL.replace("average_order_value: 220}", "average_order_value: 150, repeat_order_share: 0.45}")
                 + "pool: {order_uplift: 2.2, join_rate: 0.1, churn_ratio: 0.5, monthly_operating_cost: 3000,"
                   " setup_cost: 10000}\n")
    month = evaluate_json(path)["decision"]["pool_overtakes_month"]
    assert month
    html = write_report(tmp_path, path)
    assert 'class="marker"' in html and f"pool ahead from month {month}</text>" in html
