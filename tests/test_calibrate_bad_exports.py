"""Bad exports and bad options: one clear line with file:line:column and a rule id, the documented
exit code, never a traceback."""

import json

import pytest

from advisor.calibrate import source

from conftest import CROWN
from helpers import cli, cli_process

HEADER = "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间\n"


def row(number, amount="100.00", when=None, status="交易成功", buyer=None):
    when = when or f"2024-01-{number % 28 + 1:02d} 10:00:00"
    return f"{number},{buyer or f'buyer{number}'},{amount},{status},{when}\n"


GOOD = HEADER + row(1) + row(2)

# (id, file content, extra arguments, rule, (line, column) or None for "no position", exit code)
BAD_EXPORTS = [
    ("ragged-long", GOOD + "3,b,100.00,交易成功,2024-01-03 10:00:00,surplus\n", [], "export-ragged-row", (4, 1), 1),
    ("ragged-short", GOOD + "3,b,100.00\n", [], "export-ragged-row", (4, 1), 1),
    ("unknown-columns", "id,who,paid,when\n1,a,1,2024-01-01\n", [], "export-layout", (1, 1), 1),
    ("forced-platform", GOOD, ["--platform", "shopify"], "export-layout", (1, 1), 1),
    ("empty", "", [], "export-empty", (1, 1), 1),
    ("blank", "\n \n", [], "export-empty", (1, 1), 1),
    ("binary", b"\x00\x01\x02\x03binary", [], "export-binary", (1, 1), 1),
    ("xlsx", b"PK\x03\x04" + b"\x00" * 100, [], "export-format", None, 1),
    ("xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, [], "export-format", None, 1),
    ("cp1252", "Name,Email,Total,Created at\n#1,a@b.c,10.00,2024-01-01\n#2,Café Noël,10.00,2024-01-02\n".encode("cp1252"),
     [], "export-encoding", (3, 1), 1),
    ("dates-in-two-formats", GOOD + row(3, when="05/01/2024 10:00"), [], "export-date-mixed", (4, 5), 1),
    ("day-month-conflict", HEADER + row(1, when="25/01/2024") + row(2, when="01/25/2024"), [], "export-date-order-mixed",
     (3, 5), 1),
    ("not-a-date", GOOD + row(3, when="soon"), [], "export-date", (4, 5), 1),
    ("negative-amount", GOOD + row(3, amount="-100.00"), [], "export-negative", (4, 3), 1),
    ("not-money", GOOD + row(3, amount="lots"), [], "export-money", (4, 3), 1),
    ("unclosed-quote", HEADER + '1,"never closed,100.00\n' + ("x" * 1000 + "\n") * 200, [], "export-cell-too-long", (2, 1), 1),
    ("missing-mapped-column", GOOD, ["--columns", "amount=实收金额"], "export-layout", (1, 1), 1),
    ("nothing-paid", HEADER + row(1, status="交易关闭") + row(2, status="等待买家付款"), [], "export-no-orders", None, 1),
    ("header-only", HEADER, [], "export-no-orders", None, 1),
]


@pytest.mark.parametrize("name,content,args,rule,position,code", BAD_EXPORTS, ids=[b[0] for b in BAD_EXPORTS])
def test_bad_export(tmp_path, name, content, args, rule, position, code):
    path = tmp_path / f"{name}.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    result = cli("calibrate", path, *args)
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert f"[{rule}]" in lines[0] or f"[{rule}]" in result.stderr, result.stderr
    where = f"{path}:{position[0]}:{position[1]}: error:" if position else f"{path}: error:"
    assert result.stderr.startswith(where), result.stderr


@pytest.mark.parametrize("noise", ["\n", ",,,,\n", " \n", ",\n", "\t\n"], ids=["empty", "commas", "space", "comma", "tab"])
def test_blank_rows_are_no_rows(tmp_path, noise):
    path = tmp_path / "x.csv"
    path.write_text(HEADER + row(1) + noise + row(2) + noise)
    result = cli("calibrate", path, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["quality"]["rows"] == 2 and data["quality"]["orders"] == 2
    assert "incomplete-orders" not in [w["code"] for w in data["warnings"]]


def test_positions_after_blank_rows_are_exact(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(HEADER + row(1) + " \n" + "\n" + row(2) + row(3, amount="-1"))
    result = cli("calibrate", path)
    assert result.exit_code == 1 and result.stderr.startswith(f"{path}:6:3: error:"), result.stderr


def test_unknown_layout_lists_what_was_expected(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("id,who,paid,when\n1,a,1,2024-01-01\n")
    message = cli("calibrate", path).stderr
    assert "taobao: 订单编号, 买家会员名, 买家实际支付金额, 订单创建时间, 订单状态" in message
    assert "shopify: Name, Email, Total, Created at, Financial Status" in message
    assert "--columns order=" in message


def test_a_missing_file_and_a_directory(tmp_path):
    result = cli("calibrate", tmp_path / "nope.csv")
    assert result.exit_code == 1 and result.stderr.startswith(f"{tmp_path / 'nope.csv'}: error: no such file")
    result = cli("calibrate", tmp_path)
    assert result.exit_code == 1 and "is a directory" in result.stderr


def test_a_nul_byte_far_into_the_file_is_found_on_its_line(tmp_path):
    rows = "".join(row(i) for i in range(1, 6001))  # past the first 256 KiB read to sniff the encoding
    path = tmp_path / "x.csv"
    path.write_bytes((HEADER + rows).encode() + b"9,\x00\x00,1.00,x,2024-01-01\n")
    result = cli("calibrate", path)
    assert result.exit_code == 1 and result.stderr.startswith(f"{path}:6002:1: error:") and "[export-binary]" in result.stderr


def test_an_overlong_line_is_refused_without_reading_it_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(source, "MAX_LINE", 1000)
    path = tmp_path / "x.csv"
    path.write_text(GOOD + "3," + "x" * 5000 + "\n" + row(4))
    result = cli("calibrate", path)
    assert result.exit_code == 1 and result.stderr.startswith(f"{path}:4:1: error:")
    assert "[export-line-too-long]" in result.stderr and "1000 characters" in result.stderr


def test_a_line_of_several_megabytes(tmp_path):
    path = tmp_path / "x.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(GOOD)
        fh.write("y" * (3 * source.MAX_LINE))  # and never a line end: a "1 GB line" in small
    result = cli("calibrate", path)
    assert result.exit_code == 1 and result.stderr.startswith(f"{path}:4:1: error:"), result.stderr
    assert "[export-line-too-long]" in result.stderr


def test_ascii_first_and_gb18030_later_is_read_as_gb18030(tmp_path):
    header = "Name,Email,Total,Created at\n"
    rows = "".join(f"#{i},buyer{i}@example.com,10.00,2024-01-{i % 28 + 1:02d} 10:00:00\n" for i in range(9000))
    path = tmp_path / "x.csv"
    path.write_bytes((header + rows + "#9001,买家@example.com,12.00,2024-02-01 10:00:00\n").encode("gb18030"))
    result = cli("calibrate", path, "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"encoding": "gb18030"' in result.stdout


def test_utf8_then_another_encoding_is_an_error_on_its_line(tmp_path):
    text = HEADER + "".join(row(i, buyer=f"买家{i}") for i in range(1, 8000))
    path = tmp_path / "x.csv"
    path.write_bytes(text.encode("utf-8") + row(8000, buyer="买家").encode("gb18030"))
    result = cli("calibrate", path)
    assert result.exit_code == 1 and result.stderr.startswith(f"{path}:8001:"), result.stderr
    assert "[export-encoding]" in result.stderr and "utf-8" in result.stderr


@pytest.mark.parametrize("args,fragment", [
    (["--columns", "price=x"], "unknown role 'price'"),
    (["--columns", "amount"], "is not ROLE=COLUMN"),
    (["--columns", "amount=a+b"], "only customer may join"),
    (["--output", "a.yaml", "--update", "b.yaml"], "--output or --update, not both"),
    (["--platform", "jd"], "Invalid value"),
])
def test_bad_options_are_usage_errors(tmp_path, args, fragment):
    path = tmp_path / "x.csv"
    path.write_text(GOOD)
    result = cli("calibrate", path, *args)
    assert result.exit_code == 2 and fragment in result.output


def test_updating_an_invalid_profile_writes_nothing(tmp_path):
    exports = tmp_path / "x.csv"
    exports.write_text(GOOD)
    profile = tmp_path / "bad.yaml"
    profile.write_text("shop: {name: x}\n")
    result = cli("calibrate", exports, "--update", profile)
    assert result.exit_code == 1 and "required key 'sales' is missing" in result.stderr
    assert profile.read_text() == "shop: {name: x}\n"


def test_updating_a_profile_in_another_currency_is_refused(tmp_path):
    exports = tmp_path / "x.csv"
    exports.write_text(HEADER + "".join(row(i, when=f"2024-{m:02d}-{d:02d} 10:00:00") for i, (m, d) in
                                        enumerate([(1, 1), (1, 31), (2, 1), (2, 29)], 1)))
    profile = tmp_path / "shop.yaml"
    profile.write_text(CROWN.read_text().replace("currency: CNY", "currency: USD"))
    before = profile.read_text()
    result = cli("calibrate", exports, "--update", profile)
    assert result.exit_code == 1 and "is in USD but the exports are in CNY" in result.stderr
    assert profile.read_text() == before


def test_nothing_measured_means_nothing_written(tmp_path):
    exports = tmp_path / "x.csv"
    exports.write_text(GOOD)  # two days: no complete month
    profile = tmp_path / "shop.yaml"
    profile.write_text(CROWN.read_text())
    result = cli("calibrate", exports, "--update", profile)
    assert result.exit_code == 1 and "nothing was measured" in result.stderr
    assert profile.read_text() == CROWN.read_text()
    result = cli("calibrate", exports, "--output", tmp_path / "new.yaml")
    assert result.exit_code == 1 and "at least one complete calendar month" in result.stderr
    assert not (tmp_path / "new.yaml").exists()


@pytest.mark.parametrize("name", ["binary", "ragged-long", "negative-amount", "unknown-columns"])
def test_no_traceback_in_a_real_process(tmp_path, name):
    content = {b[0]: b[1] for b in BAD_EXPORTS}[name]
    path = tmp_path / "x.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    proc = cli_process("calibrate", path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and proc.stderr.startswith(str(path))


def test_chinese_error_lines(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(GOOD + row(3, amount="-1"))
    result = cli("calibrate", path, "--lang", "zh")
    assert result.exit_code == 1 and "金额为负" in result.stderr and "错误" in result.stderr
