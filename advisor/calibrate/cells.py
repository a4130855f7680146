"""Cells to numbers, a chunk at a time: order ids, hashed customer keys, money, dates, statuses.

Each converter takes one column of a chunk (a sequence of strings) and returns a numpy array; the
common case (plain numbers, ISO dates) goes through one C-level pass, and only a chunk that needs
it takes the slower cell-by-cell path. A cell that is empty (or ``-``, ``无``, ``N/A`` ...) is "not
given"; a filled cell that cannot be read raises ``CellError`` with its index in the chunk.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from functools import partial
from operator import methodcaller

import numpy as np

EMPTY = frozenset({"", "-", "--", "—", "null", "none", "n/a", "na", "nan", "nat", "无", "暂无", "空"})
"""Cells that mean "not given"."""

UNUSABLE_KEYS = EMPTY | frozenset({"匿名", "匿名用户", "anonymous", "guest", "游客", "unknown", "未知"})
"""Customer keys that name nobody in particular."""

_BLANK_IDS = EMPTY | {e.upper() for e in EMPTY} | {e.title() for e in EMPTY}

WRAPPING = "='\"\t "
"""Excel-protecting wrappers around ids: ``="3412..."``, a leading apostrophe, a leading tab."""

KEEP, DROP, REFUNDED = 1, 2, 3
UNKNOWN = 0
"""Order status codes. DROP: cancelled, closed or never paid. REFUNDED: refunded in full."""

PARTIAL_WORDS = ("partial", "部分")
REFUND_WORDS = ("refunded", "退款成功", "已退款", "全额退款", "退款完成")
DROP_WORDS = ("关闭", "取消", "待付款", "待支付", "未付款", "等待买家付款", "已失效", "cancel", "void", "pending", "unpaid",
              "failed", "on-hold", "on hold", "draft", "expired", "trash", "closed", "abandon")

MIN_YEAR, MAX_YEAR = 1990, 2100
"""Order dates outside these years are misread cells (an Excel serial number read as a year)."""


class CellError(ValueError):
    """A filled cell that cannot be read: ``index`` in the chunk and the message key's ending."""

    def __init__(self, index: int, problem: str, **params: object) -> None:
        super().__init__(problem)
        self.index = index
        self.problem = problem
        self.params = params


def unwrap(text: str) -> str:
    """``="3412"`` / ``'3412`` / ``\\t3412`` -> ``3412``."""
    return text.strip().lstrip(WRAPPING).rstrip('"').strip()


def order_ids(column, namespace: int) -> tuple[np.ndarray, np.ndarray]:
    """64-bit ids of the order id cells and a mask of the rows that have one.

    Order ids identify orders, not people; they are hashed only to be compact. ``namespace``
    keeps order 1001 of one platform apart from order 1001 of another.
    """
    ids = [cell.strip().lstrip(WRAPPING).rstrip('" ') for cell in column]
    hashed = np.fromiter(map(hash, ids), dtype=np.int64, count=len(ids)) ^ np.int64(namespace)
    if _BLANK_IDS.isdisjoint(ids):
        return hashed, np.ones(len(ids), dtype=bool)
    return hashed, np.fromiter((i.lower() not in EMPTY for i in ids), dtype=bool, count=len(ids))


def _normalized(values) -> list[str]:
    """Keys as compared: trimmed, unwrapped, NFKC-normalised, case-folded (one C-level pass each;
    the unwrapping pass only when some key is wrapped)."""
    texts = list(map(str.strip, values))
    if any(mark in "\x00".join(texts) for mark in "='\"\t"):
        texts = list(map(methodcaller("rstrip", '" '), map(methodcaller("lstrip", WRAPPING), texts)))
    return list(map(str.casefold, map(partial(unicodedata.normalize, "NFKC"), texts)))


def _facts(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per normalised key: usable (names somebody), masked (has ``*``), visible characters."""
    count = len(texts)
    length = np.fromiter(map(len, texts), dtype=np.int64, count=count)
    usable = np.ones(count, dtype=bool)
    unusable = UNUSABLE_KEYS.intersection(texts)
    if unusable:
        usable = np.fromiter((t not in unusable for t in texts), dtype=bool, count=count)
    if "*" not in "\x00".join(texts):  # nothing masked (most exports): no per-key counting
        return usable, np.zeros(count, dtype=bool), length
    core = np.fromiter(map(bool, map(methodcaller("strip", "*_- "), texts)), dtype=bool, count=count)
    stars = np.fromiter(map(methodcaller("count", "*"), texts), dtype=np.int64, count=count)
    return usable & core, stars > 0, length - stars


def _hashes(texts: list[str], salt: bytes) -> np.ndarray:
    """The first 64 bits of SHA-256(salt + key) of each key, as int64 (never 0: 0 means "no key")."""
    payloads = map(salt.__add__, map(methodcaller("encode", "utf-8"), texts))
    digests = b"".join(map(methodcaller("digest"), map(hashlib.sha256, payloads)))
    hashed = np.frombuffer(digests, dtype=np.uint8).reshape(-1, 32)[:, :8].copy().view("<i8").ravel()
    hashed[hashed == 0] = 1
    return hashed


def customer_keys(columns: list, salt: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Salted SHA-256 (first 64 bits) of each row's customer key, whether it is masked, and how many
    characters of it are visible; hash 0 where a row has no usable key. Keys are compared trimmed,
    unwrapped, NFKC-normalised and case-folded (``Alice@Example.com`` is ``alice@example.com``).
    Several columns (recipient + masked phone) are read as one key, usable when every part is.

    The raw keys live only inside this call: each distinct value of the chunk is normalised and
    hashed once, and only the hashes leave.
    """
    count = len(columns[0])
    usable = np.ones(count, dtype=bool)
    masked = np.zeros(count, dtype=bool)
    visible = np.zeros(count, dtype=np.int64)
    parts = []
    for column in columns:
        distinct = dict.fromkeys(column)
        texts = _normalized(distinct)
        for i, value in enumerate(distinct):
            distinct[value] = i
        index = np.fromiter(map(distinct.__getitem__, column), dtype=np.int64, count=count)
        ok, star, shown = _facts(texts)
        usable &= ok[index]
        masked |= star[index]
        visible += shown[index]
        parts.append((texts, index))
    if len(parts) == 1:
        texts, index = parts[0]
        hashed = _hashes(texts, salt)[index]
    else:
        joined = list(map("\x1f".join, zip(*(map(texts.__getitem__, index.tolist()) for texts, index in parts))))
        distinct = dict.fromkeys(joined)
        for i, value in enumerate(distinct):
            distinct[value] = i
        hashed = _hashes(list(distinct), salt)[np.fromiter(map(distinct.__getitem__, joined), dtype=np.int64, count=count)]
    hashed[~usable] = 0
    return hashed, masked & usable, np.minimum(visible, 255).astype(np.uint8) * usable


_MONEY_JUNK = re.compile(r"[¥￥$€£\s\u00a0]|rmb|cny|usd|eur|gbp|hkd|元")


def money_value(cell: str) -> float | None:
    """One money cell: NaN when empty, None when unreadable. ``¥1,234.50``, ``1.234,50 €``, ``(12.00)``."""
    text = unwrap(cell).lower()
    if text in EMPTY:
        return float("nan")
    text = _MONEY_JUNK.sub("", text)
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()")
    if "," in text and "." in text:  # the later one is the decimal point
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    elif "," in text:  # 1,234 and 1,234,567 group thousands; 12,5 is a decimal comma
        text = text.replace(",", "") if re.fullmatch(r"-?\d{1,3}(,\d{3})+", text) else text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return -value if negative else value


_AS_NAN: dict[str, str] = {cell: "nan" for cell in EMPTY} | {cell.upper(): "nan" for cell in EMPTY}


def money(column) -> np.ndarray:
    """Amounts of a column; NaN where empty. Raises ``CellError`` at the first unreadable cell.

    Plain numbers and empty cells (Shopify's line items after the first) take one C-level pass;
    anything else (currency signs, separators) the cell-by-cell reading."""
    try:
        plain: Iterator[str] = map(_AS_NAN.get, column, column)  # an empty cell becomes "nan", others stay
        values = np.fromiter(map(float, plain), dtype=np.float64, count=len(column))
        if not np.isinf(values).any():
            return values
    except ValueError:
        pass
    out = np.empty(len(column))
    for i, cell in enumerate(column):
        value = money_value(cell)
        if value is None:
            raise CellError(i, "money")
        out[i] = value
    return out


_Y_FIRST = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(.*)")
_Y_LAST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(.*)")
_CLOCK = re.compile(r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([ap]m)?)?"
                    r"\s*(?:z|utc|gmt|[+-]\d{2}:?\d{2}|\(?[a-z]{3,4}\)?)?\s*", re.IGNORECASE)
YEAR_FIRST, DAY_FIRST, MONTH_FIRST = "year-first", "day-first", "month-first"


class Dates:
    """Date cells of one file. ISO dates (``2024-03-01 10:00:00``, with ``T``, an offset or
    without a time) go through numpy in one pass; the rest are read cell by cell: ``2024/3/1
    9:05``, ``2024年3月1日``, and day/month/year dates, whose order the file itself decides (a
    first number over 12 means day-first, a second one over 12 month-first). Mixing year-first
    with year-last dates, or day-first with month-first, is an error: such a file has been
    edited by hand or by a spreadsheet, and any reading of it would be a guess.
    """

    def __init__(self) -> None:
        self.style: str | None = None  # YEAR_FIRST or "year-last", the file's first
        self.order: str | None = None  # DAY_FIRST or MONTH_FIRST, for year-last dates

    def parse(self, column) -> np.ndarray:
        if self.style in (None, YEAR_FIRST):
            try:
                values = np.array([cell[:19] for cell in column], dtype="datetime64[s]")
                years = values[~np.isnat(values)].astype("datetime64[Y]").astype(np.int64) + 1970
                if years.size == 0 or (years.min() >= MIN_YEAR and years.max() <= MAX_YEAR):
                    self.style = self.style or (YEAR_FIRST if years.size else None)
                    return values
            except ValueError:
                pass
        return self._slow(column)

    def _slow(self, column) -> np.ndarray:
        parsed: list = []
        pending: list[int] = []  # year-last cells whose day/month order is not known yet
        for i, cell in enumerate(column):
            text = unwrap(cell)
            if text.lower() in EMPTY:
                parsed.append(None)
                continue
            match = _Y_FIRST.fullmatch(text)
            style = YEAR_FIRST
            if match is None:
                match = _Y_LAST.fullmatch(text)
                style = "year-last"
            clock = _CLOCK.fullmatch(match.group(4)) if match else None
            if match is None or clock is None:
                raise CellError(i, "date")
            if self.style is None:
                self.style = style
            elif style != self.style:
                raise CellError(i, "date-mixed", first=self.style, other=style)
            a, b, c = (int(g) for g in match.groups()[:3])
            if style == YEAR_FIRST:
                ymd = (a, b, c)
            else:
                if a > 12 or b > 12:
                    order = DAY_FIRST if a > 12 else MONTH_FIRST
                    if self.order is None:
                        self.order = order
                    elif order != self.order:
                        raise CellError(i, "date-order-mixed")
                if self.order is None:
                    pending.append(i)
                ymd = (c, b, a) if self.order == DAY_FIRST else (c, a, b)
            parsed.append((ymd, clock.groups()))
        if pending and self.order is None:
            raise CellError(pending[0], "date-order-unknown")
        seconds = np.empty(len(parsed), dtype="datetime64[s]")
        for i, item in enumerate(parsed):
            if item is None:
                seconds[i] = np.datetime64("NaT")
                continue
            (year, month, day), (hour, minute, second, half) = item
            if i in pending:
                year, month, day = (year, day, month) if self.order == DAY_FIRST else (year, month, day)
            seconds[i] = _timestamp(i, year, month, day, hour, minute, second, half)
        return seconds


def _timestamp(i, year, month, day, hour, minute, second, half) -> np.datetime64:
    hour, minute, second = int(hour or 0), int(minute or 0), int(second or 0)
    if half:
        if not 1 <= hour <= 12:
            raise CellError(i, "date")
        hour = hour % 12 + (12 if half.lower() == "pm" else 0)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CellError(i, "date")
    try:
        moment = datetime.datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise CellError(i, "date") from None
    return np.datetime64(moment, "s")


def classify_status(text: str, aftersale: bool = False) -> int:
    """The status code a status cell means. An after-sales cell only ever says "refunded"."""
    value = unwrap(text).lower()
    if value in EMPTY:
        return UNKNOWN
    if any(word in value for word in PARTIAL_WORDS):
        return UNKNOWN if aftersale else KEEP
    if any(word in value for word in REFUND_WORDS):
        return REFUNDED
    if aftersale:
        return UNKNOWN
    return DROP if any(word in value for word in DROP_WORDS) else KEEP


def statuses(column, aftersale: bool = False) -> np.ndarray:
    codes: dict[str, int] = {}
    for cell in set(column):
        codes[cell] = classify_status(cell, aftersale)
    return np.fromiter(map(codes.__getitem__, column), dtype=np.int8, count=len(column))


def filled(column) -> np.ndarray:
    """True where a cell is given (a ``Cancelled at`` time, for instance)."""
    blank = {cell for cell in set(column) if unwrap(cell).lower() in EMPTY}
    return ~np.fromiter(map(blank.__contains__, column), dtype=bool, count=len(column))
