"""Number formatting shared by the renderers: money in the profile's currency, percents.

The currency symbols follow the stream the text goes to (``for_stream``): a GBK console has no
"¥" (U+00A5) but has the full-width "￥" (U+FFE5), and a symbol a stream cannot show at all
gives way to the currency's code ("1,234 EUR"). Choosing before the layout keeps tables aligned:
"￥" is two cells wide.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

CURRENCY_SYMBOLS = {"CNY": "¥", "RMB": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥",
                    "HKD": "HK$", "TWD": "NT$", "SGD": "S$", "KRW": "₩", "AUD": "A$", "CAD": "C$"}
FULL_WIDTH_SYMBOLS = {"¥": "￥", "£": "￡", "₩": "￦"}
"""The full-width forms East Asian encodings have where they lack the plain symbol."""

_symbols: ContextVar[dict] = ContextVar("currency_symbols", default=CURRENCY_SYMBOLS)


def symbols_for(encoding: str | None) -> dict:
    """Currency code -> the symbol a stream in ``encoding`` can show (codes without one are left
    out, so money falls back to "1,234 EUR"). No encoding (an in-memory buffer): the plain symbols."""
    if not encoding:
        return CURRENCY_SYMBOLS
    chosen = {}
    for code, symbol in CURRENCY_SYMBOLS.items():
        for candidate in (symbol, FULL_WIDTH_SYMBOLS.get(symbol)):
            if candidate and encodable(candidate, encoding):
                chosen[code] = candidate
                break
    return chosen


def encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


@contextmanager
def for_stream(stream):
    """Format money for ``stream`` (by its ``encoding``) inside the ``with`` block."""
    token = _symbols.set(symbols_for(getattr(stream, "encoding", None)))
    try:
        yield
    finally:
        _symbols.reset(token)


def money(value: float, currency: str | None, decimals: int = 0) -> str:
    """Money with the currency's symbol the stream can show, else its code after the number (no
    currency: the bare number); ``decimals`` for prices (0 for totals)."""
    symbol = _symbols.get().get(currency or "")
    digits = f"{abs(value):,.{decimals}f}"
    text = f"{symbol}{digits}" if symbol else (f"{digits} {currency}" if currency else digits)
    return "-" + text if value < 0 and digits.strip("0.,") else text


def compact_money(value: float, currency: str, lang: str = "en") -> str:
    """Short money for tables: 1.2M / 95.3k in English, 120万 / 1.2亿 in Chinese."""
    symbol = _symbols.get().get(currency, "")
    size = abs(value)
    units: tuple[tuple[float, str], ...]
    if lang == "zh":
        units = ((1e8, "亿"), (1e4, "万"))
    else:
        units = ((1e9, "B"), (1e6, "M"), (1e3, "k"))
    text = f"{size:,.0f}"
    for scale, unit in units:
        if size >= scale:
            text = f"{size / scale:.1f}{unit}"
            break
    shown = text
    text = f"{symbol}{text}" if symbol else f"{text} {currency}"
    return "-" + text if value < 0 and shown != "0" else text


def percent(value: float, digits: int = 1) -> str:
    text = f"{value * 100:.{digits}f}"
    if text.lstrip("-").strip("0.") == "":  # no "-0.0%"
        text = text.lstrip("-")
    return text + "%"


def probability(value: float) -> str:
    """A probability from draws as a whole percent; "> 99%" and "< 1%" at the ends, where a finite
    number of draws cannot tell 99.98% from certainty."""
    if value > 0.99:
        return "> 99%"
    if value < 0.01:
        return "< 1%"
    return percent(value, 0)


def plain_number(value: float) -> str:
    """A number without a unit (a multiple, an elasticity, a count): thousands separated, at
    most three significant digits below 100."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def field_value(path: str, value, currency: str) -> str:
    """A profile key's value as its kind says: shares and rates as percents, money in the
    currency, other numbers plain (``costs.other.*`` are shares)."""
    from advisor.profile import fields

    if isinstance(value, bool):
        return "true" if value else "false"
    field = fields.BY_PATH.get(path)
    kind = fields.SHARE if field is None and path.startswith(fields.OTHER_COSTS + ".") else getattr(field, "kind", None)
    if kind in (fields.SHARE, fields.RATE):
        return percent(value, 2 if 0 < abs(value) < 0.01 else 1)
    if kind == fields.MONEY:
        return money(value, currency) if abs(value) >= 100 or value == int(value) else _money_cents(value, currency)
    if kind == fields.INTEGER:
        return f"{int(value):,}"
    return plain_number(value)


def _money_cents(value: float, currency: str) -> str:
    """Small money with its cents (a ¥1.76 cost per member is not ¥2)."""
    symbol = _symbols.get().get(currency)
    digits = f"{abs(value):,.2f}"
    text = f"{symbol}{digits}" if symbol else f"{digits} {currency}"
    return "-" + text if value < 0 else text
