"""Synthetic shops written in every platform's layout and encoding (tests/make_exports.py) are
measured within 2 percentage points of what is known about them; the profiles calibrate writes
validate and evaluate; and no customer identifier appears in any output, file or error message."""

import json
import re

import pytest

from advisor.calibration import calibrate
from advisor.i18n.zh import MESSAGES as ZH
from advisor.profile.load import read_file

from conftest import CROWN
from helpers import cli
from make_exports import ENCODINGS, PARTIAL_REFUNDS_SHOWN, Shop, identifiers, simulate, truth, write_exports

SHOP = Shop(new_per_month=200, retention=0.8, repeat_rate=0.3, seed=3)
CASES = [(layout, encoding) for layout, encodings in ENCODINGS.items() for encoding in encodings]
TOLERANCE = 0.02  # two percentage points


@pytest.fixture(scope="module")
def shop():
    return simulate(SHOP)


@pytest.fixture(scope="module")
def exports(shop, tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    return {(layout, encoding): [str(p) for p in write_exports(shop, folder, layout, encoding)] for layout, encoding in CASES}


@pytest.mark.parametrize("layout,encoding", CASES, ids=[f"{a}-{b}" for a, b in CASES])
def test_every_layout_and_encoding_is_measured_within_two_points(shop, exports, layout, encoding):
    known = truth(shop, PARTIAL_REFUNDS_SHOWN.get(layout, True))
    result = calibrate(exports[layout, encoding])
    figures, quality = result["figures"], result["quality"]
    assert [f["layout"] for f in result["files"]] == [layout.split("-")[0]] * 2
    assert {f["encoding"] for f in result["files"]} == {encoding}
    assert figures["repeat_order_share"] == pytest.approx(known["repeat_order_share"], abs=TOLERANCE)
    assert figures["retention_per_month"] == pytest.approx(known["retention_per_month"], abs=TOLERANCE)
    assert figures["monthly_revenue"] == pytest.approx(known["monthly_revenue"], rel=1e-9)
    assert figures["average_order_value"] == pytest.approx(known["average_order_value"], rel=1e-9)
    assert (quality["orders"], quality["customers"]) == (known["orders"], known["customers"])
    assert quality["enough_data"] and quality["dropped"]["duplicates"] > 0
    assert quality["dropped"]["cancelled_or_unpaid"] > 0 and quality["dropped"]["refunded_in_full"] > 0


LAYOUTS = sorted({layout for layout, _ in CASES})


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_updated_profile_validates_and_evaluates(exports, tmp_path, layout):
    profile = tmp_path / "shop.yaml"
    original = CROWN.read_text().replace("currency: CNY", "currency: USD") if layout == "shopify" else CROWN.read_text()
    if layout == "woocommerce":
        original = original.replace("currency: CNY", "currency: EUR")
    profile.write_text(original)
    paths = exports[layout, ENCODINGS[layout][0]]
    result = cli("calibrate", *paths, "--update", profile)
    assert result.exit_code == 0, result.output
    assert "updated" in result.stderr
    loaded, findings = read_file(str(profile))
    assert loaded is not None and not findings, findings
    assert loaded.calibrated == {"sales.monthly_revenue", "sales.average_order_value", "sales.repeat_order_share",
                                 "ads.customer_retention_per_month"}
    assert cli("evaluate", profile).exit_code == 0
    import json

    sources = json.loads(cli("evaluate", profile, "--format", "json").stdout)["assumptions"]
    assert {path for path, entry in sources.items() if entry["source"] == "calibrated"} == loaded.calibrated
    changed = [line for line in profile.read_text().splitlines() if line not in original.splitlines()]
    assert len([line for line in changed if not line.startswith(("calibration:", "  "))]) == 0
    assert sum(line.startswith(("  monthly_revenue:", "  average_order_value:", "  repeat_order_share:",
                                "  customer_retention_per_month:")) for line in changed) == 4


def test_the_new_profile_validates_and_evaluates(exports, tmp_path):
    profile = tmp_path / "new.yaml"
    result = cli("calibrate", *exports["wechat", "gb18030"], "--output", profile)
    assert result.exit_code == 0, result.output
    loaded, findings = read_file(str(profile))
    assert loaded is not None and [f for f in findings if f.is_error] == []
    assert loaded.platform == "wechat" and len(loaded.calibrated) == 4
    assert profile.read_text().count("# measured by advisor calibrate") == 4
    assert cli("evaluate", profile).exit_code == 0
    again = cli("calibrate", *exports["wechat", "gb18030"], "--output", profile)
    assert again.exit_code == 1 and "exists; use --force" in again.stderr


def test_files_of_different_platforms_merge(exports):
    result = calibrate(exports["taobao", "utf-8"] + exports["pinduoduo", "utf-8"])
    single = calibrate(exports["taobao", "utf-8"])
    assert result["platform"] == "other"
    assert result["quality"]["orders"] == 2 * single["quality"]["orders"] and result["currency"] == "CNY"


def test_mixed_currencies_are_refused(exports):
    result = cli("calibrate", *exports["shopify", "utf-8"], *exports["woocommerce", "utf-8"])
    assert result.exit_code == 1 and "mix currencies (EUR, USD)" in result.stderr


# -- privacy ------------------------------------------------------------------------------------
WORD = re.compile(r"[\w@.+*-]+")


def leaked(text: str, secrets: set, names: set) -> list:
    """Identifiers found in ``text``: whole tokens (emails, phones, member names, nicknames) and
    bare Chinese names anywhere (Chinese text has no spaces to split on)."""
    found = {token for token in WORD.findall(text) if token in secrets}
    found |= {name for name in names if name in text}
    return sorted(found)


@pytest.fixture(scope="module")
def secrets(shop):
    names = {c.name for c in shop.customers}
    catalogue = " ".join(ZH.values())
    return identifiers(shop), {n for n in names if n not in catalogue}


def _outputs(exports, tmp_path):
    """Everything calibrate shows or writes, in every layout and language, errors included."""
    texts = []
    for layout in LAYOUTS:
        paths = exports[layout, ENCODINGS[layout][-1]]
        for args in ([], ["--format", "json"], ["--lang", "zh"]):
            result = cli("calibrate", *paths, *args)
            assert result.exit_code == 0, result.output
            texts += [result.stdout, result.stderr]
        written = tmp_path / f"{layout}.yaml"
        result = cli("calibrate", *paths, "--output", written, "--format", "json")
        texts += [result.stdout, result.stderr, written.read_text()]
        updated = tmp_path / f"{layout}-update.yaml"
        updated.write_text(CROWN.read_text())
        result = cli("calibrate", *paths, "--update", updated, "--platform", layout.split("-")[0])
        texts += [result.stdout, result.stderr, updated.read_text()]
    return texts


def _bad_exports(shop, tmp_path):
    """Broken exports built from the synthetic customers' own rows: the errors must not quote them."""
    c = shop.customers[5]
    header = "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,收货人姓名,联系手机\n"
    good = f"1001,{c.member},100.00,交易成功,2024-01-02 10:00:00,{c.name},{c.phone}\n"
    bodies = {
        "ragged": header + good + f"1002,{c.member},{c.name},100.00,交易成功,2024-01-02 10:00:00,{c.name},{c.phone}\n",
        "negative": header + good + f"1003,{c.member},-{c.phone},交易成功,2024-01-02 10:00:00,{c.name},{c.phone}\n",
        "bad-date": header + good + f"1004,{c.member},100.00,交易成功,{c.email},{c.name},{c.phone}\n",
        "bad-money": header + good + f"1005,{c.member},{c.email},交易成功,2024-01-02 10:00:00,{c.name},{c.phone}\n",
        "headerless": good * 3,
        "mapped-wrong": header + good,
    }
    texts = []
    for name, body in bodies.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(body, encoding="utf-8")
        args = ["--columns", "amount=买家会员名,time=收货人姓名"] if name == "mapped-wrong" else []
        result = cli("calibrate", path, *args)
        assert result.exit_code == 1, (name, result.output)
        texts += [result.stdout, result.stderr]
    return texts


def test_no_customer_identifier_is_shown_written_or_quoted(shop, exports, secrets, tmp_path):
    tokens, names = secrets
    assert len(tokens) > 4 * SHOP.new_per_month * SHOP.months
    texts = _outputs(exports, tmp_path) + _bad_exports(shop, tmp_path)
    assert sum(map(len, texts)) > 50_000  # the check has something to look at
    for text in texts:
        assert leaked(text, tokens, names) == []


def test_the_privacy_check_would_see_a_leak(shop, secrets):
    tokens, names = secrets
    c = shop.customers[0]
    assert leaked(f"x {c.email} y", tokens, names) == [c.email]
    assert leaked(f"客户{c.name}下单", tokens, names) == [c.name] or c.name not in names
    assert leaked(json.dumps({"k": c.masked_phone}), tokens, names) == [c.masked_phone]
