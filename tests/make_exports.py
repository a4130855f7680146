"""Synthetic order exports with known repeat behaviour, in every platform layout and encoding.

    python tests/make_exports.py OUTDIR [--new-per-month 500] [--months 24] [--seed 1]

writes OUTDIR/<layout>-<encoding>/part-1.csv and part-2.csv (two overlapping exports) for every
layout and encoding, and OUTDIR/truth.json with the figures each must measure.

The shop follows the model advisor projects with (docs/model.md): each month ``new_per_month``
customers place a first order; every customer still with the shop places Poisson(``repeat_rate``)
repeat orders a month and stays to the next month with probability ``retention``. Orders are then
cancelled, left unpaid, refunded in full or in part at fixed rates, split into line items, and
written in each platform's layout: its header names, status words, id wrapping, one row per line
item where the platform does that, and the order-level cells only on the first line item
(Shopify). The two parts overlap by three months; in the overlap, the later part carries later
news (an order paid in part 1 is refunded in part 2), as real exports do.

The truth is counted from the generator's own records -- the real customer behind each order --
with the rules docs/calibrate.md states (paid orders, refunds netted, the last three full months),
so a measurement that matches it read every layout right. ``retention`` is the model's parameter.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import pathlib
from dataclasses import dataclass, field

import numpy as np

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "华", "慧"]
LATIN = ["li", "wang", "zhang", "chen", "emma", "liam", "olivia", "noah", "ava", "mia", "lucas", "zoe"]


@dataclass
class Shop:
    new_per_month: int = 500
    months: int = 24
    retention: float = 0.8
    repeat_rate: float = 0.3
    order_value: float = 160.0
    seed: int = 1
    start: datetime.date = datetime.date(2022, 1, 1)
    cancelled: float = 0.04
    unpaid: float = 0.03
    refunded: float = 0.02
    partial: float = 0.05


@dataclass
class Order:
    number: int
    customer: int
    time: datetime.datetime
    items: list  # amounts of the line items (they add up to the order's amount)
    fate: str  # paid, cancelled, unpaid, refunded, partial
    refund: float = 0.0  # for partial: the refunded amount (the last item's amount)
    later_refund: bool = False  # paid in part 1, refunded in part 2

    @property
    def amount(self) -> float:
        return round(sum(self.items), 2)


@dataclass
class Customer:
    name: str
    member: str  # a platform member name
    nickname: str
    email: str
    phone: str  # full
    masked_phone: str


@dataclass
class Simulation:
    shop: Shop
    orders: list = field(default_factory=list)
    customers: list = field(default_factory=list)


def _month_start(start: datetime.date, month: int) -> datetime.datetime:
    year, index = divmod(start.month - 1 + month, 12)
    return datetime.datetime(start.year + year, index + 1, 1)


def _customer(i: int, rng) -> Customer:
    name = SURNAMES[rng.integers(len(SURNAMES))] + GIVEN[rng.integers(len(GIVEN))]
    latin = LATIN[rng.integers(len(LATIN))]
    phone = f"1{30 + i // 10000:02d}{rng.integers(1000, 9999)}{i % 10000:04d}"
    return Customer(name=name, member=f"{name}{i:05d}", nickname=f"{latin}爱买{i:05d}", email=f"{latin}.{i:05d}@example.com",
                    phone=phone, masked_phone=phone[:3] + "****" + phone[-4:])


def simulate(shop: Shop) -> Simulation:
    rng = np.random.default_rng(shop.seed)
    sim = Simulation(shop)
    alive: list[int] = []
    number = 100000
    for month in range(shop.months):
        begin, end = _month_start(shop.start, month), _month_start(shop.start, month + 1)
        seconds = int((end - begin).total_seconds())
        for _ in range(shop.new_per_month):
            sim.customers.append(_customer(len(sim.customers), rng))
        newcomers = range(len(sim.customers) - shop.new_per_month, len(sim.customers))
        events = []
        for i, c in enumerate(newcomers):  # the very first order opens the shop on the 1st
            offset = 0 if (month == 0 and i == 0) else int(rng.integers(seconds))
            events.append((c, offset, month == 0 and i == 0))
        alive += list(newcomers)
        for c, repeats in zip(alive, rng.poisson(shop.repeat_rate, len(alive))):
            events += [(c, int(rng.integers(seconds)), False) for _ in range(repeats)]
        if month == shop.months - 1:  # an order on the last day: the last month is complete
            events.append((alive[0], seconds - 60, True))
        for c, offset, sure in events:
            number += int(rng.integers(1, 4))
            value = float(np.round(rng.lognormal(np.log(shop.order_value), 0.6), 2))
            count = int(rng.integers(1, 4))
            parts = np.round(value * rng.dirichlet(np.ones(count)), 2) if count > 1 else np.array([value])
            fate = "paid" if sure else rng.choice(
                ["paid", "cancelled", "unpaid", "refunded", "partial"],
                p=[1 - shop.cancelled - shop.unpaid - shop.refunded - shop.partial, shop.cancelled, shop.unpaid,
                   shop.refunded, shop.partial])
            order = Order(number, c, begin + datetime.timedelta(seconds=offset), [max(0.5, float(p)) for p in parts],
                          str(fate))
            if order.fate == "partial":
                order.items = order.items if len(order.items) > 1 else order.items + [round(order.items[0] * 0.3, 2)]
                order.refund = order.items[-1]
            sim.orders.append(order)
        survive = rng.random(len(alive)) < shop.retention
        alive = [c for c, s in zip(alive, survive) if s]
    overlap = _overlap(shop)
    for order in sim.orders:  # some orders of the overlap were refunded after part 1 was exported
        if order.fate == "paid" and overlap[0] <= order.time < overlap[1] and order.number % 37 == 0:
            order.fate, order.later_refund = "refunded", True
    sim.orders.sort(key=lambda o: o.time)
    return sim


def _overlap(shop: Shop) -> tuple[datetime.datetime, datetime.datetime]:
    middle = shop.months // 2
    return _month_start(shop.start, middle - 1), _month_start(shop.start, middle + 2)


def truth(sim: Simulation, partial_refunds: bool = True) -> dict:
    """The figures calibrate must find, counted from the generator's records.

    ``partial_refunds``: the layout shows partial refunds (Pinduoduo's export has no refund amount,
    so there a partly refunded order counts at its full amount).
    """
    shop = sim.shop
    paid = [o for o in sim.orders if o.fate in ("paid", "partial")]
    seen: set = set()
    window_start = _month_start(shop.start, shop.months - 3)
    orders = repeats = 0
    net = 0.0
    for o in paid:  # in time order: a customer's first paid order is not a repeat
        repeat = o.customer in seen
        seen.add(o.customer)
        if o.time >= window_start:
            orders += 1
            repeats += repeat
            net += o.amount - (o.refund if partial_refunds and o.fate == "partial" else 0)
    return {"monthly_revenue": net / 3, "average_order_value": net / orders, "repeat_order_share": repeats / orders,
            "retention_per_month": shop.retention, "customers": len(seen), "orders": len(paid)}


# -- layouts ---------------------------------------------------------------------------------------
def _fmt(t: datetime.datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S")


def _money(value: float) -> str:
    return f"{value:.2f}"


def taobao(sim: Simulation, order: Order, part: int, new_spelling: bool = False) -> list[dict]:
    c = sim.customers[order.customer]
    fate = "paid" if order.later_refund and part == 1 else order.fate
    status = {"paid": "交易成功", "partial": "交易成功", "cancelled": "交易关闭", "unpaid": "等待买家付款",
              "refunded": "交易关闭"}[fate]
    refund = {"refunded": order.amount, "partial": order.refund}.get(fate, 0.0)
    amount = f"{order.amount:,.2f}" if order.amount >= 1000 else _money(order.amount)
    return [{"订单编号": f'="{order.number}"', "买家会员名": c.member, "买家支付宝账号": c.email,
             "买家应付货款": _money(order.amount), "买家应付邮费": "0.00", "总金额": _money(order.amount),
             ("买家实付金额" if new_spelling else "买家实际支付金额"): amount, "订单状态": status,
             "买家留言": f"请尽快发货 {c.name}", "收货人姓名": c.name,
             "收货地址": f"浙江省 杭州市 西湖区 文三路{order.customer % 500}号",
             "联系手机": f"'{c.phone}", "订单创建时间": _fmt(order.time),
             "订单付款时间": "" if fate in ("unpaid", "cancelled") else _fmt(order.time + datetime.timedelta(minutes=2)),
             "宝贝标题": "春季新款连衣裙", "宝贝种类": str(len(order.items)), "退款金额": _money(refund)}]


def pinduoduo(sim: Simulation, order: Order, part: int) -> list[dict]:
    c = sim.customers[order.customer]
    fate = "paid" if order.later_refund and part == 1 else order.fate
    status = {"paid": "已签收", "partial": "已签收", "cancelled": "已取消", "unpaid": "待支付", "refunded": "已签收"}[fate]
    after = "退款成功" if fate == "refunded" else "无售后或售后取消"
    return [{"商品": "抽纸 10包", "订单号": f"{order.time:%y%m%d}-{order.number}", "订单状态": status,
             "商品总价(元)": _money(order.amount), "店铺优惠折扣(元)": "0.00", "平台优惠折扣(元)": "0.00",
             "邮费(元)": "0.00", "用户实付金额(元)": _money(order.amount), "商家实收金额（元）": _money(order.amount),
             "商品数量(件)": str(len(order.items)), "收货人": c.name, "手机": c.masked_phone, "省": "广东省", "市": "深圳市",
             "区": "南山区", "街道": f"科技园{order.customer % 300}栋", "拼单成功时间": _fmt(order.time),
             "订单成交时间": _fmt(order.time), "售后状态": after, "商家备注": ""}]


def douyin(sim: Simulation, order: Order, part: int) -> list[dict]:
    c = sim.customers[order.customer]
    fate = "paid" if order.later_refund and part == 1 else order.fate
    status = {"paid": "已完成", "partial": "已完成", "cancelled": "已关闭", "unpaid": "待支付", "refunded": "已完成"}[fate]
    rows = []
    for i, item in enumerate(order.items):
        refunded = fate == "refunded" or (fate == "partial" and i == len(order.items) - 1)
        rows.append({"主订单编号": str(order.number), "子订单编号": f"{order.number}{i:02d}", "选购商品": "精华液 30ml",
                     "商品规格": "标准装", "商品数量": "1", "商品单价": _money(item), "订单应付金额": _money(item), "运费": "0",
                     "收件人": c.name, "收件人手机号": c.masked_phone, "省": "上海", "市": "上海市",
                     "详细地址": f"浦东新区 {order.customer % 400}弄", "订单提交时间": _fmt(order.time),
                     "支付完成时间": "" if fate in ("unpaid", "cancelled") else _fmt(order.time), "订单状态": status,
                     "售后状态": "退款成功" if refunded else "-"})
    return rows


def wechat(sim: Simulation, order: Order, part: int) -> list[dict]:
    c = sim.customers[order.customer]
    fate = "paid" if order.later_refund and part == 1 else order.fate
    status = {"paid": "已完成", "partial": "已完成", "cancelled": "已取消", "unpaid": "待付款", "refunded": "已完成"}[fate]
    refund = {"refunded": order.amount, "partial": order.refund}.get(fate, 0.0)
    return [{"订单号": str(order.number), "下单时间": order.time.strftime("%Y/%m/%d %H:%M"),
             "支付时间": "" if fate in ("unpaid", "cancelled") else order.time.strftime("%Y/%m/%d %H:%M"), "订单状态": status,
             "商品名称": "土鸡蛋 30枚", "商品数量": str(len(order.items)), "商品总价": _money(order.amount), "运费": "0.00",
             "实付金额": f"¥{order.amount:,.2f}", "收件人姓名": c.name, "收件人手机": c.masked_phone,
             "收件地址": f"北京市朝阳区{order.customer % 200}号院", "买家昵称": c.nickname,
             "售后状态": "退款成功" if fate == "refunded" else ("部分退款" if fate == "partial" else ""),
             "退款金额": _money(refund) if refund else ""}]


def shopify(sim: Simulation, order: Order, part: int) -> list[dict]:
    c = sim.customers[order.customer]
    fate = "paid" if order.later_refund and part == 1 else order.fate
    financial = {"paid": "paid", "partial": "partially_refunded", "cancelled": "voided", "unpaid": "pending",
                 "refunded": "refunded"}[fate]
    refund = {"refunded": order.amount, "partial": order.refund}.get(fate, 0.0)
    rows = []
    for i, item in enumerate(order.items):
        first = i == 0
        rows.append({"Name": f"#{order.number}", "Email": c.email, "Financial Status": financial if first else "",
                     "Paid at": _fmt(order.time) + " +0800" if first and fate != "unpaid" else "",
                     "Fulfillment Status": "fulfilled" if first else "", "Currency": "USD",
                     "Subtotal": _money(order.amount) if first else "", "Shipping": "0.00" if first else "",
                     "Taxes": "0.00" if first else "", "Total": _money(order.amount) if first else "",
                     "Created at": _fmt(order.time) + " +0800", "Lineitem quantity": "1", "Lineitem name": "Green tea 250g",
                     "Lineitem price": _money(item), "Billing Name": c.name if first else "",
                     "Billing Phone": c.phone if first else "",
                     "Cancelled at": _fmt(order.time) + " +0800" if first and fate == "cancelled" else "",
                     "Refunded Amount": _money(refund) if first else "", "Phone": c.phone if first else ""})
    return rows


def woocommerce(sim: Simulation, order: Order, part: int) -> list[dict]:
    c = sim.customers[order.customer]
    fate = "paid" if order.later_refund and part == 1 else order.fate
    status = {"paid": "Completed", "partial": "Completed", "cancelled": "Cancelled", "unpaid": "Pending payment",
              "refunded": "Refunded"}[fate]
    refund = order.refund if fate == "partial" else 0.0
    return [{"Order Number": str(order.number), "Order Status": status, "Order Date": order.time.strftime("%d/%m/%Y %H:%M"),
             "First Name (Billing)": c.name[:1], "Last Name (Billing)": c.name[1:], "Email (Billing)": c.email,
             "Phone (Billing)": c.phone, "Order Total Amount": f"{order.amount:,.2f}".replace(",", " ").replace(".", ","),
             "Order Refund Amount": f"{refund:.2f}".replace(".", ","), "Item #": str(i + 1), "Item Name": "Notebook A5",
             "Quantity": "1", "Item Cost": f"{item:.2f}".replace(".", ","), "Order Currency": "EUR"}
            for i, item in enumerate(order.items)]


LAYOUTS = {"taobao": taobao, "taobao-new": lambda s, o, p: taobao(s, o, p, new_spelling=True), "pinduoduo": pinduoduo,
           "douyin": douyin, "wechat": wechat, "shopify": shopify, "woocommerce": woocommerce}
CHINESE = ("utf-8", "utf-8-sig", "gb18030")
ENCODINGS = {"taobao": CHINESE, "taobao-new": ("gb18030",), "pinduoduo": CHINESE, "douyin": CHINESE, "wechat": CHINESE,
             "shopify": ("utf-8", "utf-8-sig"), "woocommerce": ("utf-8", "utf-8-sig")}
DELIMITERS = {"woocommerce": ";"}
PARTIAL_REFUNDS_SHOWN = {"pinduoduo": False}


def export_text(sim: Simulation, layout: str, part: int) -> str:
    """One part of the export: part 1 ends with the overlap, part 2 starts with it."""
    overlap = _overlap(sim.shop)
    rows = []
    for order in sim.orders:
        if (part == 1 and order.time < overlap[1]) or (part == 2 and order.time >= overlap[0]):
            rows += LAYOUTS[layout](sim, order, part)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=DELIMITERS.get(layout, ","), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_exports(sim: Simulation, directory: pathlib.Path, layout: str, encoding: str) -> list[pathlib.Path]:
    folder = directory / f"{layout}-{encoding}"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for part in (1, 2):
        path = folder / f"part-{part}.csv"
        path.write_bytes(export_text(sim, layout, part).encode(encoding))
        paths.append(path)
    return paths


def identifiers(sim: Simulation) -> set:
    """Every customer identifier the exports contain: names, member names, nicknames, emails, phones."""
    found = set()
    for c in sim.customers:
        found |= {c.member, c.nickname, c.email, c.phone, c.masked_phone}
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir", type=pathlib.Path)
    parser.add_argument("--new-per-month", type=int, default=Shop.new_per_month)
    parser.add_argument("--months", type=int, default=Shop.months)
    parser.add_argument("--seed", type=int, default=Shop.seed)
    args = parser.parse_args()
    sim = simulate(Shop(new_per_month=args.new_per_month, months=args.months, seed=args.seed))
    truths = {}
    for layout, encodings in ENCODINGS.items():
        for encoding in encodings:
            write_exports(sim, args.outdir, layout, encoding)
        truths[layout] = truth(sim, PARTIAL_REFUNDS_SHOWN.get(layout, True))
    (args.outdir / "truth.json").write_text(json.dumps(truths, indent=2))
    print(f"wrote {sum(map(len, ENCODINGS.values()))} exports of {len(sim.orders)} orders to {args.outdir}")


if __name__ == "__main__":
    main()
