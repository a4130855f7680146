"""Export layouts: which header names each platform's order export uses for each role.

A role is what calibration needs from a column: ``order`` (the order id), ``customer`` (who
bought), ``amount`` (what was paid), ``time`` (when), ``status``, ``refund``, and a few a layout
may add (``aftersale``: an after-sales column whose "refund succeeded" means refunded in full;
``cancelled``: a column that is filled only for cancelled orders; ``currency``). Header names are
compared after Unicode NFKC normalisation (full-width brackets become ASCII), trimming and
lower-casing, so ``商家实收金额（元）`` and ``商家实收金额(元)``, ``Paid at`` and ``Paid At`` are one name.

Each role lists alternatives in order of preference; a customer alternative may be a tuple of
columns read together (recipient name + masked phone, where that is all an export has).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from advisor.calibrate.problems import ExportError, OptionError
from advisor.profile.findings import Trusted

ROLES = ("order", "customer", "amount", "time", "status", "refund")
"""The roles ``--columns`` can map."""
REQUIRED = ("order", "amount", "time")
"""Without these a file cannot be measured at all; without ``customer`` only revenue and order
value can be."""

ID = "id"
CONTACT = "contact"
"""Kinds of customer key: an identifier (member name, email), or contact details standing in for one."""


@dataclass(frozen=True)
class Layout:
    name: str  # --platform value
    platform: str  # the profile's shop.platform
    columns: dict  # role -> alternatives, most preferred first
    signature: tuple = ()  # header names that mark this layout (the more present, the likelier)
    line_amounts: bool = False  # True: each row is a sub-order whose amounts add up; False: one amount per order
    currency: str | None = None  # the currency when the export has no currency column
    contact_keys: tuple = ()  # customer alternatives that are contact details, not identifiers


def _layout(name, platform, columns, signature, **kwargs) -> Layout:
    return Layout(name, platform, columns, tuple(signature), **kwargs)


TAOBAO_CONTACT = (("收货人姓名", "联系手机"), ("收货人姓名", "联系电话"))
PDD_CONTACT = (("收货人", "手机"), ("收货人", "收货人手机号"), ("收货人姓名", "收货人手机号"), ("收货人", "用户购买手机号"))
DOUYIN_CONTACT = (("收件人", "收件人手机号"), ("收件人", "收件人手机"), ("收货人", "收货人手机号"))
WECHAT_CONTACT = (("收件人姓名", "收件人手机"), ("收件人姓名", "收件人手机号"), ("收货人姓名", "收货人手机号"),
                  ("收件人", "手机号"))
WOO_CONTACT = (("First Name (Billing)", "Last Name (Billing)"), ("Billing First Name", "Billing Last Name"),
               ("Customer",), ("Customer Name",))

LAYOUTS: tuple[Layout, ...] = (
    _layout("taobao", "taobao", {
        "order": ("订单编号", "订单号"),
        "customer": ("买家会员名", "买家昵称", "买家会员ID", "买家ID") + TAOBAO_CONTACT,
        "amount": ("买家实际支付金额", "买家实付金额", "买家实际支付金额(元)"),
        "time": ("订单创建时间", "订单付款时间"),
        "status": ("订单状态",),
        "refund": ("退款金额",),
    }, ("买家会员名", "买家实际支付金额", "买家实付金额", "订单付款时间", "订单创建时间", "买家应付货款", "宝贝标题"),
        currency="CNY", contact_keys=TAOBAO_CONTACT),
    _layout("pinduoduo", "pinduoduo", {
        "order": ("订单号", "订单编号"),
        "customer": PDD_CONTACT,
        "amount": ("商家实收金额(元)", "商家实收金额", "用户实付金额(元)", "用户实付金额"),
        "time": ("订单成交时间", "拼单成功时间", "支付时间", "下单时间"),
        "status": ("订单状态",),
        "aftersale": ("售后状态",),
        "refund": ("退款金额(元)", "退款金额"),
    }, ("商家实收金额(元)", "用户实付金额(元)", "订单成交时间", "拼单成功时间", "售后状态", "商品总价(元)"),
        currency="CNY", contact_keys=PDD_CONTACT),
    _layout("douyin", "douyin", {
        "order": ("主订单编号",),
        "customer": ("买家昵称", "用户昵称") + DOUYIN_CONTACT,
        "amount": ("订单应付金额", "应付金额"),
        "time": ("订单提交时间", "下单时间", "支付完成时间"),
        "status": ("订单状态",),
        "aftersale": ("售后状态",),
        "refund": ("退款金额",),
    }, ("主订单编号", "子订单编号", "订单应付金额", "订单提交时间", "选购商品"),
        line_amounts=True, currency="CNY", contact_keys=DOUYIN_CONTACT),
    _layout("wechat", "wechat", {
        "order": ("订单号", "订单编号", "订单ID"),
        "customer": ("买家昵称", "用户昵称", "微信昵称") + WECHAT_CONTACT,
        "amount": ("实付金额", "订单实付金额", "实收金额"),
        "time": ("下单时间", "订单下单时间", "创建时间", "支付时间"),
        "status": ("订单状态",),
        "aftersale": ("售后状态",),
        "refund": ("退款金额",),
    }, ("下单时间", "实付金额", "订单实付金额", "买家昵称", "收件人姓名", "收件人手机"),
        currency="CNY", contact_keys=WECHAT_CONTACT),
    _layout("shopify", "shopify", {
        "order": ("Name", "Id"),
        "customer": ("Email", ("Billing Name",)),
        "amount": ("Total",),
        "time": ("Created at", "Paid at"),
        "status": ("Financial Status",),
        "cancelled": ("Cancelled at",),
        "refund": ("Refunded Amount",),
        "currency": ("Currency",),
    }, ("Name", "Financial Status", "Paid at", "Lineitem name", "Fulfillment Status", "Refunded Amount", "Cancelled at"),
        contact_keys=(("Billing Name",),)),
    _layout("woocommerce", "other", {
        "order": ("Order Number", "Order ID", "Order #", "order_id", "order_number", "Order No"),
        "customer": ("Email (Billing)", "Billing Email", "Customer Email", "billing_email", "customer_email",
                     "Customer User Email") + WOO_CONTACT,
        "amount": ("Order Total Amount", "Order Total", "order_total", "Total", "Net Sales"),
        "time": ("Order Date", "Date Created", "order_date", "Date"),
        "status": ("Order Status", "Status", "order_status"),
        "refund": ("Order Refund Amount", "Refund Amount", "order_refund", "Refunded"),
        "currency": ("Order Currency", "Currency"),
    }, ("Order Total Amount", "Order Status", "Order Date", "Order Number", "Email (Billing)", "First Name (Billing)"),
        contact_keys=WOO_CONTACT),
)
BY_NAME = {layout.name: layout for layout in LAYOUTS}
CUSTOM = Layout("custom", "other", {})
"""The layout of a file read only through ``--columns``."""


def normalize(name: str) -> str:
    """A header name as compared: NFKC, unwrapped (``="x"``, quotes), trimmed, lower-case, single spaces."""
    text = unicodedata.normalize("NFKC", name).strip().lstrip("\ufeff")
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1]
    text = text.strip().strip('"').strip("'").strip()
    return re.sub(r"\s+", " ", text).lower()


@dataclass
class Mapping:
    """One file's columns: which header positions feed each role."""

    layout: Layout
    roles: dict = field(default_factory=dict)  # role -> tuple of column indices (several for a combined key)
    names: dict = field(default_factory=dict)  # role -> the header names, for messages
    customer_kind: str = ID


def _resolve(layout: Layout, index: dict) -> Mapping:
    mapping = Mapping(layout)
    for role, alternatives in layout.columns.items():
        for alternative in alternatives:
            names = alternative if isinstance(alternative, tuple) else (alternative,)
            keys = [normalize(n) for n in names]
            if all(k in index for k in keys):
                mapping.roles[role] = tuple(index[k] for k in keys)
                mapping.names[role] = " + ".join(names)
                if role == "customer" and alternative in layout.contact_keys:
                    mapping.customer_kind = CONTACT
                break
    return mapping


def complete(mapping: Mapping) -> bool:
    return all(role in mapping.roles for role in REQUIRED)


def detect(header: list[str], platform: str = "auto", columns: dict | None = None) -> Mapping | None:
    """The mapping of a header row, or None when no layout (and no ``--columns``) covers it.

    ``platform`` forces a layout; ``columns`` (from ``parse_columns``) overrides single roles and,
    alone, reads any file. Raises ``KeyError`` naming a ``--columns`` column the header lacks.
    """
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        index.setdefault(normalize(name), position)
    candidates = LAYOUTS if platform == "auto" else (BY_NAME[platform],)
    best, best_score = None, 0
    for layout in candidates:
        mapping = _resolve(layout, index)
        hits = sum(normalize(n) in index for n in layout.signature)
        usable = complete(mapping) or (columns and (hits or platform != "auto"))
        score = 100 * hits + len(mapping.roles)
        if usable and (best is None or score > best_score):
            best, best_score = mapping, score
    if columns:
        best = best or Mapping(CUSTOM)
        for role, names in columns.items():
            keys = [normalize(n) for n in names]
            missing = [n for n, k in zip(names, keys) if k not in index]
            if missing:
                raise KeyError(missing[0])
            best.roles[role] = tuple(index[k] for k in keys)
            best.names[role] = " + ".join(names)
            if role == "customer":
                best.customer_kind = CONTACT if len(names) > 1 else ID
    return best if best is not None and complete(best) else None


def parse_columns(text: str | None) -> dict:
    """``order=订单编号,customer=买家会员名,amount=实付金额,time=下单时间`` -> {role: (header names)}.

    ``customer=收件人+手机`` reads two columns together as one key.
    """
    if not text:
        return {}
    mapping: dict[str, tuple[str, ...]] = {}
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        role, sep, names = part.partition("=")
        role = role.strip().lower()
        if not sep or not names.strip():
            raise OptionError("columns-syntax", part=part)
        if role not in ROLES:
            raise OptionError("columns-role", role=role, roles=", ".join(ROLES))
        parts = tuple(n.strip() for n in names.split("+"))
        if (len(parts) > 1 and role != "customer") or not all(parts):
            raise OptionError("columns-plus", part=part)
        mapping[role] = parts
    return mapping


def expected_columns() -> str:
    """For the unknown-layout error: each layout's preferred header names, one layout a line."""
    lines = []
    for layout in LAYOUTS:
        names = []
        for role in ("order", "customer", "amount", "time", "status"):
            alternatives = layout.columns.get(role)
            if alternatives:
                first = alternatives[0]
                names.append(" + ".join(first) if isinstance(first, tuple) else first)
        lines.append(f"  {layout.name}: {', '.join(names)}")
    return "\n".join(lines)


def unknown_layout(file: str, line: int, platform: str, encoding: str) -> ExportError:
    return ExportError(file, line, 1, "export-layout", "export-unknown-layout", expected=Trusted(expected_columns()),
                       platform=platform, encoding=encoding)


def markdown_table() -> str:
    """The layout table of docs/calibrate.md (a test keeps the page equal to this)."""
    roles = ("order", "customer", "amount", "time", "status", "aftersale", "cancelled", "refund", "currency")
    rows = ["| layout | " + " | ".join(roles) + " | rows |", "|---" * (len(roles) + 2) + "|"]
    for layout in LAYOUTS:
        cells = []
        for role in roles:
            alternatives = layout.columns.get(role, ())
            cells.append(" / ".join(" + ".join(a) if isinstance(a, tuple) else a for a in alternatives) or "-")
        kind = "sub-orders, amounts add up" if layout.line_amounts else "one amount per order"
        rows.append(f"| `{layout.name}` | " + " | ".join(cells) + f" | {kind} |")
    return "\n".join(rows)
