"""Reading export cells and headers: money, ids, dates, statuses, hashed customer keys, layouts."""

import numpy as np
import pytest

from advisor.calibrate import PLATFORM_CHOICES, cells, layouts
from advisor.calibrate.problems import OptionError

from conftest import ROOT

SALT = b"0123456789abcdef"


@pytest.mark.parametrize("text,expected", [
    ("128.00", 128.0), ("1,280.50", 1280.5), ("¥1,280.50", 1280.5), ("￥99", 99.0), ("$12.5", 12.5),
    ("1 234,50", 1234.5), ("1.234,50", 1234.5), ("12,5", 12.5), ("1,234,567", 1234567.0), ("128.00元", 128.0),
    ("RMB 88", 88.0), ("(12.00)", -12.0), ('="56.00"', 56.0), ("'77", 77.0), ("  3.5 ", 3.5),
], ids=lambda v: str(v))
def test_money_cells(text, expected):
    assert cells.money_value(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "-", "--", "无", "N/A", "null"])
def test_empty_money_is_not_given(text):
    assert np.isnan(cells.money_value(text))


@pytest.mark.parametrize("text", ["abc", "12abc", "inf", "nan%", "1e400"])
def test_unreadable_money_is_an_error(text):
    with pytest.raises(cells.CellError) as caught:
        cells.money(["10.00", text, "12.00"])
    assert caught.value.index == 1


def test_money_fast_path_equals_the_cell_by_cell_reading():
    column = [f"{v:.2f}" for v in np.linspace(0, 5000, 101)]
    fast = cells.money(column)
    slow = np.array([cells.money_value(c) for c in column])
    assert np.array_equal(fast, slow)
    mixed = cells.money(column + ["¥1,000.00", ""])
    assert np.array_equal(mixed[:-2], fast) and mixed[-2] == 1000 and np.isnan(mixed[-1])


@pytest.mark.parametrize("wrapped", ['="3412977012"', "'3412977012", "\t3412977012", " 3412977012 ", '"3412977012"'])
def test_wrapped_order_ids_are_one_id(wrapped):
    ids, present = cells.order_ids([wrapped, "3412977012"], namespace=7)
    assert ids[0] == ids[1] and present.all()


def test_empty_order_ids_are_marked_missing():
    _, present = cells.order_ids(["1", "", "-", "NULL"], namespace=0)
    assert present.tolist() == [True, False, False, False]


def test_namespace_keeps_platforms_apart():
    assert cells.order_ids(["1001"], 1)[0][0] != cells.order_ids(["1001"], 2)[0][0]


def _dates(column, dates=None):
    return (dates or cells.Dates()).parse(column).astype("datetime64[s]").astype(str).tolist()


@pytest.mark.parametrize("text,expected", [
    ("2024-03-01 10:05:07", "2024-03-01T10:05:07"), ("2024-03-01T10:05:07+08:00", "2024-03-01T10:05:07"),
    ("2024-03-01 10:05:07 +0800", "2024-03-01T10:05:07"), ("2024-03-01", "2024-03-01T00:00:00"),
    ("2024/3/1 9:05", "2024-03-01T09:05:00"), ("2024年3月1日 09:05:07", "2024-03-01T09:05:07"),
    ("2024.03.01", "2024-03-01T00:00:00"), ('="2024-03-01 10:05:07"', "2024-03-01T10:05:07"),
], ids=lambda v: str(v))
def test_year_first_dates(text, expected):
    assert _dates([text]) == [expected]


def test_day_first_dates_are_decided_by_the_file():
    assert _dates(["05/03/2024 10:00", "25/03/2024 10:00"]) == ["2024-03-05T10:00:00", "2024-03-25T10:00:00"]
    assert _dates(["03/05/2024 1:00 PM", "03/25/2024 10:00 AM"]) == ["2024-03-05T13:00:00", "2024-03-25T10:00:00"]


def test_the_date_order_carries_over_chunks():
    dates = cells.Dates()
    _dates(["25/03/2024"], dates)
    assert _dates(["05/03/2024"], dates) == ["2024-03-05T00:00:00"]


@pytest.mark.parametrize("column,problem", [
    (["2024-03-01", "05/03/2024"], "date-mixed"),
    (["25/03/2024", "03/25/2024"], "date-order-mixed"),
    (["03/04/2024", "05/06/2024"], "date-order-unknown"),
    (["2024-02-30"], "date"), (["yesterday"], "date"), (["45000"], "date"), (["2024-03-01 25:00"], "date"),
])
def test_bad_dates_are_errors(column, problem):
    with pytest.raises(cells.CellError) as caught:
        cells.Dates().parse(column)
    assert caught.value.problem == problem


def test_empty_dates_are_not_given():
    values = cells.Dates().parse(["2024-03-01", "", "-"])
    assert np.isnat(values).tolist() == [False, True, True]


@pytest.mark.parametrize("text,code", [
    ("交易成功", cells.KEEP), ("卖家已发货，等待买家确认", cells.KEEP), ("交易关闭", cells.DROP), ("等待买家付款", cells.DROP),
    ("已取消", cells.DROP), ("待支付", cells.DROP), ("未发货，退款成功", cells.REFUNDED), ("paid", cells.KEEP),
    ("partially_refunded", cells.KEEP), ("refunded", cells.REFUNDED), ("voided", cells.DROP), ("pending", cells.DROP),
    ("Pending payment", cells.DROP), ("Completed", cells.KEEP), ("On hold", cells.DROP), ("", cells.UNKNOWN),
])
def test_status_words(text, code):
    assert cells.classify_status(text) == code


@pytest.mark.parametrize("text,code", [("退款成功", cells.REFUNDED), ("无售后或售后取消", cells.UNKNOWN),
                                       ("部分退款", cells.UNKNOWN), ("", cells.UNKNOWN)])
def test_after_sales_words_only_ever_mean_refunded(text, code):
    assert cells.classify_status(text, aftersale=True) == code


def test_customer_keys_compare_normalised():
    hashes, masked, visible = cells.customer_keys([["Alice@Example.com", " alice@example.com", '="alice@example.com"',
                                                    "ＡＬＩＣＥ@example.com", "bob@example.com"]], SALT)
    assert len(set(hashes[:4].tolist())) == 1 and hashes[4] != hashes[0]
    assert not masked.any() and visible[0] == len("alice@example.com")


def test_customer_keys_depend_on_the_salt():
    assert cells.customer_keys([["alice"]], SALT)[0][0] != cells.customer_keys([["alice"]], b"another salt....")[0][0]


def test_unusable_customer_keys_have_no_hash():
    hashes, _, _ = cells.customer_keys([["", "-", "匿名", "***", "guest", "t**8"]], SALT)
    assert hashes.tolist()[:5] == [0, 0, 0, 0, 0] and hashes[5] != 0


def test_masked_keys_count_their_visible_characters():
    _, masked, visible = cells.customer_keys([["t**8", "tb12***89"]], SALT)
    assert masked.tolist() == [True, True] and visible.tolist() == [2, 6]


def test_a_composite_key_needs_every_part():
    names = ["王芳", "王芳", "", "王芳"]
    phones = ["138****1234", "", "138****1234", "138****9999"]
    hashes, masked, visible = cells.customer_keys([names, phones], SALT)
    assert hashes[0] != 0 and hashes[1] == 0 and hashes[2] == 0 and hashes[3] not in (0, hashes[0])
    assert masked[0] and visible[0] == 2 + 7


def test_key_hashes_never_hold_the_key():
    hashes, _, _ = cells.customer_keys([["alice@example.com"]], SALT)
    assert hashes.dtype == np.int64 and "alice" not in repr(hashes)


HEADERS = {
    "taobao": ["订单编号", "买家会员名", "买家支付宝账号", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间",
               "退款金额"],
    "taobao-new": ["订单编号", "买家会员名", "买家实付金额", "订单状态", "订单创建时间", "退款金额"],
    "pinduoduo": ["商品", "订单号", "订单状态", "商家实收金额（元）", "收货人", "手机", "订单成交时间", "售后状态"],
    "douyin": ["主订单编号", "子订单编号", "订单应付金额", "收件人", "收件人手机号", "订单提交时间", "订单状态", "售后状态"],
    "wechat": ["订单号", "下单时间", "订单状态", "实付金额", "收件人姓名", "收件人手机", "买家昵称", "退款金额"],
    "shopify": ["Name", "Email", "Financial Status", "Paid at", "Total", "Created at", "Lineitem name", "Cancelled at",
                "Refunded Amount", "Currency"],
    "woocommerce": ["Order Number", "Order Status", "Order Date", "Email (Billing)", "Order Total Amount", "Order Currency"],
}


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_layouts_are_recognised_from_the_header(name):
    mapping = layouts.detect(HEADERS[name])
    assert mapping is not None and mapping.layout.name == name.split("-")[0]
    assert set(layouts.REQUIRED) <= set(mapping.roles) and "customer" in mapping.roles


def test_contact_details_stand_in_for_a_customer_id():
    assert layouts.detect(HEADERS["pinduoduo"]).customer_kind == layouts.CONTACT
    assert layouts.detect(HEADERS["wechat"]).customer_kind == layouts.ID  # the nickname comes first
    assert layouts.detect(HEADERS["taobao"]).names["amount"] == "买家实际支付金额"


def test_header_names_compare_loosely():
    header = ["  订单编号 ", '="买家会员名"', "买家实付金额", "订单创建时间"]
    assert layouts.detect(header).layout.name == "taobao"
    assert layouts.detect(["NAME", "email", "TOTAL", "Created At"]).layout.name == "shopify"


def test_unknown_header_is_none_and_a_forced_platform_must_fit():
    assert layouts.detect(["id", "who", "paid", "when"]) is None
    assert layouts.detect(HEADERS["shopify"], platform="taobao") is None
    assert layouts.detect(HEADERS["shopify"], platform="shopify").layout.name == "shopify"


def test_columns_read_any_export():
    mapping = layouts.detect(["id", "who", "phone", "paid", "when"],
                             columns=layouts.parse_columns("order=id,customer=who+phone,amount=paid,time=when"))
    assert mapping.layout is layouts.CUSTOM and mapping.roles["customer"] == (1, 2)
    assert mapping.customer_kind == layouts.CONTACT


def test_columns_override_one_role_of_a_known_layout():
    mapping = layouts.detect(HEADERS["taobao"], columns=layouts.parse_columns("customer=买家支付宝账号"))
    assert mapping.layout.name == "taobao" and mapping.roles["customer"] == (2,)


def test_a_columns_name_the_header_lacks_is_reported():
    with pytest.raises(KeyError, match="实收"):
        layouts.detect(HEADERS["taobao"], columns={"amount": ("实收",)})


@pytest.mark.parametrize("text,key", [("order", "columns-syntax"), ("price=x", "columns-role"),
                                      ("amount=a+b", "columns-plus"), ("order=", "columns-syntax")])
def test_bad_columns_are_usage_errors(text, key):
    with pytest.raises(OptionError) as caught:
        layouts.parse_columns(text)
    assert caught.value.message_key == key and caught.value.exit_code == 2


def test_platform_choices_are_the_layouts():
    assert PLATFORM_CHOICES == ("auto", *layouts.BY_NAME)


def test_expected_columns_name_every_layout():
    text = layouts.expected_columns()
    assert all(f"  {layout.name}: " in text for layout in layouts.LAYOUTS)


def test_layout_doc_table_is_generated_from_the_layouts():
    doc = (ROOT / "docs" / "calibrate.md").read_text()
    assert f"<!-- layouts:start -->\n{layouts.markdown_table()}\n<!-- layouts:end -->" in doc
